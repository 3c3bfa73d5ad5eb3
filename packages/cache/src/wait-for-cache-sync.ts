/**
 * Waiting for informers' initial lists.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/shared_informer.go (WaitForCacheSync)
 * @packageDocumentation
 */
import { abortError, realClock, type Clock, type TimerHandle } from '@kubekit/apimachinery';

/** Reports whether a cache (informer, handler registration, ...) has synced. */
export type InformerSynced = () => boolean;

/** Anything with a `hasSynced()`: informers and handler registrations. */
export interface HasSynced {
  hasSynced(): boolean;
}

/** The first argument of {@link waitForCacheSync} when it is not just a signal. */
export interface WaitForCacheSyncOptions {
  signal?: AbortSignal | undefined;
  /** The clock of the polls; default the real clock. */
  clock?: Clock | undefined;
}

/** Re-checks on the next macrotasks before the timed polls start (no time passes for them). */
const immediateChecks = 10;

/**
 * Resolves once every given informer, registration or function reports synced; checks at once,
 * on each of the next ten macrotask turns (an informer fed in-process syncs
 * there, whatever the clock), then every 10 ms for the first second and every 100 ms after
 * (on `options.clock` when the first argument is a {@link WaitForCacheSyncOptions}).
 *
 * Errors: rejects with the abort reason (an AbortError) when `signal` aborts first, removing its
 * timer and listener.
 *
 * @example
 * ```ts
 * await waitForCacheSync(signal, podInformer, registration.hasSynced);
 * ```
 */
export function waitForCacheSync(
  options: AbortSignal | WaitForCacheSyncOptions | undefined,
  ...synced: readonly (HasSynced | InformerSynced)[]
): Promise<void> {
  const { signal, clock = realClock } =
    options instanceof AbortSignal ? { signal: options } : (options ?? {});
  const checks = synced.map((s) => (typeof s === 'function' ? s : () => s.hasSynced()));
  const allSynced = () => checks.every((check) => check());
  if (signal?.aborted) return Promise.reject(abortError(signal));
  if (allSynced()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    let polls = 0;
    let timer: TimerHandle | undefined;
    let turn: ReturnType<typeof setImmediate> | undefined;
    const onAbort = () => {
      if (timer) clock.clearTimeout(timer);
      if (turn) clearImmediate(turn);
      reject(abortError(signal));
    };
    const poll = () => {
      if (allSynced()) {
        signal?.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      polls++;
      if (polls <= immediateChecks) turn = setImmediate(poll);
      else timer = clock.setTimeout(poll, polls < 100 + immediateChecks ? 10 : 100);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    turn = setImmediate(poll);
  });
}
