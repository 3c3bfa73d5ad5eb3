import { newDelayingQueue } from './delaying-queue';
import type { MetricsProvider } from './metrics';
import { noopMetricsProvider } from './metrics';
import { newQueue } from './queue';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** Gets every queued item (without waiting) and marks each done. */
async function drainReady(queue: {
  len(): number;
  get(): Promise<{ item?: string }>;
  done(item: string): void;
}) {
  const items: string[] = [];
  while (queue.len() > 0) {
    const { item } = await queue.get();
    items.push(item!);
    queue.done(item!);
  }
  return items;
}

describe('DelayingQueue', () => {
  it('adds an item only once its delay has passed', async () => {
    const queue = newDelayingQueue();
    queue.addAfter('a', 50);
    expect(queue.len()).toBe(0);
    jest.advanceTimersByTime(49);
    expect(queue.len()).toBe(0);
    jest.advanceTimersByTime(1);
    expect(await drainReady(queue)).toEqual(['a']);
  });

  it('adds at once for a delay of zero or less', async () => {
    const queue = newDelayingQueue();
    queue.addAfter('a', 0);
    queue.addAfter('b', -5);
    expect(await drainReady(queue)).toEqual(['a', 'b']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('adds waiting items in order of ready time, whatever the order of the calls', async () => {
    const queue = newDelayingQueue();
    queue.addAfter('c', 30);
    queue.addAfter('a', 10);
    queue.addAfter('b', 20);
    queue.addAfter('d', 40);
    jest.advanceTimersByTime(30);
    expect(await drainReady(queue)).toEqual(['a', 'b', 'c']);
    jest.advanceTimersByTime(10);
    expect(await drainReady(queue)).toEqual(['d']);
  });

  it('keeps the earlier ready time when an item is added again while waiting', async () => {
    const queue = newDelayingQueue();
    queue.addAfter('a', 100);
    queue.addAfter('a', 20); // moves it earlier
    queue.addAfter('a', 500); // ignored: later than 20
    jest.advanceTimersByTime(20);
    expect(await drainReady(queue)).toEqual(['a']);
    jest.advanceTimersByTime(1000);
    expect(queue.len()).toBe(0);
  });

  it('uses a single timer however many items wait', () => {
    const queue = newDelayingQueue();
    for (let i = 0; i < 100; i++) queue.addAfter(`k${i}`, 1000 - i);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(950);
    expect(queue.len()).toBe(50);
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(50);
    expect(queue.len()).toBe(100);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('does not fire early for delays beyond the range of one setTimeout', () => {
    const queue = newDelayingQueue();
    const long = 2 ** 31 + 10_000;
    queue.addAfter('far', long);
    jest.advanceTimersByTime(2 ** 31);
    expect(queue.len()).toBe(0);
    jest.advanceTimersByTime(10_000);
    expect(queue.len()).toBe(1);
  });

  it('never adds an item with an infinite delay and holds no timer for it', () => {
    const queue = newDelayingQueue();
    queue.addAfter('never', Infinity);
    expect(jest.getTimerCount()).toBe(0);
    expect(queue.len()).toBe(0);
  });

  it('cancels its timer and drops waiting items on shutdown', async () => {
    const queue = newDelayingQueue();
    queue.addAfter('a', 10);
    queue.shutDown();
    expect(jest.getTimerCount()).toBe(0);
    queue.addAfter('b', 0);
    jest.advanceTimersByTime(100);
    expect(await queue.get()).toEqual({ shutdown: true });
  });

  it('cancels its timer on shutDownWithDrain too', async () => {
    const queue = newDelayingQueue();
    queue.addAfter('a', 10);
    await queue.shutDownWithDrain();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('adds ready items to the queue it wraps', async () => {
    const inner = newQueue();
    const queue = newDelayingQueue({ queue: inner });
    queue.addAfter('a', 5);
    jest.advanceTimersByTime(5);
    expect(inner.len()).toBe(1);
  });

  it('stops its timer when the wrapped queue was shut down directly', () => {
    const inner = newQueue();
    const queue = newDelayingQueue({ queue: inner });
    queue.addAfter('a', 5);
    queue.addAfter('b', 10);
    inner.shutDown();
    jest.advanceTimersByTime(5);
    expect(jest.getTimerCount()).toBe(0);
    expect(inner.len()).toBe(0);
  });

  it('counts every addAfter in the retries metric of a named queue', () => {
    let retries = 0;
    const provider: MetricsProvider = {
      ...noopMetricsProvider,
      newRetriesMetric: (name) => {
        expect(name).toBe('q');
        return { inc: () => retries++ };
      },
    };
    const queue = newDelayingQueue({ name: 'q', metricsProvider: provider });
    queue.addAfter('a', 0);
    queue.addAfter('b', 10);
    queue.shutDown();
    queue.addAfter('c', 10);
    expect(retries).toBe(2);
  });
});
