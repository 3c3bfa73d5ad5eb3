import type { MetricsProvider } from './metrics';
import { noopMetricsProvider } from './metrics';
import { newQueue } from './queue';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/** A provider that keeps every value it is given, per queue name and metric. */
function recordingProvider() {
  const gauges = new Map<string, number>();
  const counters = new Map<string, number>();
  const observations = new Map<string, number[]>();
  const gauge = (key: string) => ({
    inc: () => gauges.set(key, (gauges.get(key) ?? 0) + 1),
    dec: () => gauges.set(key, (gauges.get(key) ?? 0) - 1),
    set: (value: number) => gauges.set(key, value),
  });
  const counter = (key: string) => ({ inc: () => counters.set(key, (counters.get(key) ?? 0) + 1) });
  const histogram = (key: string) => ({
    observe: (value: number) => observations.set(key, [...(observations.get(key) ?? []), value]),
  });
  const provider: MetricsProvider = {
    newDepthMetric: (name) => gauge(`${name}/depth`),
    newAddsMetric: (name) => counter(`${name}/adds`),
    newLatencyMetric: (name) => histogram(`${name}/latency`),
    newWorkDurationMetric: (name) => histogram(`${name}/work`),
    newUnfinishedWorkSecondsMetric: (name) => gauge(`${name}/unfinished`),
    newLongestRunningProcessorSecondsMetric: (name) => gauge(`${name}/longest`),
    newRetriesMetric: (name) => counter(`${name}/retries`),
  };
  return { provider, gauges, counters, observations };
}

describe('queue metrics', () => {
  it('records depth, adds, queue latency and work duration in seconds', async () => {
    const { provider, gauges, counters, observations } = recordingProvider();
    const queue = newQueue({ name: 'q', metricsProvider: provider });
    queue.add('a');
    queue.add('a');
    queue.add('b');
    expect(gauges.get('q/depth')).toBe(2);
    expect(counters.get('q/adds')).toBe(2);
    jest.advanceTimersByTime(250);
    const { item } = await queue.get();
    expect(gauges.get('q/depth')).toBe(1);
    expect(observations.get('q/latency')).toEqual([0.25]);
    jest.advanceTimersByTime(1500);
    queue.done(item!);
    expect(observations.get('q/work')).toEqual([1.5]);
  });

  it('updates the unfinished-work gauges every 500 ms while items are in flight', async () => {
    const { provider, gauges } = recordingProvider();
    const queue = newQueue({ name: 'q', metricsProvider: provider });
    queue.add('a');
    queue.add('b');
    const a = (await queue.get()).item!;
    jest.advanceTimersByTime(500);
    const b = (await queue.get()).item!;
    expect(gauges.get('q/unfinished')).toBe(0.5);
    expect(gauges.get('q/longest')).toBe(0.5);
    jest.advanceTimersByTime(500);
    expect(gauges.get('q/unfinished')).toBe(1.5);
    expect(gauges.get('q/longest')).toBe(1);
    queue.done(a);
    queue.done(b);
    expect(gauges.get('q/unfinished')).toBe(0);
    expect(gauges.get('q/longest')).toBe(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops the update timer on shutdown', async () => {
    const { provider } = recordingProvider();
    const queue = newQueue({ name: 'q', metricsProvider: provider });
    queue.add('a');
    await queue.get();
    expect(jest.getTimerCount()).toBe(1);
    queue.shutDown();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('records nothing for a queue without a name, and asks the provider for nothing', async () => {
    const asked: string[] = [];
    const provider = new Proxy(noopMetricsProvider, {
      get: (target, key: string) => {
        asked.push(key);
        return target[key as keyof MetricsProvider];
      },
    });
    const queue = newQueue({ metricsProvider: provider });
    queue.add('a');
    await queue.get();
    expect(asked).toEqual([]);
    expect(jest.getTimerCount()).toBe(0);
  });
});
