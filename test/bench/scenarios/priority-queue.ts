/**
 * Scenario 7: what the priority queue does for latency, in a simulation of a controller that
 * restarts with a large initial list. The queues are the real ones; time is a manual clock moved
 * 1 ms per step, and a reconcile "takes" a fixed simulated time, so the figures are scheduling
 * outcomes (simulated ms), the same on any machine, not CPU measurements.
 *
 * - Trickle: `initial` keys from the initial list, 4 workers at 2 ms per reconcile (2,000 keys/s,
 *   so the list takes initial / 2,000 s), and a change to a random key of the list every 10 ms.
 *   Measured: the latency of a change (event to the start of the reconcile that sees it), p50 /
 *   p99 / max, and the oldest wait of an initial-list key.
 * - Overload: the same, but changes to new keys arrive at 2,500/s (more than the workers do) for
 *   `overloadSeconds`: a strict priority queue never reaches the initial list
 *   (controller-runtime#3496); aging bounds its wait.
 *
 * Each queue: FIFO (`newRateLimitingQueue`, what controllers use without the option), the
 * priority queue with its default aging (100 ms a level), and strict priority (`Infinity`, as
 * controller-runtime). kubekit only: client-node has no work queue.
 */
import { LowPriority, newPriorityQueue, newRateLimitingQueue } from '@kubekit/workqueue';
import type { BenchContext, Scenario } from '../context';
import { interleaved, manualClock, rowsOf, type MetricSpec } from '../harness';

type Variant = 'FIFO' | 'priority, aging 100 ms' | 'priority, strict';

const workers = 4;
const reconcileMs = 2;

/** A deterministic pseudo-random sequence in [0, 1) (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

interface Plan {
  initial: number;
  /** Simulated ms between changes. */
  changeEveryMs: number;
  /** Changes go to new keys (overload) rather than to keys of the initial list. */
  newKeys: boolean;
  /** Changes stop after this many simulated ms. */
  changesUntilMs: number;
  /** The simulation stops here even if work is left. */
  horizonMs: number;
}

/** Runs one simulation; every figure in simulated ms. */
async function simulate(variant: Variant, plan: Plan): Promise<Record<string, number>> {
  const clock = manualClock();
  const priority =
    variant === 'FIFO'
      ? undefined
      : newPriorityQueue<string>({
          clock,
          priorityAgingMs: variant === 'priority, strict' ? Infinity : 100,
        });
  const queue = priority ?? newRateLimitingQueue<string>({ clock });
  const initialKeys = Array.from({ length: plan.initial }, (_, i) => `default/cm-${i}`);
  if (priority) priority.addWithOpts({ priority: LowPriority }, ...initialKeys);
  else for (const key of initialKeys) queue.add(key);
  const next = random(42);
  /** Keys with a change not yet seen by a reconcile, and when the oldest such change happened. */
  const changedAt = new Map<string, number>();
  const latencies: number[] = [];
  const initialLeft = new Set(initialKeys);
  let oldestInitialWait = 0;
  const busy: ({ item: string; until: number } | undefined)[] = Array(workers).fill(undefined);
  let changes = 0;
  for (let now = 0; now <= plan.horizonMs; now++) {
    if (now > 0) clock.advance(1);
    for (; changes * plan.changeEveryMs <= Math.min(now, plan.changesUntilMs); changes++) {
      const key = plan.newKeys
        ? `default/new-${changes}`
        : initialKeys[Math.floor(next() * initialKeys.length)]!;
      if (!changedAt.has(key)) changedAt.set(key, now);
      queue.add(key);
    }
    for (let w = 0; w < workers; w++) {
      const running = busy[w];
      if (running && running.until > now) continue;
      if (running) queue.done(running.item);
      busy[w] = undefined;
      if (queue.len() === 0) continue;
      const got = await queue.get();
      if (got.shutdown) continue;
      const at = changedAt.get(got.item);
      if (at !== undefined) {
        latencies.push(now - at);
        changedAt.delete(got.item);
      }
      if (initialLeft.delete(got.item)) oldestInitialWait = now;
      busy[w] = { item: got.item, until: now + reconcileMs };
    }
    if (now >= plan.changesUntilMs && queue.len() === 0 && busy.every((b) => !b)) break;
  }
  queue.shutDown();
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    max: latencies.at(-1) ?? NaN,
    // still waiting at the horizon: at least the horizon
    oldestInitialWait: initialLeft.size > 0 ? plan.horizonMs : oldestInitialWait,
    initialLeft: initialLeft.size,
  };
}

const metrics: MetricSpec[] = [
  { key: 'p50', metric: 'change latency p50 (simulated)', unit: 'ms', lowerIsBetter: true },
  { key: 'p99', metric: 'change latency p99 (simulated)', unit: 'ms', lowerIsBetter: true },
  { key: 'max', metric: 'change latency max (simulated)', unit: 'ms', lowerIsBetter: true },
  {
    key: 'oldestInitialWait',
    metric: 'oldest initial-list wait (simulated; the horizon if some never ran)',
    unit: 'ms',
    lowerIsBetter: true,
  },
  {
    key: 'initialLeft',
    metric: 'initial-list keys never reconciled by the horizon',
    unit: 'keys',
    lowerIsBetter: true,
  },
];

async function run(ctx: BenchContext): Promise<void> {
  const { initial, overloadSeconds } = ctx.profile.priority;
  const n = initial.toLocaleString('en-US');
  const drainMs = (initial * reconcileMs) / workers;
  const plans: [string, Plan][] = [
    [
      `${n}-key initial list, a change every 10 ms`,
      {
        initial,
        changeEveryMs: 10,
        newKeys: false,
        changesUntilMs: drainMs,
        horizonMs: 10 * drainMs,
      },
    ],
    [
      `${n}-key initial list, changes at 2,500/s (over capacity) for ${overloadSeconds} s`,
      {
        initial,
        changeEveryMs: 0.4,
        newKeys: true,
        changesUntilMs: overloadSeconds * 1000,
        horizonMs: overloadSeconds * 1000,
      },
    ],
  ];
  for (const [planName, plan] of plans) {
    for (const variant of ['FIFO', 'priority, aging 100 ms', 'priority, strict'] as const) {
      const name = `${planName}: ${variant}`;
      ctx.log(`priority: ${name}`);
      const measured = await interleaved(ctx.profile, ['kubekit'], () => simulate(variant, plan));
      ctx.emit(
        rowsOf('7. priority queue', name, measured, metrics, {
          'client-node': 'client-node has no work queue',
          raw: 'no library-free equivalent',
        }),
      );
    }
  }
}

/** Scenario 7: change latency and initial-list wait under the FIFO and priority queues. */
export const priorityQueue: Scenario = { name: 'priority', needsServer: false, run };
