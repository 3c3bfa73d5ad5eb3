import { realClock, type Clock } from './clock';
import { checkDuration } from './wait-options-error';
import {
  Backoff,
  jitteredBackoffManager,
  type BackoffManager,
  type BackoffOptions,
} from './backoff';
import { linkedAbort } from './internal/linked-abort';
import { WaitTimeoutError } from './wait-timeout-error';

/**
 * Retry and poll loops (k8s.io/apimachinery/pkg/util/wait). All take an optional `signal`
 * (abort rejects with its reason, an `AbortError`, and removes every timer and listener) and an
 * optional `clock` (default {@link realClock}; a FakeClock in tests).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/wait/wait.go
 */

/**
 * The condition of a wait: resolves `true` when done, `false` to try again; throwing ends the
 * wait with that error. It receives a signal that aborts when the wait is cancelled or times out.
 */
export type ConditionFunc = (signal: AbortSignal) => boolean | Promise<boolean>;

/** Cancellation and time for the wait helpers. */
export interface WaitOptions {
  signal?: AbortSignal;
  clock?: Clock;
}

const neverAborted = new AbortController().signal;

/**
 * Retries `condition` with growing delays (wait.ExponentialBackoffWithContext): runs it up to
 * `backoff.steps` times, sleeping `backoff.step()` in between. The backoff is copied, not
 * changed. Reaching `cap` ends the retries after that sleep, as in client-go.
 *
 * @throws {@link WaitTimeoutError} (`StepsExhausted`) when the steps run out (at once for
 *   `steps: 0`); the condition's own error; the abort reason when `signal` aborts.
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/wait/backoff.go
 */
export async function exponentialBackoff(
  backoff: BackoffOptions,
  condition: ConditionFunc,
  options: WaitOptions = {},
): Promise<void> {
  const b = new Backoff(backoff);
  const clock = options.clock ?? realClock;
  const signal = options.signal ?? neverAborted;
  while (b.steps > 0) {
    signal.throwIfAborted();
    if (await condition(signal)) return;
    if (b.steps === 1) break;
    await clock.sleep(b.step(), signal);
  }
  throw new WaitTimeoutError('StepsExhausted');
}

/** Options of {@link backoffUntil}. */
export interface BackoffUntilOptions extends WaitOptions {
  /** Hands out the delay between runs. */
  backoff: BackoffManager;
  /**
   * `true` (default): the delay starts when `fn` finishes; `false`: it starts when `fn` starts,
   * so a slow run eats into it.
   */
  sliding?: boolean;
  /**
   * Called with each error `fn` throws, and the loop goes on. Without it the first error ends
   * the loop (the returned promise rejects with it).
   */
  onError?: (err: unknown) => void;
}

/** The function a loop runs; it receives the loop's signal. */
export type LoopFunc = (signal: AbortSignal) => unknown;

/**
 * Runs `fn` again and again with the delays `backoff` hands out until `signal` aborts
 * (wait.BackoffUntil). Resolves once stopped: an abort during the delay ends it at once; an
 * abort during `fn` ends it when `fn` settles (an error `fn` throws after the abort is ignored).
 *
 * @throws the first error of `fn` when there is no `onError`.
 */
export async function backoffUntil(fn: LoopFunc, options: BackoffUntilOptions): Promise<void> {
  const { backoff, sliding = true, onError } = options;
  const clock = options.clock ?? realClock;
  const signal = options.signal ?? neverAborted;
  while (!signal.aborted) {
    const started = clock.now();
    const planned = sliding ? 0 : backoff.next();
    try {
      await fn(signal);
    } catch (err) {
      if (signal.aborted) return;
      if (!onError) throw err;
      onError(err);
    }
    const delay = sliding ? backoff.next() : planned - (clock.now() - started);
    try {
      await clock.sleep(Math.max(0, delay), signal);
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    }
  }
}

/** Options of {@link jitterUntil}. */
export interface JitterUntilOptions extends Omit<BackoffUntilOptions, 'backoff'> {
  /** The delay between runs in ms. */
  period: number;
  /** Each delay gets a random extra of up to `jitterFactor * period`; 0 (default): none. */
  jitterFactor?: number;
  random?: () => number;
}

/**
 * Runs `fn` every `period` (jittered) until `signal` aborts (wait.JitterUntil; with the
 * defaults it is wait.Until). See {@link backoffUntil} for how it stops and fails.
 *
 * @throws {@link WaitOptionsError} for a negative period or jitter factor.
 */
export function jitterUntil(fn: LoopFunc, options: JitterUntilOptions): Promise<void> {
  const { period, jitterFactor, random, ...rest } = options;
  return backoffUntil(fn, {
    ...rest,
    backoff: jitteredBackoffManager({ period, jitterFactor, random }),
  });
}

/** Options of {@link pollUntil}. */
export interface PollOptions extends WaitOptions {
  /** The delay between checks in ms (> 0), counted from the end of a check. */
  interval: number;
  /** Give up after this many ms; omitted: poll until done or aborted. */
  timeout?: number;
  /** Check once before the first delay. Default false. */
  immediate?: boolean;
}

/**
 * Checks `condition` every `interval` until it is true (wait.PollUntilContextTimeout). The
 * condition's signal aborts at the timeout, so a check in flight can stop early.
 *
 * @throws {@link WaitTimeoutError} (`Timeout`) when `timeout` passes first; the condition's own
 *   error; the abort reason when `signal` aborts. {@link WaitOptionsError} for a bad interval.
 */
export async function pollUntil(condition: ConditionFunc, options: PollOptions): Promise<void> {
  const { interval, timeout, immediate = false } = options;
  checkDuration('interval', interval, true);
  if (timeout !== undefined) checkDuration('timeout', timeout);
  const clock = options.clock ?? realClock;
  const scope = linkedAbort(options.signal);
  const timedOut = new WaitTimeoutError('Timeout');
  const timer =
    timeout === undefined ? undefined : clock.setTimeout(() => scope.abort(timedOut), timeout);
  try {
    if (immediate && (await condition(scope.signal))) return;
    for (;;) {
      await clock.sleep(interval, scope.signal);
      if (await condition(scope.signal)) return;
    }
  } catch (err) {
    if (scope.signal.reason === timedOut && !options.signal?.aborted) throw timedOut;
    throw err;
  } finally {
    if (timer !== undefined) clock.clearTimeout(timer);
    scope.dispose();
  }
}
