/**
 * The time source of event recording: readings (for timestamps, aggregation windows and the spam
 * filter's token buckets) and one-shot timers (retries, shutdown deadlines).
 *
 * A subset of `@kubekit/apimachinery`'s `Clock`: its `realClock` and `FakeClock` fit.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch (timestamps are written from it). */
  now(): number;
  /** Calls `callback` once after `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by {@link Clock.setTimeout}; a no-op when it already fired. */
  clearTimeout(handle: unknown): void;
}
