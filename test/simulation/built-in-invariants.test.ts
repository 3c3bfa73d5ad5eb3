import type { KubeObject } from '@kubekit/apimachinery';
import { LeaseLock, LeaderElector, leaseClientFromRest } from '@kubekit/leaderelection';
import { RESTClient } from '@kubekit/rest';
import { simulate, type SimulationManagerContext } from '@kubekit/testing';

const quiet = {
  durationMs: 10_000,
  settleMs: 30_000,
  quietMs: 5_000,
  faults: {},
  shrink: false,
} as const;
const setup = async (env: {
  storage: { create(ref: { resource: string }, obj: KubeObject): unknown };
}) => void env.storage.create({ resource: 'namespaces' }, { metadata: { name: 'sim' } });

/** Runs a leader elector on the simulation's transport and clock until the manager stops. */
async function elect(ctx: SimulationManagerContext, lock?: LeaseLock): Promise<void> {
  const rest = new RESTClient(ctx.config, { transport: ctx.transport, clock: ctx.clock });
  const elector = new LeaderElector({
    lock:
      lock ??
      new LeaseLock({
        client: leaseClientFromRest(rest, { namespace: 'sim' }),
        name: 'demo',
        namespace: 'sim',
      }),
    identity: `${ctx.name}-${ctx.incarnation}`,
    clock: ctx.clock,
    releaseOnCancel: false,
    onStartedLeading: async (signal) => {
      ctx.log('leading');
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    },
    onStoppedLeading: () => ctx.log('stopped leading'),
  });
  await elector.run({ signal: ctx.signal });
}

describe('simulate() built-in invariants', () => {
  test('leader election under partitions, crashes and skew keeps one leader per lease term', async () => {
    const result = await simulate({
      seed: 3,
      durationMs: 60_000,
      managers: 3,
      setup,
      manager: (ctx) => elect(ctx),
      faults: { partition: 4, crash: 3, skew: 3, errors: 2, latency: 2 },
      shrink: false,
    });
    expect(result.violations).toEqual([]);
    expect(result.trace.filter((l) => l.endsWith(': leading')).length).toBeGreaterThan(1);
  }, 120_000);

  test('two holders in one lease term are reported', async () => {
    // a broken lock: every replica writes the same term, as if it never read the old record
    const result = await simulate({
      ...quiet,
      seed: 1,
      managers: 2,
      setup,
      manager: async (ctx) => {
        const rest = new RESTClient(ctx.config, { transport: ctx.transport, clock: ctx.clock });
        const body = (name: string) => ({
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace: 'sim' },
          spec: { holderIdentity: ctx.name, leaseTransitions: 0 },
        });
        await ctx.clock.sleep(ctx.index * 1000);
        await rest
          .post()
          .groupVersion({ group: 'coordination.k8s.io', version: 'v1' })
          .namespace('sim')
          .resource('leases')
          .body(body(`lease-${ctx.index}`))
          .do();
        const current = await rest
          .get()
          .groupVersion({ group: 'coordination.k8s.io', version: 'v1' })
          .namespace('sim')
          .resource('leases')
          .name('lease-0')
          .do<KubeObject & { spec: object }>();
        await rest
          .put()
          .groupVersion({ group: 'coordination.k8s.io', version: 'v1' })
          .namespace('sim')
          .resource('leases')
          .name('lease-0')
          .body({ ...current, spec: { holderIdentity: ctx.name, leaseTransitions: 0 } })
          .do();
      },
    });
    expect(result.violations.map((v) => v.invariant)).toContain('one leader per lease term');
    expect(result.violations[0]!.message).toMatch(
      /sim\/lease-0 term 0 held by manager-0 and by manager-1/,
    );
  }, 120_000);

  test('a key handled by two workers at once is reported', async () => {
    const result = await simulate({
      ...quiet,
      seed: 1,
      setup,
      manager: async (ctx) => {
        const first = ctx.reconciling('sim/a');
        const second = ctx.reconciling('sim/a');
        second();
        first();
      },
    });
    expect(result.violations[0]).toMatchObject({
      invariant: 'no key handled by two workers at once',
      message: 'sim/a handled by manager-0#1 and manager-0#1 at once',
    });
  }, 120_000);

  test('a cache that missed a write is reported at quiescence', async () => {
    const result = await simulate({
      ...quiet,
      seed: 1,
      setup,
      manager: async (ctx) => {
        // a "cache" frozen before the workload's write
        ctx.exposeCache({ resource: 'configmaps' }, () => [], 'sim');
        await new Promise((resolve) =>
          ctx.signal.addEventListener('abort', resolve, { once: true }),
        );
      },
      workload: async (env) =>
        void env.storage.create({ resource: 'configmaps' }, {
          metadata: { name: 'c', namespace: 'sim' },
        } as KubeObject),
    });
    expect(result.violations).toHaveLength(1);
    expect(result.violations[0]).toMatchObject({
      invariant: 'cache equals server after quiescence',
    });
    expect(result.violations[0]!.message).toMatch(/manager-0#1 configmaps: sim\/c missing/);
  }, 120_000);
});
