/**
 * The time source of leader election: a clock reading and one-shot timers.
 *
 * The shape is a subset of `@kubekit/apimachinery`'s `Clock`, so its real and fake clocks (or
 * any object with these three methods) can be passed to {@link LeaderElector}.
 *
 * Guarantees: leader election only ever subtracts two readings of the same clock, so the
 * origin of `now()` is irrelevant and clocks of different candidates may disagree arbitrarily
 * (clock skew); only their rates are assumed to be close (within the margin
 * `leaseDuration - renewDeadline`).
 *
 * @see https://github.com/kubernetes/utils/blob/master/clock/clock.go
 */
export interface Clock {
  /** Milliseconds since an arbitrary origin; only differences between readings are used. */
  now(): number;
  /** Calls `callback` once after `ms` milliseconds; returns a handle for {@link Clock.clearTimeout}. */
  setTimeout(callback: () => void, ms: number): unknown;
  /** Cancels a timer made by {@link Clock.setTimeout}; a no-op when it already fired. */
  clearTimeout(handle: unknown): void;
}

/**
 * The default clock of leader election: monotonic (`performance.timeOrigin + performance.now()`,
 * so wall-clock steps made by NTP or an operator never shorten or stretch a lease) and the
 * global timers. Globals are looked up at each call, so jest fake timers installed later apply.
 */
export const monotonicClock: Clock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
