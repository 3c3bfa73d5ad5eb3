/**
 * The time source of every queue and rate limiter: a clock reading and one-shot timers.
 *
 * The shape is a subset of `@kubekit/apimachinery`'s `Clock`, so its real and fake clocks can be
 * passed here directly; this package declares its own interface because it depends on nothing
 * else of kubekit.
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
 * The wall clock: `Date.now()` and the global timers, looked up at each call (not captured at
 * import) so that jest fake timers installed later still take effect.
 */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
