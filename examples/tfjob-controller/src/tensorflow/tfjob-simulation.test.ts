import { join } from 'node:path';
import { simulate, simulateSeeds } from '@kubekit/testing';
import { readCrd } from '../crd';
import { tfJobSimulation } from '../simulation/tfjob-simulation';

const options = tfJobSimulation({ crd: readCrd(join(__dirname, '../../deploy/crd.yaml')) });

describe('TFJob controller under deterministic simulation', () => {
  test('keeps its invariants over the CI seed budget (2 managers, every fault kind)', async () => {
    // a failure throws SimulationFailure, whose message is the seed, shrunk schedule and trace
    const results = await simulateSeeds({ ...options, seeds: 2 });
    expect(results.every((r) => r.ok)).toBe(true);
    // the jobs ran to the end: terminal jobs are what the quiescence invariant checks
    expect(results.every((r) => r.trace.some((l) => l.includes('created job-3')))).toBe(true);
  }, 120_000);

  test('a seed replays the identical run of the TFJob controller', async () => {
    const a = await simulate({ ...options, seed: 3, durationMs: 20_000 });
    const b = await simulate({ ...options, seed: 3, durationMs: 20_000 });
    expect(a.ok).toBe(true);
    expect(b.trace).toEqual(a.trace);
  }, 120_000);
});
