import { LowPriority, newPriorityQueue, type PriorityQueue } from './priority-queue';
import { WorkqueueError } from './workqueue-error';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Gets every ready item (without waiting), marking each done, with its priority. */
async function drain(queue: PriorityQueue): Promise<[string, number][]> {
  const out: [string, number][] = [];
  while (queue.len() > 0) {
    const next = await queue.getWithPriority();
    if (next.shutdown) break;
    out.push([next.item, next.priority]);
    queue.done(next.item);
  }
  return out;
}

/** Ports of controller-runtime's priorityqueue_test.go, plus aging. */
describe('PriorityQueue', () => {
  it('returns the highest priority first, and the same priority in FIFO order', async () => {
    const q = newPriorityQueue();
    q.addWithOpts({ priority: LowPriority }, 'low1', 'low2');
    q.add('normal1');
    q.addWithOpts({ priority: 10 }, 'high');
    q.add('normal2');
    expect(await drain(q)).toEqual([
      ['high', 10],
      ['normal1', 0],
      ['normal2', 0],
      ['low1', LowPriority],
      ['low2', LowPriority],
    ]);
  });

  it('an item added twice is queued once, with the higher priority and the better position', async () => {
    const q = newPriorityQueue();
    q.addWithOpts({ priority: LowPriority }, 'a');
    q.add('b');
    q.add('a');
    expect(q.len()).toBe(2);
    expect(await drain(q)).toEqual([
      ['a', 0],
      ['b', 0],
    ]);
    q.add('c');
    q.addWithOpts({ priority: LowPriority }, 'c');
    expect(await drain(q)).toEqual([['c', 0]]);
  });

  it('an item added while it is processed is handed out again only after done', async () => {
    const q = newPriorityQueue();
    q.add('a');
    const first = await q.get();
    q.addWithOpts({ priority: 5 }, 'a');
    expect(q.len()).toBe(0);
    q.done(first.item!);
    expect(await drain(q)).toEqual([['a', 5]]);
  });

  it('AddWithOpts After: the item becomes ready after the delay, with its priority', async () => {
    const q = newPriorityQueue();
    q.addWithOpts({ afterMs: 50, priority: 3 }, 'late');
    q.addWithOpts({ priority: LowPriority }, 'low');
    expect(q.len()).toBe(1);
    jest.advanceTimersByTime(50);
    expect(await drain(q)).toEqual([
      ['late', 3],
      ['low', LowPriority],
    ]);
  });

  it('AddWithOpts RateLimited waits the rate limiter; a retry keeps the priority it was handed out with', async () => {
    const q = newPriorityQueue({
      rateLimiter: { when: () => 20, forget: () => {}, numRequeues: () => 0 },
    });
    q.addWithOpts({ priority: LowPriority }, 'a');
    const got = await q.getWithPriority();
    q.addRateLimited('a');
    q.done('a');
    expect(q.len()).toBe(0);
    jest.advanceTimersByTime(20);
    expect(got.priority).toBe(LowPriority);
    expect(await drain(q)).toEqual([['a', LowPriority]]);
  });

  it('a waiting get receives the next item; shutdown ends it', async () => {
    const q = newPriorityQueue();
    const pending = q.getWithPriority();
    q.addWithOpts({ priority: 2 }, 'x');
    await expect(pending).resolves.toEqual({ shutdown: false, item: 'x', priority: 2 });
    const after = q.get();
    q.shutDown();
    await expect(after).resolves.toEqual({ shutdown: true });
    q.add('ignored');
    expect(q.len()).toBe(0);
  });

  it('shutDownWithDrain resolves once the items in flight are done', async () => {
    const q = newPriorityQueue();
    q.add('a');
    const { item } = await q.get();
    let drained = false;
    const drain = q.shutDownWithDrain().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    q.done(item!);
    await drain;
    expect(drained).toBe(true);
  });

  it('ages: a low-priority item is not starved by a steady stream of normal ones (controller-runtime#3496)', async () => {
    const q = newPriorityQueue({ priorityAgingMs: 10 });
    q.addWithOpts({ priority: LowPriority }, 'low');
    // every ms a new normal item arrives and one item is processed: the queue never empties
    let handledLowAt = -1;
    for (let t = 0; t < 5000 && handledLowAt < 0; t++) {
      q.add(`n${t}`);
      const next = await q.getWithPriority();
      if (next.item === 'low') handledLowAt = t;
      q.done(next.item!);
      jest.advanceTimersByTime(1);
    }
    // priority -100 at 10 ms a level: it goes before normal items added 1000 ms after it
    expect(handledLowAt).toBeGreaterThanOrEqual(990);
    expect(handledLowAt).toBeLessThanOrEqual(1010);
  });

  it('without aging (Infinity) priorities are strict, as controller-runtime', async () => {
    const q = newPriorityQueue({ priorityAgingMs: Infinity });
    q.addWithOpts({ priority: LowPriority }, 'low');
    for (let t = 0; t < 2000; t++) {
      q.add(`n${t}`);
      const next = await q.get();
      expect(next.item).not.toBe('low');
      q.done(next.item!);
      jest.advanceTimersByTime(1);
    }
    expect(q.len()).toBe(1);
  });

  it('rejects a priorityAgingMs that is not positive', () => {
    expect(() => newPriorityQueue({ priorityAgingMs: 0 })).toThrow(WorkqueueError);
    expect(() => newPriorityQueue({ priorityAgingMs: Number.NaN })).toThrow(
      /priorityAgingMs must be > 0/,
    );
  });

  it('an aborted get rejects and loses no item', async () => {
    const q = newPriorityQueue();
    const ac = new AbortController();
    const pending = q.get({ signal: ac.signal });
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    q.add('a');
    await expect(q.get()).resolves.toEqual({ shutdown: false, item: 'a' });
  });
});
