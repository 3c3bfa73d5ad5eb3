/**
 * Throughput of @kubekit/workqueue: add/get/done for many distinct keys and for a hot set of
 * keys, and the cost of a rate-limited requeue. Prints a markdown table.
 *
 *   npx tsx --conditions=@kubekit/source test/bench/workqueue.bench.ts
 *
 * Delayed items are released by a manual clock (no real waiting), so the rate-limited figure is
 * the CPU cost of limiter + heap + timer bookkeeping + queue operations.
 */
import type { Clock, Queue } from '@kubekit/workqueue';
import {
  defaultControllerRateLimiter,
  itemFastSlowRateLimiter,
  newQueue,
  newRateLimitingQueue,
} from '@kubekit/workqueue';

interface Row {
  scenario: string;
  ops: number;
  unit: string;
  time: Timing;
}

/** Median CPU time (user + system, all threads: includes GC) and wall time of one run, in ms. */
interface Timing {
  cpuMs: number;
  wallMs: number;
}

const RUNS = 7;

const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Runs `body` RUNS times after one warm-up. CPU time is the figure reported as throughput: on a
 * shared machine wall time mostly measures the other processes.
 */
async function measure(body: () => Promise<void>): Promise<Timing> {
  await body();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const cpuStart = process.cpuUsage();
    const wallStart = performance.now();
    await body();
    wall.push(performance.now() - wallStart);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return { cpuMs: median(cpu), wallMs: median(wall) };
}

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

/** Fill with `n` distinct keys, then one worker drains: add + get + done per key. */
async function distinctFillThenDrain(items: string[]): Promise<void> {
  const queue = newQueue<string>();
  for (const key of items) queue.add(key);
  queue.shutDown();
  const processed = await worker(queue);
  if (processed !== items.length) throw new Error(`processed ${processed} of ${items.length}`);
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

/** A clock whose time only moves when told, holding timers until then. */
function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      timers.set(++nextId, { at: now + ms, callback });
      return nextId;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers].sort(([, a], [, b]) => a.at - b.at)) {
        if (timer.at > now) continue;
        timers.delete(id);
        timer.callback();
      }
    },
  };
}

/** One failure round: addRateLimited every key, release them, then get + done each. */
async function rateLimitedRound(items: string[], limiter: 'default' | 'zero-delay'): Promise<void> {
  const clock = manualClock();
  const queue = newRateLimitingQueue<string>({
    clock,
    rateLimiter:
      limiter === 'default'
        ? defaultControllerRateLimiter<string>({ clock })
        : itemFastSlowRateLimiter<string>({ fastDelayMs: 0, slowDelayMs: 0, maxFastAttempts: 0 }),
  });
  for (const key of items) queue.addRateLimited(key);
  // The bucket spaces 100k retries 100 ms apart: move past the last one, firing the timer.
  clock.advance(items.length * 100 + 10_000);
  queue.shutDown();
  const processed = await worker(queue);
  if (processed !== items.length) throw new Error(`processed ${processed} of ${items.length}`);
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const distinct = keys(100_000);
  rows.push({
    scenario: '100k distinct keys: add all, then 1 worker get+done',
    ops: distinct.length,
    unit: 'items',
    time: await measure(() => distinctFillThenDrain(distinct)),
  });
  for (const workers of [1, 8]) {
    rows.push({
      scenario: `100k distinct keys: producer + ${workers} concurrent worker(s)`,
      ops: distinct.length,
      unit: 'items',
      time: await measure(async () => void (await concurrent(distinct, workers))),
    });
  }
  const hot = keys(100);
  const hotAdds = Array.from({ length: 1_000_000 }, (_, i) => hot[i % hot.length]!);
  let hotProcessed = 0;
  const hotTime = await measure(async () => {
    hotProcessed = await concurrent(hotAdds, 8);
  });
  rows.push({
    scenario: 'hot set of 100 keys: 1M adds, 8 workers',
    ops: hotAdds.length,
    unit: 'adds',
    time: hotTime,
  });
  rows.push({
    scenario: `hot set of 100 keys: items processed (coalesced from 1M adds)`,
    ops: hotProcessed,
    unit: 'items',
    time: hotTime,
  });
  for (const limiter of ['default', 'zero-delay'] as const) {
    rows.push({
      scenario: `addRateLimited + get + done, 100k keys, ${limiter === 'default' ? 'defaultControllerRateLimiter (delayed via heap)' : 'zero-delay limiter'}`,
      ops: distinct.length,
      unit: 'requeues',
      time: await measure(() => rateLimitedRound(distinct, limiter)),
    });
  }

  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  console.log(
    `@kubekit/workqueue on Node ${process.version}, median of ${RUNS} runs; ops/s and ns/op from CPU time\n`,
  );
  console.log('| scenario | ops | ops/s (CPU) | ns/op (CPU) | ns/op (wall) |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const { scenario, ops, unit, time } of rows) {
    console.log(
      `| ${scenario} | ${n(ops)} ${unit} | ${n((ops / time.cpuMs) * 1000)} | ${n((time.cpuMs * 1e6) / ops)} | ${n((time.wallMs * 1e6) / ops)} |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
