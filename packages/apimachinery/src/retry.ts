import type { BackoffOptions } from './backoff';
import { isConflict } from './status-predicates';
import { exponentialBackoff, type WaitOptions } from './wait';
import { WaitTimeoutError } from './wait-timeout-error';

/**
 * Retrying a read-modify-write on conflicts (k8s.io/client-go/util/retry).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/retry/util.go
 */

/**
 * The backoff for {@link retryOnConflict} (retry.DefaultRetry): five tries, 10 ms apart with
 * up to 10% jitter. Meant for conflicts between controllers writing the same object, which
 * clear within milliseconds.
 */
export const DefaultRetry: Readonly<BackoffOptions> = Object.freeze({
  steps: 5,
  duration: 10,
  factor: 1,
  jitter: 0.1,
});

/**
 * A growing backoff (retry.DefaultBackoff): four tries, 10, 50 and 250 ms apart with up to 10%
 * jitter. Meant for errors that take longer to clear than a conflict.
 */
export const DefaultBackoff: Readonly<BackoffOptions> = Object.freeze({
  steps: 4,
  duration: 10,
  factor: 5,
  jitter: 0.1,
});

/**
 * Runs `fn` until it succeeds, retrying (after the delays of `backoff`) while it throws an
 * error `retriable` accepts (retry.OnError). Resolves with `fn`'s result.
 *
 * @throws the first error `retriable` refuses, at once; the last error `fn` threw when the
 *   backoff's steps run out (never a wait timeout hiding it); {@link WaitTimeoutError} only
 *   when `backoff.steps` is 0 and `fn` never ran; the abort reason when `options.signal` aborts.
 */
export async function onError<T>(
  backoff: BackoffOptions,
  retriable: (error: unknown) => boolean,
  fn: (signal: AbortSignal) => T | Promise<T>,
  options: WaitOptions = {},
): Promise<T> {
  let result: { value: T } | undefined;
  let lastRetriable: { error: unknown } | undefined;
  let refused: { error: unknown } | undefined;
  try {
    await exponentialBackoff(
      backoff,
      async (signal) => {
        try {
          result = { value: await fn(signal) };
          return true;
        } catch (error) {
          if (!retriable(error)) {
            refused = { error };
            throw error;
          }
          lastRetriable = { error };
          return false;
        }
      },
      options,
    );
  } catch (error) {
    const exhausted = error instanceof WaitTimeoutError && error !== refused?.error;
    throw exhausted && lastRetriable ? lastRetriable.error : error;
  }
  return result!.value;
}

/**
 * Runs a read-modify-write `fn` again while it fails with a Conflict (409), as
 * retry.RetryOnConflict does. `fn` must read the object afresh on each call: a conflict means
 * the copy it wrote was stale.
 *
 * @example
 * ```ts
 * await retryOnConflict(DefaultRetry, async () => {
 *   const scale = await jobs.getScale('train');
 *   await jobs.updateScale('train', { ...scale, spec: { replicas: 3 } });
 * });
 * ```
 * @throws as {@link onError}: the last Conflict when the tries run out, any other error at once.
 */
export function retryOnConflict<T>(
  backoff: BackoffOptions,
  fn: (signal: AbortSignal) => T | Promise<T>,
  options: WaitOptions = {},
): Promise<T> {
  return onError(backoff, isConflict, fn, options);
}
