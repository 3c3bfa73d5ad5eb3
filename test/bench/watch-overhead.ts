/**
 * The watch -> handler path without a network: the same recorded watch events (`total` updates
 * round-robin over 100 pods, in 16 KB chunks) fed to kubekit's informer factory (through a
 * RESTClient on an in-memory HttpTransport), to kubekit's watch stream alone (the raw loop's
 * Map cache over `Request.watch()`), and to the raw loop (split lines, `JSON.parse`, a Map by
 * namespace/name without managedFields). Client CPU per update, median of `rounds` rotated
 * rounds, and the ratios to raw. Isolates the client's cost from the server and the machine's
 * network stack (scenario 2 of the harness measures it over HTTPS).
 *
 *   npx tsx --conditions=@kubekit/source test/bench/watch-overhead.ts [rounds] [updates]
 */
import { newSharedInformerFactory } from '@kubekit/cache';
import { RESTClient, type HttpTransport, type HttpTransportResponse } from '@kubekit/rest';
import { Readable } from 'node:stream';
import { setImmediate as turn } from 'node:timers/promises';
import { benchPod, type BenchPod } from './bench-pod';
import { loadAverage, summarize } from './harness';
import { applyWatchEvent, rawWatchLoop, type InformerOptions } from './informers';

const rounds = Number(process.argv[2] ?? 12);
const total = Number(process.argv[3] ?? 3000);
const pods = 100;
const namespace = 'watch';
const chunkBytes = 16_384;

const watched = Array.from({ length: pods }, (_, i) =>
  benchPod(i, namespace, 'owner-uid', `watched-${i}`),
);
let resourceVersion = 1000;
for (const pod of watched) pod.metadata!.resourceVersion = String(resourceVersion++);
const line = (event: object) => `${JSON.stringify(event)}\n`;
/** What a watch-list sends first: every pod, then the initial-events-end bookmark. */
const initialEvents =
  watched.map((object) => line({ type: 'ADDED', object })).join('') +
  line({
    type: 'BOOKMARK',
    object: {
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        resourceVersion: String(resourceVersion - 1),
        annotations: { 'k8s.io/initial-events-end': 'true' },
      },
    },
  });
const updates = Buffer.from(
  Array.from({ length: total }, (_, i) => {
    const object = structuredClone(watched[i % pods]!);
    object.metadata!.resourceVersion = String(resourceVersion + i);
    object.metadata!.annotations = { ...object.metadata!.annotations, 'bench/seq': String(i) };
    return line({ type: 'MODIFIED', object });
  }).join(''),
);
const chunks: Buffer[] = [];
for (let at = 0; at < updates.length; at += chunkBytes)
  chunks.push(updates.subarray(at, at + chunkBytes));

const newBody = () =>
  Object.assign(new Readable({ read() {} }), {
    arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)),
  });

/** The body of the last watch request the in-memory transport answered. */
let watchBody: Readable | undefined;
const transport: HttpTransport = {
  request(req): Promise<HttpTransportResponse> {
    if (!req.path.includes('watch=true')) throw new Error(`unexpected request ${req.path}`);
    const body = newBody();
    watchBody = body;
    body.push(initialEvents);
    req.signal?.addEventListener('abort', () => body.destroy());
    return Promise.resolve({ statusCode: 200, headers: {}, body });
  },
  close: () => Promise.resolve(),
  destroy: () => Promise.resolve(),
};
const client = new RESTClient(
  { server: 'https://in-memory.test', qps: Infinity, warningHandler: null },
  { transport },
);

/** A handler that resolves `done` once every pod's last update was seen. */
function lastUpdates(): { onUpdate(pod: BenchPod): void; done: Promise<void> } {
  const last = new Map<string, number>();
  for (let i = 0; i < total; i++) last.set(`watched-${i % pods}`, i);
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return {
    done,
    onUpdate(pod) {
      const name = pod.metadata!.name!;
      const want = last.get(name);
      if (want === undefined || Number(pod.metadata!.annotations!['bench/seq']) < want) return;
      last.delete(name);
      if (last.size === 0) resolve();
    },
  };
}

/** Feeds the updates chunk by chunk (an event-loop turn between chunks, as a socket would). */
async function feed(body: Readable): Promise<void> {
  for (const chunk of chunks) {
    body.push(chunk);
    await turn();
  }
}

/** Client CPU per update (µs) of feeding the updates into `body` until `done`. */
async function measure(body: Readable, done: Promise<void>): Promise<number> {
  const before = process.cpuUsage();
  await feed(body);
  await done;
  const used = process.cpuUsage(before);
  return (used.user + used.system) / total;
}

/** What the raw loop and the stream-only loop apply each event with (as the harness's raw client). */
const rawOptions = (onUpdate: (pod: BenchPod) => void): InformerOptions => ({
  namespace,
  keepManagedFields: false,
  onUpdate,
});

async function informer(): Promise<number> {
  const factory = newSharedInformerFactory({
    client,
    namespace,
    watchErrorHandler: () => undefined,
  });
  const { informer } = factory.forResource<BenchPod>({
    group: '',
    version: 'v1',
    resource: 'pods',
  });
  const handler = lastUpdates();
  informer.addEventHandler({ onUpdate: (_old, pod) => handler.onUpdate(pod) });
  const stop = new AbortController();
  factory.start({ signal: stop.signal });
  await factory.waitForCacheSync(stop.signal);
  const cpu = await measure(watchBody!, handler.done);
  stop.abort();
  await factory.shutdown();
  return cpu;
}

async function stream(): Promise<number> {
  const cache = new Map<string, BenchPod>();
  const handler = lastUpdates();
  const options = rawOptions(handler.onUpdate);
  const events = await client
    .get()
    .namespace(namespace)
    .resource('pods')
    .param('resourceVersion', '1')
    .watch<BenchPod>();
  const loop = (async () => {
    for await (const event of events) applyWatchEvent(event, options, cache);
  })();
  await turn();
  const cpu = await measure(watchBody!, handler.done);
  events.close();
  await loop;
  return cpu;
}

async function raw(): Promise<number> {
  const body = newBody();
  const handler = lastUpdates();
  const loop = rawWatchLoop(body, rawOptions(handler.onUpdate), new Map());
  body.push(initialEvents);
  await turn();
  const cpu = await measure(body, handler.done);
  body.destroy();
  await loop;
  return cpu;
}

async function main(): Promise<void> {
  console.log(`load average at the start ${loadAverage()}`);
  const runs: Record<string, () => Promise<number>> = { informer, stream, raw };
  const names = Object.keys(runs);
  const samples = new Map<string, number[]>(names.map((n) => [n, []]));
  for (let round = 0; round < rounds + 1; round++) {
    for (let i = 0; i < names.length; i++) {
      const n = names[(i + round) % names.length]!;
      const cpu = await runs[n]!();
      if (round > 0) samples.get(n)!.push(cpu); // round 0 warms up
    }
  }
  const rawMedian = summarize(samples.get('raw')!).median;
  for (const n of names) {
    const { median, spread } = summarize(samples.get(n)!);
    console.log(
      `${n}: client CPU per update ${median.toFixed(1)} µs (±${((spread / 2) * 100).toFixed(0)}%), ` +
        `${(median / rawMedian).toFixed(3)}x raw`,
    );
  }
  console.log(`load average at the end ${loadAverage()}`);
}

await main();
