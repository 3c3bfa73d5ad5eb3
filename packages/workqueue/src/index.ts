/**
 * @kubekit/workqueue: client-go's work queues and rate limiters for TypeScript. Knows nothing of
 * Kubernetes and depends on no other kubekit package.
 * @packageDocumentation
 */
export type { Clock } from './clock';
export { realClock } from './clock';
export type { WorkqueueErrorReason } from './workqueue-error';
export { WorkqueueError } from './workqueue-error';
export type { Queue, QueueOptions, GetOptions, GetResult } from './queue';
export { newQueue } from './queue';
export type { DelayingQueue, DelayingQueueOptions } from './delaying-queue';
export { newDelayingQueue } from './delaying-queue';
export type { RateLimitingQueue, RateLimitingQueueOptions } from './rate-limiting-queue';
export { newRateLimitingQueue } from './rate-limiting-queue';
export type {
  PriorityQueue,
  PriorityQueueOptions,
  AddOptions,
  PriorityGetResult,
} from './priority-queue';
export { newPriorityQueue, LowPriority } from './priority-queue';
export type {
  RateLimiter,
  ItemExponentialFailureOptions,
  ItemFastSlowOptions,
  BucketRateLimiterOptions,
  WithMaxWaitOptions,
  DefaultControllerRateLimiterOptions,
} from './default-rate-limiters';
export {
  itemExponentialFailureRateLimiter,
  itemFastSlowRateLimiter,
  bucketRateLimiter,
  maxOfRateLimiter,
  withMaxWaitRateLimiter,
  defaultControllerRateLimiter,
  defaultItemBasedRateLimiter,
} from './default-rate-limiters';
export type { TokenBucket, TokenBucketOptions, Reservation } from './token-bucket';
export { newTokenBucket } from './token-bucket';
export type {
  MetricsProvider,
  GaugeMetric,
  SettableGaugeMetric,
  CounterMetric,
  HistogramMetric,
} from './metrics';
export { noopMetricsProvider } from './metrics';
export type {
  PromClientLike,
  PromLabeled,
  PromMetricConfig,
  PrometheusMetricsOptions,
} from './prometheus-metrics';
export { prometheusMetricsProvider } from './prometheus-metrics';
export type { RunWorkersOptions } from './run-workers';
export { runWorkers } from './run-workers';
export type { ParallelizeOptions } from './parallelizer';
export { parallelizeUntil } from './parallelizer';
export type { KeyedBackoff, KeyedBackoffOptions } from './flowcontrol-backoff';
export { newKeyedBackoff } from './flowcontrol-backoff';
