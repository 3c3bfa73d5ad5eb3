/**
 * Randomised safety test: candidates on skewed, drifting fake clocks crash, restart, stop
 * gracefully and hit API errors, lost responses and delays, over many seeds; at no instant do
 * two live candidates lead, and once faults stop a leader emerges. `KUBEKIT_LE_SEEDS=<n>` runs more seeds (default 40),
 * `KUBEKIT_LE_SEED=<n>` replays one.
 */
import {
  newConflict,
  newInternalError,
  newTooManyRequests,
  realClock,
} from '@kubekit/apimachinery';
import { FakeLeaseStore } from './testing';
import type { Clock } from './clock';
import { LeaderElector } from './leader-elector';
import { LeaseLock } from './lease-lock';

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A clock `offsetMs` off and running at `rate` times the speed of jest's fake time. */
function driftingClock(offsetMs: number, rate: number): Clock {
  const origin = Date.now();
  return {
    now: () => origin + offsetMs + (Date.now() - origin) * rate,
    setTimeout: (callback, ms) => realClock.setTimeout(callback, ms / rate),
    clearTimeout: realClock.clearTimeout,
  };
}

const never = new Promise<void>(() => {});

interface Stats {
  terms: number;
  crashes: number;
  violations: string[];
}

async function simulate(seed: number, stats: Stats): Promise<void> {
  // every seed starts from the same state, so `KUBEKIT_LE_SEED=<n>` replays it exactly
  jest.clearAllTimers();
  jest.setSystemTime(1_700_000_000_000);
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const store = new FakeLeaseStore();
  /**
   * Processes whose work signal is live (keyed by process, not identity: a restarted process
   * may reuse the identity of one that is gone).
   */
  const leading = new Set<{ identity: string }>();
  let faultRate = 0.1;
  /** Long stalls (hung requests, stuck responses) happen unless calm. */
  let calm = false;
  let generation = 0;

  interface Process {
    identity: string;
    dead: boolean;
    controller: AbortController;
  }
  const processes: Process[] = [];

  const start = (identity: string, onEnd?: () => void) => {
    const p: Process = { identity, dead: false, controller: new AbortController() };
    const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
    const client = store.client({
      beforeCommit: async ({ verb, name }) => {
        if (p.dead) return never; // a dead process sends nothing more
        const roll = random();
        if (roll < 0.03 && !calm)
          await wait(10_000 + random() * 20_000); // a hung connection
        else if (roll < 0.4) await wait(random() * 3_000);
        if (random() < faultRate)
          throw pick([
            newInternalError('etcdserver: request timed out'),
            newTooManyRequests('slow down', 1),
            newConflict({ group: 'coordination.k8s.io', resource: 'leases' }, name, verb),
          ]);
      },
      afterCommit: async () => {
        const roll = random();
        if (roll < 0.02 && !calm)
          await wait(5_000 + random() * 10_000); // a response stuck in transit
        else if (roll < 0.3) await wait(random() * 2_000);
        if (random() < faultRate / 2) throw newInternalError('connection reset after write');
      },
    });
    const elector = new LeaderElector({
      lock: new LeaseLock({ client, name: 'sim', namespace: 'ns' }),
      identity,
      clock: driftingClock((random() - 0.5) * 7_200_000, 0.98 + random() * 0.04),
      random,
      releaseOnCancel: random() < 0.5,
      onStartedLeading: (signal) => {
        if (p.dead) return;
        if (leading.size > 0)
          stats.violations.push(
            `seed ${seed} t=${Date.now()}: ${identity} started leading while ${[...leading].map((l) => l.identity).join(',')} led`,
          );
        stats.terms++;
        leading.add(p);
        const end = () => leading.delete(p);
        signal.addEventListener('abort', end, { once: true });
        return new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => setTimeout(resolve, random() * 1_000), {
            once: true,
          }),
        );
      },
      onStoppedLeading: () => {},
    });
    void elector.run({ signal: p.controller.signal }).then(onEnd);
    processes.push(p);
  };

  for (let i = 0; i < 3 + Math.floor(random() * 3); i++) start(`c${i}`);
  const end = Date.now() + 10 * 60_000;
  while (Date.now() < end) {
    await jest.advanceTimersByTimeAsync(500 + random() * 4_000);
    const live = processes.filter((p) => !p.dead && !p.controller.signal.aborted);
    const action = random();
    if (action < 0.06 && live.length > 0) {
      // crash: the process and its work vanish at once; requests already sent may still land
      const victim = pick(live);
      victim.dead = true;
      leading.delete(victim);
      stats.crashes++;
    } else if (action < 0.1 && live.length > 0) {
      pick(live).controller.abort(); // graceful stop (releases when configured)
    } else if (action < 0.18) {
      // restart: a fresh identity, or the identity of a process that is gone
      const gone = processes.filter((p) => p.dead || p.controller.signal.aborted);
      const reuse = gone.length > 0 && random() < 0.5 ? pick(gone).identity : undefined;
      if (
        !reuse ||
        !processes.some((p) => p.identity === reuse && !p.dead && !p.controller.signal.aborted)
      )
        start(reuse ?? `r${generation++}`);
    } else if (action < 0.22) {
      faultRate = pick([0, 0.05, 0.1, 0.3, 0.9]);
    }
  }
  // liveness: once errors and stalls stop, a candidate that restarts whenever its run ends (as
  // a controller process would) gets elected, unless somebody already leads
  faultRate = 0;
  calm = true;
  const termsBefore = stats.terms;
  const ledAtStart = leading.size > 0;
  let finalPhase = true;
  let restarts = 0;
  const again = () => {
    if (finalPhase) start(`final${seed}-${restarts++}`, again);
  };
  again();
  await jest.advanceTimersByTimeAsync(90_000);
  finalPhase = false;
  if (!ledAtStart && stats.terms === termsBefore)
    stats.violations.push(`seed ${seed}: nobody elected within 90 s after faults stopped`);
  for (const p of processes) {
    p.dead = true;
    p.controller.abort();
  }
  await jest.advanceTimersByTimeAsync(60_000);
}

beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
afterEach(() => jest.useRealTimers());

it('never has two live leaders at once, over many seeds of crashes, faults, delays and clock skew, and recovers a leader', async () => {
  const only = process.env.KUBEKIT_LE_SEED;
  const seeds = only
    ? [Number(only)]
    : Array.from({ length: Number(process.env.KUBEKIT_LE_SEEDS ?? 40) }, (_, i) => i + 1);
  const stats: Stats = { terms: 0, crashes: 0, violations: [] };
  for (const seed of seeds) await simulate(seed, stats);
  expect(stats.violations).toEqual([]);
  // the scenario is not vacuous: leadership changed hands many times
  expect(stats.terms).toBeGreaterThan(seeds.length * 3);
  expect(stats.crashes).toBeGreaterThan(0);
}, 120_000);
