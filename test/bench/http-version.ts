/**
 * HTTP/1.1 against HTTP/2 to a real cluster, measured side by side: the numbers behind the
 * protocol @kubekit/rest speaks (packages/rest/README.md, "HTTP/1.1"). Two undici Pools made as
 * kubekit's transport makes its pool (the cluster's CA and bearer token from the kubeconfig, the
 * same keep-alive and timeouts), one offering only `http/1.1` in ALPN, one also `h2` (undici's
 * default, which kube-apiserver picks); rounds alternate which goes first.
 *
 *   KUBECONFIG=... npx tsx --conditions=@kubekit/source test/bench/http-version.ts [rounds]
 *
 * Cases: GET of one ConfigMap at concurrency 1 and 32 (requests per second, client CPU per
 * request); watches from resourceVersion 0 of a namespace of `objects` ConfigMaps, 1 and 50 at
 * once (events per second until every watch has delivered every object); connections opened.
 * Prints the medians per case with the load average. Seeds and deletes namespace `http-version`.
 */
import { loadConfig, RESTClient } from '@kubekit/rest';
import { buildConnector, Pool } from 'undici';
import { loadAverage, summarize } from './harness';

const rounds = Number(process.argv[2] ?? 9);
const objects = 500;
const namespace = 'http-version';
const protocols = ['http/1.1', 'h2'] as const;
type Protocol = (typeof protocols)[number];

const config = loadConfig();
if (!config.bearerToken || !config.caData)
  throw new Error('the kubeconfig must carry a bearer token and certificate-authority-data');
const headers = { authorization: `Bearer ${config.bearerToken}`, accept: 'application/json' };

/** A pool as kubekit's transport makes it, offering `protocol` in ALPN; counts connections. */
function newPool(protocol: Protocol): { pool: Pool; connections: () => number } {
  let connections = 0;
  const connect = buildConnector({ ca: config.caData, allowH2: protocol === 'h2' });
  const pool = new Pool(config.server, {
    connect: (options, callback) => {
      connections++;
      connect(options, callback);
    },
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 60_000,
  });
  return { pool, connections: () => connections };
}

async function get(pool: Pool, path: string): Promise<void> {
  const res = await pool.request({ method: 'GET', path, headers });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET ${path}: HTTP ${res.statusCode} ${text}`);
  JSON.parse(text);
}

/** `total` GETs over `concurrency` workers; requests per second and client CPU µs per request. */
async function getCase(pool: Pool, total: number, concurrency: number) {
  const path = `/api/v1/namespaces/${namespace}/configmaps/cm-0`;
  let started = 0;
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started++ < total) await get(pool, path);
    }),
  );
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { perSecond: (total * 1000) / ms, cpuUs: (used.user + used.system) / total };
}

/** `watches` watches from resourceVersion 0; events per second until each has every object. */
async function watchCase(pool: Pool, watches: number) {
  const path = `/api/v1/namespaces/${namespace}/configmaps?watch=1&resourceVersion=0`;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: watches }, async () => {
      const controller = new AbortController();
      const res = await pool.request({ method: 'GET', path, headers, signal: controller.signal });
      let lines = 0;
      try {
        for await (const chunk of res.body as AsyncIterable<Buffer>) {
          for (const byte of chunk) if (byte === 10) lines++;
          if (lines >= objects) break;
        }
      } finally {
        res.body.destroy();
      }
    }),
  );
  return { perSecond: (watches * objects * 1000) / (performance.now() - t0) };
}

async function main(): Promise<void> {
  const client = new RESTClient({ ...config, qps: -1 });
  console.log(`server ${config.server}, load average at the start ${loadAverage()}`);
  const ns = client.post().resource('namespaces');
  await ns
    .body({ metadata: { name: namespace } })
    .do()
    .catch(() => undefined);
  const data = { payload: 'x'.repeat(1024) };
  for (let i = 0; i < objects; i += 50)
    await Promise.all(
      Array.from({ length: 50 }, (_, j) =>
        client
          .post()
          .namespace(namespace)
          .resource('configmaps')
          .body({ metadata: { name: `cm-${i + j}` }, data })
          .do()
          .catch(() => undefined),
      ),
    );
  const cases: Record<string, (pool: Pool) => Promise<{ perSecond: number; cpuUs?: number }>> = {
    'GET c=1 (200 requests)': (pool: Pool) => getCase(pool, 200, 1),
    'GET c=32 (800 requests)': (pool: Pool) => getCase(pool, 800, 32),
    [`watch x1 (${objects} events)`]: (pool: Pool) => watchCase(pool, 1),
    [`watch x50 (${50 * objects} events)`]: (pool: Pool) => watchCase(pool, 50),
  };
  const samples = new Map<string, number[]>();
  const add = (key: string, value: number) =>
    samples.set(key, [...(samples.get(key) ?? []), value]);
  for (const [name, run] of Object.entries(cases)) {
    const pools = Object.fromEntries(protocols.map((p) => [p, newPool(p)])) as Record<
      Protocol,
      ReturnType<typeof newPool>
    >;
    for (const p of protocols) await run(pools[p].pool); // warm-up (connections, JIT)
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < protocols.length; i++) {
        const p = protocols[(i + round) % protocols.length]!;
        const result = await run(pools[p].pool);
        add(`${name} ${p} per s`, result.perSecond);
        if (result.cpuUs !== undefined) add(`${name} ${p} cpu`, result.cpuUs);
      }
    }
    const median = (key: string) => summarize(samples.get(key)!).median;
    const [h1, h2] = protocols.map((p) => median(`${name} ${p} per s`));
    const cpu = name.startsWith('GET')
      ? `; client CPU per request h1 ${median(`${name} http/1.1 cpu`).toFixed(0)} µs, ` +
        `h2 ${median(`${name} h2 cpu`).toFixed(0)} µs`
      : '';
    console.log(
      `${name}: per second h1 ${h1!.toFixed(0)}, h2 ${h2!.toFixed(0)}, h2 / h1 ` +
        `${(h2! / h1!).toFixed(2)}${cpu}; connections h1 ${pools['http/1.1'].connections()}, ` +
        `h2 ${pools.h2.connections()}; load ${loadAverage()}`,
    );
    await Promise.all(protocols.map((p) => pools[p].pool.close()));
  }
  await client.delete().resource('namespaces').name(namespace).do();
  await client.close();
  console.log(`load average at the end ${loadAverage()}`);
}

await main();
