import type { MetricsProvider } from './metrics';

/** The part of a prom-client metric config this adapter sets. */
export interface PromMetricConfig<R> {
  /** Metric name, e.g. `workqueue_depth`. */
  name: string;
  /** Help text. */
  help: string;
  /** Label names; always `['name']` (the queue name). */
  labelNames: string[];
  /** Registries to register in. */
  registers: R[];
}

/** A prom-client metric with labels: `labels(queueName)` returns the child for one queue. */
export interface PromLabeled<Child> {
  /** The child metric for these label values. */
  labels(...values: string[]): Child;
}

/**
 * The parts of the `prom-client` module this adapter uses (`import * as promClient from
 * 'prom-client'` satisfies it). Declared structurally so that this package has no dependency,
 * not even a type one, on prom-client.
 */
export interface PromClientLike<R> {
  /** prom-client's Gauge class. */
  Gauge: new (config: PromMetricConfig<R>) => PromLabeled<{
    inc(): void;
    dec(): void;
    set(value: number): void;
  }>;
  /** prom-client's Counter class. */
  Counter: new (config: PromMetricConfig<R>) => PromLabeled<{ inc(): void }>;
  /** prom-client's Histogram class. */
  Histogram: new (
    config: PromMetricConfig<R> & { buckets: number[] },
  ) => PromLabeled<{ observe(value: number): void }>;
  /** prom-client's global registry. */
  register: R;
}

/** Options of {@link prometheusMetricsProvider}. */
export interface PrometheusMetricsOptions<R> {
  /** Registry to register the metrics in; defaults to prom-client's global `register`. */
  registry?: R;
}

/** Buckets of the two duration histograms, as Kubernetes' component-base: 10 ns to 10 s. */
const DURATION_BUCKETS = [1e-8, 1e-7, 1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1, 10];

/**
 * A {@link MetricsProvider} backed by prom-client, with the metric names and help texts of
 * Kubernetes' component-base workqueue metrics (`workqueue_depth`, `workqueue_adds_total`,
 * `workqueue_queue_duration_seconds`, `workqueue_work_duration_seconds`,
 * `workqueue_unfinished_work_seconds`, `workqueue_longest_running_processor_seconds`,
 * `workqueue_retries_total`), each labelled with the queue `name`.
 *
 * prom-client is an optional peer dependency: pass the module in, so this package never loads it.
 * The seven metrics are registered when this is called, so call it once per registry and share
 * the provider between queues.
 *
 * @example
 * ```ts
 * import * as promClient from 'prom-client';
 * const metricsProvider = prometheusMetricsProvider(promClient);
 * const queue = newRateLimitingQueue<string>({ name: 'tfjobs', metricsProvider });
 * ```
 * @see https://github.com/kubernetes/component-base/blob/master/metrics/prometheus/workqueue/metrics.go
 */
export function prometheusMetricsProvider<R>(
  promClient: PromClientLike<R>,
  options: PrometheusMetricsOptions<R> = {},
): MetricsProvider {
  const registers = [options.registry ?? promClient.register];
  const config = (name: string, help: string): PromMetricConfig<R> => ({
    name: `workqueue_${name}`,
    help,
    labelNames: ['name'],
    registers,
  });
  const depth = new promClient.Gauge(config('depth', 'Current depth of workqueue'));
  const adds = new promClient.Counter(
    config('adds_total', 'Total number of adds handled by workqueue'),
  );
  const latency = new promClient.Histogram({
    ...config(
      'queue_duration_seconds',
      'How long in seconds an item stays in workqueue before being requested.',
    ),
    buckets: DURATION_BUCKETS,
  });
  const workDuration = new promClient.Histogram({
    ...config(
      'work_duration_seconds',
      'How long in seconds processing an item from workqueue takes.',
    ),
    buckets: DURATION_BUCKETS,
  });
  const unfinished = new promClient.Gauge(
    config(
      'unfinished_work_seconds',
      "How many seconds of work has done that is in progress and hasn't been observed by work_duration. Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.",
    ),
  );
  const longest = new promClient.Gauge(
    config(
      'longest_running_processor_seconds',
      'How many seconds has the longest running processor for workqueue been running.',
    ),
  );
  const retries = new promClient.Counter(
    config('retries_total', 'Total number of retries handled by workqueue'),
  );
  return {
    newDepthMetric: (name) => depth.labels(name),
    newAddsMetric: (name) => adds.labels(name),
    newLatencyMetric: (name) => latency.labels(name),
    newWorkDurationMetric: (name) => workDuration.labels(name),
    newUnfinishedWorkSecondsMetric: (name) => unfinished.labels(name),
    newLongestRunningProcessorSecondsMetric: (name) => longest.labels(name),
    newRetriesMetric: (name) => retries.labels(name),
  };
}
