import { WaitOptionsError, checkDuration } from './wait-options-error';
import { realClock, type Clock } from './clock';

/**
 * Backoff schedules (k8s.io/apimachinery/pkg/util/wait/backoff.go). Durations are milliseconds.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/wait/backoff.go
 */

/**
 * `duration` plus a random extra of up to `maxFactor * duration` (wait.Jitter); a `maxFactor`
 * of 0 or less means 1.
 */
export function jitter(
  duration: number,
  maxFactor: number,
  random: () => number = Math.random,
): number {
  const factor = maxFactor > 0 ? maxFactor : 1;
  return duration + random() * factor * duration;
}

/** The parameters of a {@link Backoff}. */
export interface BackoffOptions {
  /** The first delay in ms. */
  duration: number;
  /** Each step multiplies the delay by this (0 or 1: constant). Default 0. */
  factor?: number;
  /** Each delay gets a random extra of up to `jitter * delay`. Default 0 (none). */
  jitter?: number;
  /**
   * How many delays still grow. When it reaches 0, `step()` keeps returning the current delay
   * (jittered) and {@link exponentialBackoff} stops retrying. Default 0. May be `Infinity`.
   */
  steps?: number;
  /** The delay never grows beyond this; reaching it sets `steps` to 0. 0: no cap (default). */
  cap?: number;
  /** Source of randomness for jitter, `[0, 1)`. Default `Math.random`. */
  random?: () => number;
}

/**
 * A backoff schedule (wait.Backoff): each {@link Backoff.step} returns the next delay and moves
 * the schedule on. Mutable, like Go's struct; helpers that take a Backoff copy it first.
 *
 * @example
 * ```ts
 * const b = new Backoff({ duration: 10, factor: 2, steps: 4, cap: 50 });
 * [b.step(), b.step(), b.step(), b.step()]; // [10, 20, 40, 50]
 * ```
 */
export class Backoff implements BackoffOptions {
  /** The delay the next step returns (before jitter). */
  duration: number;
  readonly factor: number;
  readonly jitter: number;
  /** Remaining growing steps. */
  steps: number;
  readonly cap: number;
  readonly random: () => number;

  /** @throws {@link WaitOptionsError} for a negative or non-finite option, or fractional `steps`. */
  constructor(options: BackoffOptions) {
    checkDuration('duration', options.duration);
    for (const name of ['factor', 'jitter', 'cap'] as const)
      checkDuration(name, options[name] ?? 0);
    const steps = options.steps ?? 0;
    if (!(steps === Infinity || (Number.isInteger(steps) && steps >= 0))) {
      throw new WaitOptionsError('steps', `must be an integer >= 0 or Infinity, got ${steps}`);
    }
    this.duration = options.duration;
    this.factor = options.factor ?? 0;
    this.jitter = options.jitter ?? 0;
    this.steps = steps;
    this.cap = options.cap ?? 0;
    this.random = options.random ?? Math.random;
  }

  /**
   * The next delay (wait.Backoff.Step): the current duration, jittered; then, while steps
   * remain, one step is used and the duration is multiplied by `factor`, at most `cap` (reaching
   * the cap uses up all steps). With no steps left the duration stays as it is.
   */
  step(): number {
    const current = this.duration;
    if (this.steps >= 1) {
      this.steps--;
      if (this.factor !== 0) {
        this.duration = current * this.factor;
        if (this.cap > 0 && this.duration > this.cap) {
          this.duration = this.cap;
          this.steps = 0;
        }
      }
    }
    return this.jitter > 0 ? jitter(current, this.jitter, this.random) : current;
  }
}

/** Hands out the delay before the next attempt of a loop (wait.BackoffManager). */
export interface BackoffManager {
  /** The delay in ms before the next attempt; may update the manager's state. */
  next(): number;
}

/** Options of {@link jitteredBackoffManager}. */
export interface JitteredBackoffOptions {
  /** The delay in ms. */
  period: number;
  /** Each delay gets a random extra of up to `jitterFactor * period`; 0 (default): none. */
  jitterFactor?: number;
  random?: () => number;
}

/**
 * A constant delay, optionally jittered (wait.NewJitteredBackoffManager).
 *
 * @throws {@link WaitOptionsError} for a negative period or jitter factor.
 */
export function jitteredBackoffManager(options: JitteredBackoffOptions): BackoffManager {
  const { period, jitterFactor = 0, random = Math.random } = options;
  checkDuration('period', period);
  checkDuration('jitterFactor', jitterFactor);
  return { next: () => (jitterFactor > 0 ? jitter(period, jitterFactor, random) : period) };
}

/** Options of {@link exponentialBackoffManager}; the defaults are client-go's reflector's. */
export interface ExponentialBackoffManagerOptions {
  /** The first delay in ms. Default 800. */
  initial?: number;
  /** The delay never grows beyond this. Default 30 000. */
  max?: number;
  /** A gap longer than this since the previous `next()` (a healthy run) resets the delay. Default 120 000. */
  resetAfter?: number;
  /** Growth per attempt. Default 2. */
  factor?: number;
  /** Random extra of up to `jitter * delay`. Default 1. */
  jitter?: number;
  clock?: Clock;
  random?: () => number;
}

/**
 * Exponential backoff that starts over after a healthy period (wait.NewExponentialBackoffManager,
 * as client-go's Reflector uses it: 800ms doubling to 30s, jitter 1.0, reset after 2 minutes
 * without failures). Once capped, delays stay at `max` (plus jitter) until a reset.
 *
 * @throws {@link WaitOptionsError} for out-of-range options.
 */
export function exponentialBackoffManager(
  options: ExponentialBackoffManagerOptions = {},
): BackoffManager {
  const { initial = 800, max = 30_000, resetAfter = 120_000, factor = 2, jitter: j = 1 } = options;
  const clock = options.clock ?? realClock;
  checkDuration('resetAfter', resetAfter);
  const fresh = (): Backoff =>
    new Backoff({
      duration: initial,
      factor,
      jitter: j,
      steps: Infinity,
      cap: max,
      random: options.random,
    });
  let backoff = fresh();
  let lastStart = clock.now();
  return {
    next: () => {
      const now = clock.now();
      if (now - lastStart > resetAfter) backoff = fresh();
      lastStart = now;
      return backoff.step();
    },
  };
}
