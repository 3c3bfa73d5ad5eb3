/**
 * Scenario 5: @kubekit/workqueue throughput: add/get/done for many distinct keys and for a hot
 * set of keys, and the cost of a rate-limited requeue. kubekit only: @kubernetes/client-node has
 * no work queue, and there is no library-free equivalent worth calling a limit.
 *
 * Delayed items are released by a manual clock (no real waiting), so the rate-limited figure is
 * the CPU cost of limiter + heap + timer bookkeeping + queue operations.
 */
import type { Queue } from '@kubekit/workqueue';
import {
  defaultControllerRateLimiter,
  itemFastSlowRateLimiter,
  newQueue,
  newRateLimitingQueue,
} from '@kubekit/workqueue';
import type { BenchContext, Scenario } from '../context';
import { interleaved, manualClock, rowsOf, timed } from '../harness';

const keys = (n: number) => Array.from({ length: n }, (_, i) => `namespace-${i % 97}/object-${i}`);

/** Gets and marks done until the queue reports shutdown; returns how many items it processed. */
async function worker(queue: Queue<string>): Promise<number> {
  let processed = 0;
  for (;;) {
    const next = await queue.get();
    if (next.shutdown) return processed;
    processed++;
    queue.done(next.item);
  }
}

/** Fill with distinct keys, then one worker drains: add + get + done per key. */
async function fillThenDrain(items: string[]): Promise<number> {
  const queue = newQueue<string>();
  for (const key of items) queue.add(key);
  queue.shutDown();
  return worker(queue);
}

/** `workers` async workers consume while a producer adds keys in batches between yields. */
async function concurrent(items: string[], workers: number): Promise<number> {
  const queue = newQueue<string>();
  const loops = Array.from({ length: workers }, () => worker(queue));
  for (let i = 0; i < items.length; i++) {
    queue.add(items[i]!);
    if (i % 64 === 63) await Promise.resolve();
  }
  await queue.shutDownWithDrain();
  const counts = await Promise.all(loops);
  return counts.reduce((a, b) => a + b, 0);
}

/** One failure round: addRateLimited every key, release them, then get + done each. */
async function rateLimitedRound(
  items: string[],
  limiter: 'default' | 'zero-delay',
): Promise<number> {
  const clock = manualClock();
  const queue = newRateLimitingQueue<string>({
    clock,
    rateLimiter:
      limiter === 'default'
        ? defaultControllerRateLimiter<string>({ clock })
        : itemFastSlowRateLimiter<string>({ fastDelayMs: 0, slowDelayMs: 0, maxFastAttempts: 0 }),
  });
  for (const key of items) queue.addRateLimited(key);
  // The bucket spaces retries 100 ms apart: move past the last one, firing the timer.
  clock.advance(items.length * 100 + 10_000);
  queue.shutDown();
  return worker(queue);
}

async function run(ctx: BenchContext): Promise<void> {
  const distinct = keys(ctx.profile.workqueue.keys);
  const hot = keys(100);
  const hotAdds = Array.from(
    { length: ctx.profile.workqueue.hotAdds },
    (_, i) => hot[i % hot.length]!,
  );
  const n = (x: number) => x.toLocaleString('en-US');
  const cases: [string, number, () => Promise<number>, boolean][] = [
    [
      `${n(distinct.length)} distinct keys: add all, then 1 worker get+done`,
      distinct.length,
      () => fillThenDrain(distinct),
      true,
    ],
    [
      `${n(distinct.length)} distinct keys: producer + 1 worker`,
      distinct.length,
      () => concurrent(distinct, 1),
      true,
    ],
    [
      `${n(distinct.length)} distinct keys: producer + 8 workers`,
      distinct.length,
      () => concurrent(distinct, 8),
      true,
    ],
    [
      `hot set of 100 keys: ${n(hotAdds.length)} adds, 8 workers (coalesced)`,
      hotAdds.length,
      () => concurrent(hotAdds, 8),
      false,
    ],
    [
      `addRateLimited + get + done, ${n(distinct.length)} keys, defaultControllerRateLimiter`,
      distinct.length,
      () => rateLimitedRound(distinct, 'default'),
      true,
    ],
    [
      `addRateLimited + get + done, ${n(distinct.length)} keys, zero-delay limiter`,
      distinct.length,
      () => rateLimitedRound(distinct, 'zero-delay'),
      true,
    ],
  ];
  for (const [name, ops, body, exact] of cases) {
    ctx.log(`workqueue: ${name}`);
    const measured = await interleaved(ctx.profile, ['kubekit'], async () => {
      const { value: processed, wallMs, cpuMs } = await timed(body);
      if (exact ? processed !== ops : processed < 1 || processed > ops)
        throw new Error(`processed ${processed} of ${ops}`);
      return { perSecond: (ops / cpuMs) * 1000, nsWall: (wallMs * 1e6) / ops };
    });
    ctx.emit([
      ...rowsOf(
        '5. work queue',
        name,
        measured,
        [
          {
            key: 'perSecond',
            metric: 'operations per second (CPU time)',
            unit: '/s',
            lowerIsBetter: false,
          },
          { key: 'nsWall', metric: 'wall time per operation', unit: 'ns', lowerIsBetter: true },
        ],
        { 'client-node': 'client-node has no work queue', raw: 'no library-free equivalent' },
      ),
    ]);
  }
}

/** Scenario 5: work queue throughput and rate-limited requeue cost. */
export const workqueue: Scenario = { name: 'workqueue', needsServer: false, run };
