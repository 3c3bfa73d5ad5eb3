/**
 * A readiness check over informers that says why one is not ready.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/manager/internal.go (the cache sync check)
 * @packageDocumentation
 */
import type { SharedIndexInformer } from './shared-informer';

/** The part of an informer {@link informerHealthCheck} reads. */
export type CheckedInformer = Pick<SharedIndexInformer, 'name' | 'hasSynced' | 'health'>;

/**
 * A health check (a function that throws when unhealthy, as @kubekit/controller's `HealthCheck`
 * and its manager's `readyChecks` take) that passes once every informer has synced, and
 * otherwise throws an Error naming each informer that has not, with its last error:
 * `informers not synced: core/v1/configmaps (GET https://10.0.0.1:6443/api/v1/configmaps:
 * connection refused (connect ECONNREFUSED 10.0.0.1:6443))` (query strings left out). The message is the one line a probe shows;
 * kubekit's errors carry no credentials. `informers` may be a function, read on each check.
 *
 * @example
 * ```ts
 * await runControllerManager({
 *   controllers: [controller],
 *   server: { healthAddress: ':8081', readyChecks: { informers: informerHealthCheck([pods.informer]) } },
 * });
 * ```
 */
export function informerHealthCheck(
  informers: readonly CheckedInformer[] | (() => Iterable<CheckedInformer>),
): () => void {
  return () => {
    const waiting: string[] = [];
    for (const informer of typeof informers === 'function' ? informers() : informers) {
      if (informer.hasSynced()) continue;
      const error = informer.health().lastError;
      const why = error === undefined ? 'no error yet' : String((error as Error)?.message ?? error);
      // One line, without the query strings of request URLs, so several fit a probe's line.
      const line = why.split('\n', 1)[0]!.replace(/(https?:\/\/[^\s?]+)\?\S*?(?=:\s)/g, '$1');
      waiting.push(`${informer.name} (${line})`);
    }
    if (waiting.length) throw new Error(`informers not synced: ${waiting.join(', ')}`);
  };
}
