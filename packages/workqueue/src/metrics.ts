/** A value that goes up and down (the queue depth). @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/metrics.go */
export interface GaugeMetric {
  /** Adds one. */
  inc(): void;
  /** Subtracts one. */
  dec(): void;
}

/** A value that is set outright (unfinished work seconds, longest running processor). */
export interface SettableGaugeMetric {
  /** Replaces the value. */
  set(value: number): void;
}

/** A value that only goes up (adds, retries). */
export interface CounterMetric {
  /** Adds one. */
  inc(): void;
}

/** A distribution of observations, in seconds (queue latency, work duration). */
export interface HistogramMetric {
  /** Records one observation. */
  observe(value: number): void;
}

/**
 * Makes the metrics of a named queue; each method is called once per queue, with the queue's
 * `name` option. Queues without a name record no metrics.
 *
 * | method | client-go / Prometheus metric |
 * | --- | --- |
 * | newDepthMetric | `workqueue_depth` |
 * | newAddsMetric | `workqueue_adds_total` |
 * | newLatencyMetric | `workqueue_queue_duration_seconds` (time from add to get) |
 * | newWorkDurationMetric | `workqueue_work_duration_seconds` (time from get to done) |
 * | newUnfinishedWorkSecondsMetric | `workqueue_unfinished_work_seconds` (sum of in-flight ages) |
 * | newLongestRunningProcessorSecondsMetric | `workqueue_longest_running_processor_seconds` |
 * | newRetriesMetric | `workqueue_retries_total` (calls to addAfter / addRateLimited) |
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/workqueue/metrics.go
 * @see {@link prometheusMetricsProvider} for a prom-client implementation.
 */
export interface MetricsProvider {
  /** The number of items waiting in the queue (not counting delayed or in-flight ones). */
  newDepthMetric(name: string): GaugeMetric;
  /** The number of items added (a re-add of a queued item is not counted). */
  newAddsMetric(name: string): CounterMetric;
  /** Seconds an item waited in the queue before a worker got it. */
  newLatencyMetric(name: string): HistogramMetric;
  /** Seconds a worker spent on an item, from get to done. */
  newWorkDurationMetric(name: string): HistogramMetric;
  /** Sum of the ages, in seconds, of the items being processed; updated every 500 ms. */
  newUnfinishedWorkSecondsMetric(name: string): SettableGaugeMetric;
  /** Age, in seconds, of the oldest item being processed; updated every 500 ms. */
  newLongestRunningProcessorSecondsMetric(name: string): SettableGaugeMetric;
  /** The number of delayed (retried) adds. */
  newRetriesMetric(name: string): CounterMetric;
}

const noopMetric: GaugeMetric & SettableGaugeMetric & CounterMetric & HistogramMetric = {
  inc() {},
  dec() {},
  set() {},
  observe() {},
};

/** The default provider: records nothing, and queues using it skip all bookkeeping. */
export const noopMetricsProvider: MetricsProvider = {
  newDepthMetric: () => noopMetric,
  newAddsMetric: () => noopMetric,
  newLatencyMetric: () => noopMetric,
  newWorkDurationMetric: () => noopMetric,
  newUnfinishedWorkSecondsMetric: () => noopMetric,
  newLongestRunningProcessorSecondsMetric: () => noopMetric,
  newRetriesMetric: () => noopMetric,
};
