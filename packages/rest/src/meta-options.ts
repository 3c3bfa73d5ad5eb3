import type { Request, RetryAttempt } from './request';

/**
 * The query options of API calls (metav1 ListOptions, GetOptions, CreateOptions, ...), and how
 * they go on a request.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/apis/meta/v1/types.go
 */

/** Cancellation and timeout of one call. */
export interface CallOptions {
  signal?: AbortSignal | undefined;
  /** Overall timeout in ms (retries included). */
  timeoutMs?: number | undefined;
  /** Told of every failed attempt before it is retried; see `Request.onRetry`. */
  onRetry?: ((attempt: RetryAttempt) => void) | undefined;
}

/** Options of list, watch and deleteCollection (metav1.ListOptions). */
export interface ListOptions extends CallOptions {
  /** A label selector string, or an object whose `toString()` is one. */
  labelSelector?: string | { toString(): string } | undefined;
  /** A field selector string, or an object whose `toString()` is one. */
  fieldSelector?: string | { toString(): string } | undefined;
  resourceVersion?: string | undefined;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact' | undefined;
  limit?: number | undefined;
  continue?: string | undefined;
  /** Server-side timeout of a list or watch. */
  timeoutSeconds?: number | undefined;
  allowWatchBookmarks?: boolean | undefined;
  sendInitialEvents?: boolean | undefined;
}

/** Options of get (metav1.GetOptions). */
export interface GetOptions extends CallOptions {
  resourceVersion?: string | undefined;
}

/** Options of create and update (metav1.CreateOptions / UpdateOptions). */
export interface WriteOptions extends CallOptions {
  /** Validate and admit, but persist nothing. */
  dryRun?: boolean | undefined;
  fieldManager?: string | undefined;
  /** How unknown or duplicate fields are treated: `Ignore`, `Warn` (the default) or `Strict`. */
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict' | undefined;
}

/** Options of patch (metav1.PatchOptions). */
export interface PatchOptions extends WriteOptions {
  /** Apply patches: take over fields other managers own. */
  force?: boolean | undefined;
}

/** Options of server-side apply: a field manager is required. */
export interface ApplyOptions extends CallOptions {
  fieldManager: string;
  force?: boolean | undefined;
  dryRun?: boolean | undefined;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict' | undefined;
}

/** Options of delete and deleteCollection (metav1.DeleteOptions), sent as the request body. */
export interface DeleteOptions extends CallOptions {
  gracePeriodSeconds?: number | undefined;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground' | undefined;
  /** Delete only if the object still has this uid / resourceVersion. */
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean | undefined;
}

/** Puts the signal, timeout and retry listener of `options` on `request`. */
export function applyCallOptions(request: Request, options: CallOptions): Request {
  request.signal(options.signal);
  if (options.onRetry) request.onRetry(options.onRetry);
  if (options.timeoutMs !== undefined) request.timeout(options.timeoutMs);
  return request;
}

/** Puts ListOptions on `request` as query parameters. */
export function applyListOptions(request: Request, options: ListOptions): Request {
  return applyCallOptions(request, options)
    .labelSelector(options.labelSelector)
    .fieldSelector(options.fieldSelector)
    .params({
      resourceVersion: options.resourceVersion,
      resourceVersionMatch: options.resourceVersionMatch,
      limit: options.limit,
      continue: options.continue,
      timeoutSeconds: options.timeoutSeconds,
      allowWatchBookmarks: options.allowWatchBookmarks,
      sendInitialEvents: options.sendInitialEvents,
    });
}

/** Puts create / update / patch / apply options on `request` as query parameters. */
export function applyWriteOptions(request: Request, options: PatchOptions | ApplyOptions): Request {
  applyCallOptions(request, options)
    .dryRun(options.dryRun ?? false)
    .force(options.force ?? false);
  if (options.fieldManager) request.fieldManager(options.fieldManager);
  return request.param('fieldValidation', options.fieldValidation);
}

/** The metav1.DeleteOptions body for `options`. */
export function deleteOptionsBody(options: DeleteOptions): Record<string, unknown> {
  return {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    ...(options.gracePeriodSeconds !== undefined
      ? { gracePeriodSeconds: options.gracePeriodSeconds }
      : {}),
    ...(options.propagationPolicy ? { propagationPolicy: options.propagationPolicy } : {}),
    ...(options.preconditions ? { preconditions: options.preconditions } : {}),
    ...(options.dryRun ? { dryRun: ['All'] } : {}),
  };
}
