/**
 * Scenarios 1 and 3: an informer's initial sync of N pods (wall and client CPU time), and the
 * heap each cached pod costs afterwards (heap after full GCs, minus the heap before the sync,
 * divided by N), with managedFields kept and dropped.
 *
 * kubekit: informer factory (streaming watch-list by default, falling back to a paged list);
 * client-node: makeInformer over `listNamespacedPod` (one unpaged list, model classes); raw:
 * paged GETs (limit 500) + JSON.parse into a Map. Sizes of `coldSyncSizes` also run cold: each
 * sample is the first sync of a fresh process (managedFields dropped, no warm-up) that loads
 * kubekit's built packages (the smoke profile falls back to the sources when they are not built).
 */
import { coldModules, type ColdModules } from '../built-packages';
import { clientNames, type Clients } from '../clients';
import { coldSync } from '../cold-sync';
import { serverOf, type BenchContext, type Scenario } from '../context';
import { settledHeap, interleaved, profileFor, rowsOf, timed } from '../harness';
import { startInformer, type RunningInformer } from '../informers';
import { withServerCost, type ServerHandle } from '../server-handle';
import { warmServerEncodings } from '../server-warm-up';

const sizeLabel = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

async function run(ctx: BenchContext): Promise<void> {
  const { server, clients: all } = serverOf(ctx);
  const clients = all.https;
  // decided before seeding: a full run must not find out after minutes that dist/ is stale
  const modules = ctx.profile.coldSyncSizes.length
    ? coldModules(ctx.profile.name === 'smoke')
    : undefined;
  for (const size of ctx.profile.syncSizes) {
    const namespace = `sync-${size}`;
    ctx.log(`seeding ${size} pods`);
    const empty = await server.usage(true);
    await server.call({ op: 'seed', transport: 'https', namespace, count: size });
    const seeded = await server.usage(true);
    ctx.emit(
      rowsOf(
        '0. server memory per stored pod',
        `${sizeLabel(size)} pods`,
        new Map([
          [
            'kubekit',
            [
              {
                heap: (seeded.heapUsedBytes - empty.heapUsedBytes) / size,
                rss: (seeded.rssBytes - empty.rssBytes) / size,
              },
            ],
          ],
        ]),
        [
          { key: 'heap', metric: 'server heap per pod', unit: 'bytes', lowerIsBetter: true },
          { key: 'rss', metric: 'server RSS growth per pod', unit: 'bytes', lowerIsBetter: true },
        ],
        { 'client-node': 'one server, shown once', raw: 'one server, shown once' },
      ),
    );
    const caseProfile = profileFor(ctx.profile, size >= 100_000);
    if (!caseProfile.warmup) {
      // no warm-up round: let the server encode the pods once before any client's round
      ctx.log(`server warm-up: encoding ${size} pods`);
      await warmServerEncodings(clients.raw, namespace);
    }
    for (const keepManagedFields of [true, false]) {
      const caseName = `${sizeLabel(size)} pods, managedFields ${keepManagedFields ? 'kept' : 'dropped'}`;
      ctx.log(`informer sync: ${caseName}`);
      const profile = caseProfile;
      const measured = await interleaved(profile, clientNames, async (client) => {
        const before = await settledHeap();
        return withServerCost(server, async () => {
          const sync = await timed(() =>
            startInformer(client, clients, { namespace, keepManagedFields }, false),
          );
          let informer: RunningInformer | undefined = sync.value;
          const cached = informer.size();
          if (cached !== size) throw new Error(`${client} cached ${cached} of ${size} pods`);
          const after = await settledHeap();
          await informer.stop();
          informer = undefined;
          return {
            wallMs: sync.wallMs,
            cpuMs: sync.cpuMs,
            cpuUsPerPod: (sync.cpuMs * 1000) / size,
            bytesPerObject: (after - before) / size,
          };
        });
      });
      ctx.emit([
        ...rowsOf('1. informer sync', caseName, measured, [
          { key: 'wallMs', metric: 'sync time (wall)', unit: 'ms', lowerIsBetter: true },
          { key: 'cpuMs', metric: 'sync client CPU', unit: 'ms', lowerIsBetter: true },
          { key: 'cpuUsPerPod', metric: 'client CPU per pod', unit: 'µs', lowerIsBetter: true },
          { key: 'serverCpuMs', metric: 'server CPU', unit: 'ms', lowerIsBetter: true },
          { key: 'serverRssMb', metric: 'server RSS after', unit: 'MB', lowerIsBetter: true },
        ]),
        ...rowsOf('3. heap per cached object', caseName, measured, [
          { key: 'bytesPerObject', metric: 'heap per pod', unit: 'bytes', lowerIsBetter: true },
        ]),
      ]);
    }
    if (modules && ctx.profile.coldSyncSizes.includes(size))
      await cold(ctx, server, clients, { namespace, size, modules });
    await server.call({ op: 'clear', transport: 'https', namespace });
  }
}

/**
 * The cold case: every sample is one sync in a fresh process (no warm-up round), timed from the
 * moment all three clients are built (process start and module loading excluded alike).
 */
async function cold(
  ctx: BenchContext,
  server: ServerHandle,
  clients: Clients,
  { namespace, size, modules }: { namespace: string; size: number; modules: ColdModules },
): Promise<void> {
  const build = modules === 'dist' ? 'built packages' : 'TypeScript sources';
  const caseName = `${sizeLabel(size)} pods, managedFields dropped, cold (a fresh process, ${build})`;
  ctx.log(`informer sync: ${caseName}`);
  const profile = { ...profileFor(ctx.profile, size >= 100_000), warmup: false };
  const measured = await interleaved(profile, clientNames, (client) =>
    withServerCost(server, async () => {
      const sync = await coldSync(
        { endpoint: clients.endpoint, client, options: { namespace, keepManagedFields: false } },
        modules,
      );
      if (sync.cached !== size) throw new Error(`${client} cached ${sync.cached} of ${size} pods`);
      return { wallMs: sync.wallMs, cpuMs: sync.cpuMs, cpuUsPerPod: (sync.cpuMs * 1000) / size };
    }),
  );
  ctx.emit(
    rowsOf('1. informer sync', caseName, measured, [
      { key: 'wallMs', metric: 'sync time (wall)', unit: 'ms', lowerIsBetter: true },
      { key: 'cpuMs', metric: 'sync client CPU', unit: 'ms', lowerIsBetter: true },
      { key: 'cpuUsPerPod', metric: 'client CPU per pod', unit: 'µs', lowerIsBetter: true },
      { key: 'serverCpuMs', metric: 'server CPU', unit: 'ms', lowerIsBetter: true },
    ]),
  );
}

/** Scenarios 1 (sync time) and 3 (heap per cached object). */
export const informerSync: Scenario = { name: 'sync', needsServer: true, run };
