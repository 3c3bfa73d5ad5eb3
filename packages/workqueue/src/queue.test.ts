import { getEventListeners } from 'node:events';
import { newQueue } from './queue';

/** Takes the next item, failing the test when the queue reports shutdown instead. */
async function take<T>(queue: { get(): Promise<{ shutdown: boolean; item?: T }> }): Promise<T> {
  const result = await queue.get();
  if (result.shutdown) throw new Error('expected an item, got shutdown');
  return result.item as T;
}

/** True once `promise` has settled, checked after pending microtasks ran. */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return settled;
}

describe('Queue', () => {
  it('hands items out in the order they were added', async () => {
    const queue = newQueue();
    for (const key of ['a', 'b', 'c']) queue.add(key);
    expect([await take(queue), await take(queue), await take(queue)]).toEqual(['a', 'b', 'c']);
  });

  it('stays first-in first-out across emptying, refilling and re-adds after done', async () => {
    const queue = newQueue<number>();
    for (let round = 0; round < 50; round++) {
      const added = Array.from({ length: 20 }, (_, i) => (round * 7 + i) % 30);
      for (const n of added) queue.add(n);
      const requeued = new Set<number>();
      const order: number[] = [];
      while (queue.len() > 0) {
        const item = await take(queue);
        order.push(item);
        if (item % 3 === 0 && !requeued.has(item)) {
          requeued.add(item);
          queue.add(item); // dirty while processing: back of the line at done
        }
        queue.done(item);
      }
      expect(order).toEqual([...added, ...added.filter((n) => n % 3 === 0)]);
    }
  });

  it('processes an item added several times before a get only once', async () => {
    const queue = newQueue();
    queue.add('a');
    queue.add('b');
    queue.add('a');
    expect(queue.len()).toBe(2);
    expect(await take(queue)).toBe('a');
    expect(await take(queue)).toBe('b');
    expect(queue.len()).toBe(0);
  });

  it('does not hand out an item being processed, and queues it again after done', async () => {
    const queue = newQueue();
    queue.add('a');
    const item = await take(queue);
    queue.add('a');
    queue.add('a');
    expect(queue.len()).toBe(0);
    const second = queue.get();
    expect(await isSettled(second)).toBe(false);
    queue.done(item);
    expect(await second).toEqual({ shutdown: false, item: 'a' });
    queue.done('a');
    expect(queue.len()).toBe(0);
  });

  it('hands an added item to the longest-waiting get first', async () => {
    const queue = newQueue();
    const first = queue.get();
    const second = queue.get();
    queue.add('x');
    expect(await first).toEqual({ shutdown: false, item: 'x' });
    expect(await isSettled(second)).toBe(false);
    queue.add('y');
    expect(await second).toEqual({ shutdown: false, item: 'y' });
  });

  it('ignores done for an item that is not being processed', async () => {
    const queue = newQueue();
    queue.add('a');
    queue.done('a');
    expect(queue.len()).toBe(1);
    expect(await take(queue)).toBe('a');
    expect(queue.len()).toBe(0);
  });

  it('compares items like Set members: numbers by value, objects by identity', async () => {
    const numbers = newQueue<number>();
    numbers.add(1);
    numbers.add(1);
    expect(numbers.len()).toBe(1);
    const objects = newQueue<{ id: number }>();
    objects.add({ id: 1 });
    objects.add({ id: 1 });
    expect(objects.len()).toBe(2);
  });

  it('after shutDown ignores adds, hands out the items still queued, then reports shutdown', async () => {
    const queue = newQueue();
    queue.add('a');
    queue.shutDown();
    queue.add('b');
    expect(queue.shuttingDown()).toBe(true);
    expect(await take(queue)).toBe('a');
    expect(await queue.get()).toEqual({ shutdown: true });
  });

  it('wakes every waiting get with shutdown', async () => {
    const queue = newQueue();
    const gets = [queue.get(), queue.get()];
    queue.shutDown();
    expect(await Promise.all(gets)).toEqual([{ shutdown: true }, { shutdown: true }]);
  });

  it('requeues an item made dirty during processing even while shutting down', async () => {
    const queue = newQueue();
    queue.add('a');
    const item = await take(queue);
    queue.add('a');
    queue.shutDown();
    queue.done(item);
    expect(await take(queue)).toBe('a');
  });

  describe('shutDownWithDrain', () => {
    it('resolves at once when nothing is queued or in flight', async () => {
      const queue = newQueue();
      await queue.shutDownWithDrain();
      expect(queue.shuttingDown()).toBe(true);
    });

    it('waits until in-flight and queued items are done', async () => {
      const queue = newQueue();
      queue.add('a');
      queue.add('b');
      const a = await take(queue);
      const drained = queue.shutDownWithDrain();
      expect(await isSettled(drained)).toBe(false);
      queue.done(a);
      expect(await isSettled(drained)).toBe(false);
      const b = await take(queue);
      expect(await isSettled(drained)).toBe(false);
      queue.done(b);
      await drained;
      expect(await queue.get()).toEqual({ shutdown: true });
    });

    it('waits for an item made dirty during processing to be processed again', async () => {
      const queue = newQueue();
      queue.add('a');
      const first = await take(queue);
      queue.add('a');
      const drained = queue.shutDownWithDrain();
      queue.done(first);
      expect(await isSettled(drained)).toBe(false);
      const second = await take(queue);
      expect(second).toBe('a');
      expect(await isSettled(drained)).toBe(false);
      queue.done(second);
      await drained;
    });

    it('stops waiting when shutDown is called', async () => {
      const queue = newQueue();
      queue.add('a');
      await take(queue);
      const drained = queue.shutDownWithDrain();
      expect(await isSettled(drained)).toBe(false);
      queue.shutDown();
      await drained;
    });
  });

  describe('get with a signal', () => {
    it('rejects at once when the signal is already aborted', async () => {
      const queue = newQueue();
      queue.add('a');
      await expect(queue.get({ signal: AbortSignal.abort() })).rejects.toMatchObject({
        name: 'AbortError',
      });
      expect(queue.len()).toBe(1);
    });

    it('rejects a waiting get when aborted, and the next item goes to the next get', async () => {
      const queue = newQueue();
      const controller = new AbortController();
      const aborted = queue.get({ signal: controller.signal });
      const next = queue.get();
      controller.abort();
      await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
      queue.add('a');
      expect(await next).toEqual({ shutdown: false, item: 'a' });
    });

    it('keeps an item queued when the only waiting get was aborted', async () => {
      const queue = newQueue();
      const controller = new AbortController();
      const aborted = queue.get({ signal: controller.signal });
      controller.abort(new Error('stop'));
      await expect(aborted).rejects.toThrow('stop');
      queue.add('a');
      expect(queue.len()).toBe(1);
      expect(await take(queue)).toBe('a');
    });

    it('removes its abort listener once it received an item or shutdown', async () => {
      const queue = newQueue();
      const controller = new AbortController();
      const got = queue.get({ signal: controller.signal });
      const shut = queue.get({ signal: controller.signal });
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(2);
      queue.add('a');
      await got;
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
      queue.shutDown();
      await shut;
      expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    });

    it('ignores an abort after the get received its item', async () => {
      const queue = newQueue();
      const controller = new AbortController();
      const got = queue.get({ signal: controller.signal });
      queue.add('a');
      controller.abort();
      expect(await got).toEqual({ shutdown: false, item: 'a' });
    });
  });
});
