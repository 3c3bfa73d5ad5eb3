import type { Clock } from '@kubekit/apimachinery';

/** Parameters of {@link delayWithReset}; the defaults are the Reflector's. */
export interface BackoffParams {
  /** First delay before jitter (ms). */
  initialMs: number;
  /** Delays stop growing here (ms), before jitter. */
  capMs: number;
  /** Growth factor between steps. */
  factor: number;
  /** Each delay is d + random() * jitter * d. */
  jitter: number;
  /** Back to the first delay when no delay was asked for during this long (ms). */
  resetMs: number;
}

/** client-go's reflector backoff: 800 ms doubling to 30 s, jitter 1.0, reset after 2 min. */
export const reflectorBackoff: BackoffParams = {
  initialMs: 800,
  capMs: 30_000,
  factor: 2,
  jitter: 1,
  resetMs: 120_000,
};

/**
 * A delay function growing exponentially with jitter, which starts over once it has not been
 * called for `resetMs` (a healthy period). Port of wait.Backoff.DelayWithReset.
 */
export function delayWithReset(
  params: BackoffParams,
  clock: Clock,
  random: () => number = Math.random,
): () => number {
  let next = params.initialMs;
  let last: number | undefined;
  return () => {
    const now = clock.now();
    if (last !== undefined && now - last > params.resetMs) next = params.initialMs;
    last = now;
    const delay = next;
    next = Math.min(next * params.factor, params.capMs);
    return delay + random() * params.jitter * delay;
  };
}
