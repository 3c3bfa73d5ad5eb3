import type { PromClientLike, PromMetricConfig } from './prometheus-metrics';
import { prometheusMetricsProvider } from './prometheus-metrics';
import { newRateLimitingQueue } from './rate-limiting-queue';

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

/**
 * A stand-in with prom-client's constructor/registry/labels shape (prom-client itself is not a
 * dependency of this package): metrics register by name, refuse duplicates, keep a value per
 * label value.
 */
class Registry {
  readonly metrics = new Map<string, Metric>();
  register(metric: Metric): void {
    if (this.metrics.has(metric.config.name))
      throw new Error(`${metric.config.name} already registered`);
    this.metrics.set(metric.config.name, metric);
  }
}

class Metric {
  readonly values = new Map<string, number>();
  readonly observations = new Map<string, number[]>();
  constructor(readonly config: PromMetricConfig<Registry> & { buckets?: number[] }) {
    for (const registry of config.registers) registry.register(this);
  }
  labels(...values: string[]) {
    const key = values.join(',');
    const add = (d: number) => this.values.set(key, (this.values.get(key) ?? 0) + d);
    return {
      inc: () => add(1),
      dec: () => add(-1),
      set: (v: number) => this.values.set(key, v),
      observe: (v: number) =>
        this.observations.set(key, [...(this.observations.get(key) ?? []), v]),
    };
  }
}

function promClient(register = new Registry()): PromClientLike<Registry> {
  return { Gauge: Metric, Counter: Metric, Histogram: Metric, register };
}

describe('prometheusMetricsProvider', () => {
  it("registers client-go's seven workqueue metrics, labelled by queue name", () => {
    const client = promClient();
    prometheusMetricsProvider(client);
    const metrics = client.register.metrics;
    expect([...metrics.keys()].sort()).toEqual([
      'workqueue_adds_total',
      'workqueue_depth',
      'workqueue_longest_running_processor_seconds',
      'workqueue_queue_duration_seconds',
      'workqueue_retries_total',
      'workqueue_unfinished_work_seconds',
      'workqueue_work_duration_seconds',
    ]);
    for (const metric of metrics.values()) {
      expect(metric.config.labelNames).toEqual(['name']);
      expect(metric.config.help).not.toBe('');
    }
    expect(metrics.get('workqueue_queue_duration_seconds')!.config.buckets).toEqual([
      1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10,
    ]);
  });

  it('registers in the given registry instead of the global one', () => {
    const client = promClient();
    const registry = new Registry();
    prometheusMetricsProvider(client, { registry });
    expect(registry.metrics.size).toBe(7);
    expect(client.register.metrics.size).toBe(0);
  });

  it('feeds the values of several named queues into one set of metrics', async () => {
    const client = promClient();
    const metricsProvider = prometheusMetricsProvider(client);
    const jobs = newRateLimitingQueue({ name: 'jobs', metricsProvider });
    const pods = newRateLimitingQueue({ name: 'pods', metricsProvider });
    jobs.add('a');
    jobs.add('b');
    pods.add('x');
    jobs.addRateLimited('c');
    const { item } = await jobs.get();
    jest.advanceTimersByTime(2000);
    jobs.done(item!);
    const metric = (name: string) => client.register.metrics.get(`workqueue_${name}`)!;
    expect(metric('depth').values).toEqual(
      new Map([
        ['jobs', 2],
        ['pods', 1],
      ]),
    );
    expect(metric('adds_total').values).toEqual(
      new Map([
        ['jobs', 3],
        ['pods', 1],
      ]),
    );
    expect(metric('retries_total').values).toEqual(new Map([['jobs', 1]]));
    expect(metric('queue_duration_seconds').observations.get('jobs')).toEqual([0]);
    expect(metric('work_duration_seconds').observations.get('jobs')).toEqual([2]);
    expect(metric('unfinished_work_seconds').values.get('jobs')).toBe(0);
    expect(metric('longest_running_processor_seconds').values.get('jobs')).toBe(0);
  });
});
