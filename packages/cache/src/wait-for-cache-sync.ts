/**
 * Waiting for informers' initial lists.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/shared_informer.go (WaitForCacheSync)
 * @packageDocumentation
 */
import { abortError } from '@kubekit/apimachinery';

/** Reports whether a cache (informer, handler registration, ...) has synced. */
export type InformerSynced = () => boolean;

/** Anything with a `hasSynced()`: informers and handler registrations. */
export interface HasSynced {
  hasSynced(): boolean;
}

/**
 * Resolves once every given informer, registration or function reports synced; checks at once,
 * then every 10 ms for the first second and every 100 ms after.
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
  signal: AbortSignal | undefined,
  ...synced: readonly (HasSynced | InformerSynced)[]
): Promise<void> {
  const checks = synced.map((s) => (typeof s === 'function' ? s : () => s.hasSynced()));
  const allSynced = () => checks.every((check) => check());
  if (signal?.aborted) return Promise.reject(abortError(signal));
  if (allSynced()) return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    let polls = 0;
    let timer: ReturnType<typeof setTimeout>;
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal));
    };
    const poll = () => {
      if (allSynced()) {
        signal?.removeEventListener('abort', onAbort);
        resolve();
        return;
      }
      polls++;
      timer = setTimeout(poll, polls < 100 ? 10 : 100);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    timer = setTimeout(poll, 0);
  });
}
