/**
 * ListerWatcher: the narrow interface a Reflector lists and watches through.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/listwatch.go
 * @packageDocumentation
 */
import type { KubeList, KubeObject, WatchEvent } from '@kubekit/apimachinery';

/**
 * Told of a failed attempt that the client retries inside one list or watch request (a 429 or
 * 503 with Retry-After, a reset connection), before it waits `delayMs`; @kubekit/rest's
 * `Request.onRetry` fits.
 */
export type RetryListener = (attempt: { error: unknown; delayMs: number }) => void;

/** Query options of a list request (metav1.ListOptions, list subset). */
export interface ListOptions {
  /** At most this many items per page; the server answers with a `continue` token. */
  limit?: number;
  /** The token of the previous page. */
  continue?: string;
  /**
   * `''`: the most recent data (a consistent read); `'0'`: any data, served from the watch
   * cache; anything else: data not older than it (with `resourceVersionMatch`, exactly it).
   */
  resourceVersion?: string;
  /** `NotOlderThan` or `Exact`; see {@link ListOptions.resourceVersion}. */
  resourceVersionMatch?: string;
  /** A label selector in its string form, e.g. `app=web,tier!=db`. */
  labelSelector?: string;
  /** A field selector in its string form, e.g. `metadata.name=web`. */
  fieldSelector?: string;
  /** Aborts the request. */
  signal?: AbortSignal;
  /** Told of every failed attempt the client retries (the Reflector reports them). */
  onRetry?: RetryListener;
}

/** Query options of a watch request (metav1.ListOptions, watch subset). */
export interface WatchOptions {
  /** Start after this resourceVersion; `''` or `'0'` start with synthetic ADDED events. */
  resourceVersion?: string;
  /** `NotOlderThan` together with `sendInitialEvents` (streaming list). */
  resourceVersionMatch?: string;
  /** Ask the server for BOOKMARK events (they advance the resourceVersion). */
  allowWatchBookmarks?: boolean;
  /** The server ends the watch after this many seconds. */
  timeoutSeconds?: number;
  /**
   * Streaming list: the server first sends the current state as ADDED events, then a BOOKMARK
   * annotated `k8s.io/initial-events-end: "true"`, then the changes.
   */
  sendInitialEvents?: boolean;
  /** A label selector in its string form. */
  labelSelector?: string;
  /** A field selector in its string form. */
  fieldSelector?: string;
  /** Aborting it ends the watch: the iteration finishes (or throws) and the stream is closed. */
  signal?: AbortSignal;
  /** Told of every failed attempt the client retries while opening the watch. */
  onRetry?: RetryListener;
}

/**
 * Lists and watches one kind of object: all a Reflector needs from the API. `list` rejects with
 * a `StatusError` for API errors (410 Gone / Expired makes the Reflector relist from scratch).
 * `watch` yields events; an `ERROR` event may be yielded or thrown as a `StatusError`. Ending the
 * iteration (`return()`) or aborting `signal` must close the underlying stream. A stream that
 * also offers its events a batch at a time (`watchEventBatches` of @kubekit/apimachinery, as
 * @kubekit/rest's do) is read that way by the Reflector (unless `watchBatches: false`).
 */
export interface ListerWatcher<T extends KubeObject = KubeObject> {
  /** Lists one page (or all) of the objects. */
  list(options: ListOptions): Promise<KubeList<T>>;
  /** Starts a watch. */
  watch(
    options: WatchOptions,
  ): Promise<AsyncIterable<WatchEvent<T>>> | AsyncIterable<WatchEvent<T>>;
}

/**
 * Adjusts the options of every list and watch request (e.g. to add a label selector); options
 * are copies, so mutate them freely.
 */
export type TweakListOptionsFunc = (options: ListOptions & WatchOptions) => void;
