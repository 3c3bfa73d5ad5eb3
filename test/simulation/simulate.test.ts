import {
  simulate,
  simulateSeeds,
  SimulationFailure,
  type SimulationOptions,
} from '@kubekit/testing';
import {
  neverTooManyPods,
  replicaManager,
  replicasReached,
  replicaWorkload,
} from './replica-controller';

const base = {
  durationMs: 30_000,
  setup: async (env) =>
    void env.storage.create({ resource: 'namespaces' }, { metadata: { name: 'sim' } }),
  workload: (env) => replicaWorkload(env),
  invariants: [neverTooManyPods, replicasReached],
} satisfies Omit<SimulationOptions, 'manager'>;

describe('simulate()', () => {
  test('the same seed replays the identical run; another seed makes another run', async () => {
    const a = await simulate({ ...base, seed: 11, manager: replicaManager() });
    const b = await simulate({ ...base, seed: 11, manager: replicaManager() });
    const c = await simulate({ ...base, seed: 12, manager: replicaManager() });
    expect(a.ok).toBe(true);
    expect(a.schedule.length).toBeGreaterThan(0);
    expect(a.trace.length).toBeGreaterThan(20);
    expect(b.schedule).toEqual(a.schedule);
    expect(b.trace).toEqual(a.trace);
    expect(c.trace).not.toEqual(a.trace);
    expect(a.simulatedMs).toBeGreaterThanOrEqual(base.durationMs);
  }, 120_000);

  test('a controller with expectations keeps its invariants under a budget of seeds', async () => {
    const results = await simulateSeeds({ ...base, seeds: 5, manager: replicaManager() });
    expect(results.map((r) => r.ok)).toEqual([true, true, true, true, true]);
    // every fault kind was drawn at least once over the budget
    const kinds = new Set(results.flatMap((r) => r.schedule.map((e) => e.kind)));
    expect(kinds.size).toBeGreaterThanOrEqual(8);
  }, 120_000);

  test('a controller that trusts its lagging cache is caught, shrunk and replayed', async () => {
    const buggy = { ...base, manager: replicaManager({ buggy: true }) };
    const error = await simulateSeeds({ ...buggy, seeds: 20 }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(SimulationFailure);
    const failure = (error as SimulationFailure).result;
    expect(failure.violations[0]!.invariant).toBe('never more active pods than replicas');
    const shrunk = failure.shrunk!;
    expect(shrunk.violations[0]!.invariant).toBe('never more active pods than replicas');
    expect(shrunk.schedule.length).toBeLessThanOrEqual(Math.min(3, failure.schedule.length));
    // the report names the seed, the shrunk schedule and the trace
    const report = (error as SimulationFailure).message;
    expect(report).toContain(`simulation seed ${failure.seed} FAILED`);
    expect(report).toContain(JSON.stringify(shrunk.schedule));
    expect(report).toContain('VIOLATION never more active pods than replicas');
    // simulate({ seed, schedule }) replays the shrunk failure exactly
    const replay = await simulate({
      ...buggy,
      seed: failure.seed,
      schedule: shrunk.schedule,
      shrink: false,
    });
    expect(replay.ok).toBe(false);
    expect(replay.trace).toEqual(shrunk.trace);
  }, 120_000);
});
