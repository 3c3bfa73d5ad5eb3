import { itemFastSlowRateLimiter } from './default-rate-limiters';
import { newRateLimitingQueue } from './rate-limiting-queue';
import { runWorkers } from './run-workers';

/** A queue whose retries are immediate, so no timers are involved. */
function immediateRetryQueue() {
  return newRateLimitingQueue({
    rateLimiter: itemFastSlowRateLimiter({ fastDelayMs: 0, slowDelayMs: 0, maxFastAttempts: 0 }),
  });
}

/** A promise with its resolver, to hold a handler until the test lets it go. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

describe('runWorkers', () => {
  it('processes every item and resolves after the signal once the queue is drained', async () => {
    const queue = immediateRetryQueue();
    const controller = new AbortController();
    const seen: string[] = [];
    for (const key of ['a', 'b', 'c']) queue.add(key);
    const stopped = runWorkers({
      queue,
      workers: 2,
      signal: controller.signal,
      handler: async (key) => {
        seen.push(key);
        if (key === 'c') controller.abort();
      },
    });
    await stopped;
    expect(seen.sort()).toEqual(['a', 'b', 'c']);
    expect(queue.shuttingDown()).toBe(true);
  });

  it('requeues a failed item with the rate limiter, reports it, and forgets it on success', async () => {
    const queue = immediateRetryQueue();
    const errors: [unknown, string][] = [];
    let attempts = 0;
    const requeuesSeen: number[] = [];
    queue.add('a');
    const stopped = runWorkers({
      queue,
      workers: 1,
      handler: (key) => {
        requeuesSeen.push(queue.numRequeues(key));
        if (++attempts < 3) throw new Error(`boom ${attempts}`);
        queue.shutDown();
      },
      onError: (error, key) => errors.push([error, key]),
    });
    await stopped;
    expect(requeuesSeen).toEqual([0, 1, 2]);
    expect(errors.map(([e, k]) => [(e as Error).message, k])).toEqual([
      ['boom 1', 'a'],
      ['boom 2', 'a'],
    ]);
    expect(queue.numRequeues('a')).toBe(0);
  });

  it('keeps working when the error hook itself throws', async () => {
    const queue = immediateRetryQueue();
    let attempts = 0;
    queue.add('a');
    await runWorkers({
      queue,
      workers: 1,
      handler: () => {
        if (++attempts === 1) throw new Error('first');
        queue.shutDown();
      },
      onError: () => {
        throw new Error('hook failed');
      },
    });
    expect(attempts).toBe(2);
  });

  it('runs up to `workers` items at once, never the same item twice at once', async () => {
    const queue = immediateRetryQueue();
    const gates = new Map<string, ReturnType<typeof gate>>();
    const running = new Set<string>();
    let maxRunning = 0;
    const overlaps: string[] = [];
    const controller = new AbortController();
    const stopped = runWorkers({
      queue,
      workers: 3,
      signal: controller.signal,
      handler: async (key) => {
        if (running.has(key)) overlaps.push(key);
        running.add(key);
        maxRunning = Math.max(maxRunning, running.size);
        const g = gate();
        gates.set(key, g);
        await g.opened;
        running.delete(key);
      },
    });
    for (const key of ['a', 'b', 'c', 'd']) queue.add(key);
    await new Promise((resolve) => setImmediate(resolve));
    expect([...running].sort()).toEqual(['a', 'b', 'c']);
    queue.add('a'); // dirty while running: processed again after, not alongside
    gates.get('a')!.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect([...running].sort()).toEqual(['b', 'c', 'd']);
    controller.abort();
    for (const key of ['b', 'c', 'd']) gates.get(key)!.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect([...running]).toEqual(['a']);
    gates.get('a')!.open();
    await stopped;
    expect(maxRunning).toBe(3);
    expect(running.size).toBe(0);
    expect(overlaps).toEqual([]);
  });

  it('waits for in-flight handlers before resolving', async () => {
    const queue = immediateRetryQueue();
    const controller = new AbortController();
    const g = gate();
    let finished = false;
    queue.add('a');
    const stopped = runWorkers({
      queue,
      workers: 2,
      signal: controller.signal,
      handler: async () => {
        await g.opened;
        finished = true;
      },
    });
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    let resolved = false;
    void stopped.then(() => (resolved = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    g.open();
    await stopped;
    expect(finished).toBe(true);
  });

  it('shuts down at once with an already aborted signal, still draining queued items', async () => {
    const queue = immediateRetryQueue();
    const seen: string[] = [];
    queue.add('a');
    await runWorkers({
      queue,
      workers: 1,
      signal: AbortSignal.abort(),
      handler: (key) => void seen.push(key),
    });
    expect(seen).toEqual(['a']);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects %p workers', (workers) => {
    expect(() => runWorkers({ queue: immediateRetryQueue(), workers, handler: () => {} })).toThrow(
      expect.objectContaining({ reason: 'InvalidOptions' }),
    );
  });
});
