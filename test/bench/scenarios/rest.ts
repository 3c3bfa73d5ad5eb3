/**
 * Scenario 4: REST calls per second at concurrency 1 and 32, over HTTPS and plain HTTP, and the
 * client CPU each call costs (the overhead over the raw limit is the difference of those).
 *
 * GET reads one ~4 KB pod; CREATE posts a new pod (cleared after each sample); UPDATE PUTs one
 * pod per worker unconditionally; LIST(500) reads a page of 500 pods (~2 MB).
 * kubekit: RESTClient's request builder; client-node: CoreV1Api; raw: undici Pool + JSON.parse.
 */
import type { V1Pod } from '@kubernetes/client-node';
import { createBody, type BenchPod } from '../bench-pod';
import { clientNames, rawJson, type ClientName, type Clients } from '../clients';
import { serverOf, type BenchContext, type Scenario } from '../context';
import { interleaved, rowsOf, timed } from '../harness';
import type { Transport } from '../server-protocol';

type Op = 'GET' | 'CREATE' | 'UPDATE' | 'LIST(500)';
const ops: Op[] = ['GET', 'CREATE', 'UPDATE', 'LIST(500)'];
const concurrencies = [1, 32] as const;
const ns = { rest: 'rest', list: 'rest-list', create: 'rest-create' };
const pods = '/api/v1/namespaces';

/** One call of `op` by `client`: request `i` of a sample, made by worker `worker`. */
type Call = (i: number, worker: number) => Promise<unknown>;

function callFor(op: Op, client: ClientName, c: Clients, sample: number, owners: Owners): Call {
  const kk = c.kubekit;
  const core = c.clientNode.core;
  const raw = c.raw;
  switch (op) {
    case 'GET': {
      const name = 'get-target';
      if (client === 'kubekit')
        return () => kk.get().namespace(ns.rest).resource('pods').name(name).do();
      if (client === 'client-node')
        return () => core.readNamespacedPod({ name, namespace: ns.rest });
      return () => rawJson(raw, 'GET', `${pods}/${ns.rest}/pods/${name}`);
    }
    case 'LIST(500)': {
      if (client === 'kubekit')
        return () => kk.get().namespace(ns.list).resource('pods').param('limit', 500).do();
      if (client === 'client-node')
        return () => core.listNamespacedPod({ namespace: ns.list, limit: 500 });
      return () => rawJson(raw, 'GET', `${pods}/${ns.list}/pods?limit=500`);
    }
    case 'CREATE': {
      const body = (i: number) =>
        createBody(i, ns.create, owners.create, `${client}-${sample}-${i}`);
      if (client === 'kubekit')
        return (i) => kk.post().namespace(ns.create).resource('pods').body(body(i)).do();
      if (client === 'client-node')
        return (i) =>
          core.createNamespacedPod({ namespace: ns.create, body: body(i) as unknown as V1Pod });
      return (i) => rawJson(raw, 'POST', `${pods}/${ns.create}/pods`, body(i));
    }
    case 'UPDATE': {
      const body = (i: number, w: number): BenchPod => {
        const pod = createBody(w, ns.rest, owners.rest, `upd-${w}`);
        pod.metadata!.labels = { ...pod.metadata!.labels, 'bench/i': String(i) };
        return pod;
      };
      if (client === 'kubekit')
        return (i, w) =>
          kk.put().namespace(ns.rest).resource('pods').name(`upd-${w}`).body(body(i, w)).do();
      if (client === 'client-node')
        return (i, w) =>
          core.replaceNamespacedPod({
            name: `upd-${w}`,
            namespace: ns.rest,
            body: body(i, w) as unknown as V1Pod,
          });
      return (i, w) => rawJson(raw, 'PUT', `${pods}/${ns.rest}/pods/upd-${w}`, body(i, w));
    }
  }
}

/** `total` calls spread over `concurrency` workers, each calling in sequence. */
async function drive(call: Call, total: number, concurrency: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (next < total) await call(next++, worker);
    }),
  );
}

/** The uid of the ReplicaSet owning the pods of each namespace written to. */
interface Owners {
  rest: string;
  create: string;
}

/** Seeds the namespaces; returns the owners of the pods written. */
async function seed(ctx: BenchContext, transport: Transport): Promise<Owners> {
  const { call } = serverOf(ctx).server;
  const rest = await call<string>({
    op: 'seed',
    transport,
    namespace: ns.rest,
    count: 1,
    names: ['get-target'],
  });
  await call({
    op: 'seed',
    transport,
    namespace: ns.rest,
    count: 32,
    names: Array.from({ length: 32 }, (_, w) => `upd-${w}`),
  });
  await call({ op: 'seed', transport, namespace: ns.list, count: ctx.profile.rest.listPods });
  return {
    rest,
    create: await call<string>({ op: 'seed', transport, namespace: ns.create, count: 0 }),
  };
}

async function run(ctx: BenchContext): Promise<void> {
  const { server, clients: all } = serverOf(ctx);
  let sample = 0;
  for (const transport of ['https', 'http'] as const) {
    const owners = await seed(ctx, transport);
    for (const op of ops)
      for (const concurrency of concurrencies) {
        const total = (
          op === 'LIST(500)' ? ctx.profile.rest.listPerSample : ctx.profile.rest.perSample
        )[concurrency];
        ctx.log(`rest: ${op} over ${transport}, concurrency ${concurrency}, ${total} calls`);
        const measured = await interleaved(ctx.profile, clientNames, async (client) => {
          const call = callFor(op, client, all[transport], sample++, owners);
          const { wallMs, cpuMs } = await timed(() => drive(call, total, concurrency));
          if (op === 'CREATE') await server.call({ op: 'clear', transport, namespace: ns.create });
          return { perSecond: (total / wallMs) * 1000, cpuUs: (cpuMs * 1000) / total };
        });
        ctx.emit([
          ...rowsOf('4. REST', `${op} ${transport.toUpperCase()} c=${concurrency}`, measured, [
            {
              key: 'perSecond',
              metric: 'requests per second (wall)',
              unit: '/s',
              lowerIsBetter: false,
            },
            { key: 'cpuUs', metric: 'client CPU per request', unit: 'µs', lowerIsBetter: true },
          ]),
        ]);
      }
  }
}

/** Scenario 4: REST throughput and client overhead. */
export const rest: Scenario = { name: 'rest', needsServer: true, run };
