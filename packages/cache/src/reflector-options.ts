/**
 * The Reflector's options and the store and error-handler contracts it works with.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/reflector.go
 * @packageDocumentation
 */
import type {
  Clock,
  ExponentialBackoffManagerOptions,
  GroupVersionKind,
  KubeObject,
} from '@kubekit/apimachinery';
import type { TransformFunc } from './delta-fifo';
import type { ListerWatcher } from './listwatch';

/** The part of a store a Reflector writes to (an informer's RealFIFO or DeltaFIFO). */
export interface ReflectorStore<T = KubeObject> {
  /** An ADDED watch event. */
  add(obj: T): void;
  /** A MODIFIED watch event. */
  update(obj: T): void;
  /** A DELETED watch event. */
  delete(obj: T): void;
  /** A complete list (paginated or streamed) at `resourceVersion`. */
  replace(list: readonly T[], resourceVersion: string): void;
  /** A resync tick (see `resyncPeriodMs`). */
  resync(): void;
  /**
   * The transform the store applies to every object it takes in, if any (client-go's
   * `TransformingStore`). A streaming list then applies it to each object as it arrives, so the
   * untransformed objects (with managedFields, say) die young instead of all living until the
   * list is complete; the store applies it again on `replace`, so it must be idempotent.
   */
  transformer?(): TransformFunc<T> | undefined;
}

/**
 * Receives every error a Reflector recovers from; it must not throw. `retryInMs` is set when
 * the error is a failed attempt that the client retries inside the same request (a 429 or 503
 * with Retry-After): the request is still running.
 */
export type WatchErrorHandler = (
  error: unknown,
  context: { reflector: string; retryInMs?: number },
) => void;

/** Counters and timestamps describing a Reflector's connection to the server. */
export interface ReflectorStats {
  /** Clock reading (epoch ms with the real clock) of the last list or watch event received. */
  lastEventTime: number | undefined;
  /** The last error handed to the watch error handler. */
  lastError: unknown;
  /** Clock reading of {@link ReflectorStats.lastError}. */
  lastErrorTime: number | undefined;
  /** Watches opened after the first one (timeouts, errors, relists). */
  watchRestarts: number;
  /** Completed full lists (paginated list or streaming list). */
  lists: number;
}

/**
 * The Reflector's backoff between list-and-watch rounds and between retried watches (client-go's
 * `ReflectorOptions.Backoff`); each field defaults to client-go's: `initial` 800 ms, doubling
 * (`factor` 2) up to `max` 30 s, `jitter` 1.0 (up to +100%), reset after `resetAfter` 2 min
 * without a failure.
 */
export type ReflectorBackoff = Pick<
  ExponentialBackoffManagerOptions,
  'initial' | 'max' | 'factor' | 'jitter' | 'resetAfter'
>;

/** Options of newReflector. */
export interface ReflectorOptions<T extends KubeObject> {
  /** Where objects come from. */
  listerWatcher: ListerWatcher<T>;
  /** Where they go. */
  store: ReflectorStore<T>;
  /** Names the reflector in errors; default `reflector`. */
  name?: string | undefined;
  /**
   * Calls `store.resync()` this often (ms) while watching; 0 (default) never. A resync that
   * throws is reported (ReflectorError `ResyncFailed`) and ends the round as in client-go: the
   * watch closes, resyncing stops, and the Reflector relists after its backoff.
   */
  resyncPeriodMs?: number | undefined;
  /** Asked at each resync tick; resync happens only when it returns true. Default: always. */
  shouldResync?: (() => boolean) | undefined;
  /** Items per list page; default 500 (client-go's pager), or unpaged where client-go is. */
  pageSize?: number | undefined;
  /**
   * Try a streaming list (watch with `sendInitialEvents`) before a paginated list; falls back
   * to listing, for good once the server rejects the request. Default true.
   */
  useWatchList?: boolean | undefined;
  /** Watches ask for a server timeout drawn uniformly from [min, 2 * min]; default 5 min. */
  minWatchTimeoutMs?: number | undefined;
  /**
   * Close and re-open (from the last resourceVersion, no relist) a watch that delivered no event,
   * not even a bookmark, for this long (ms). Default 5 min; 0 disables.
   */
  inactivityTimeoutMs?: number | undefined;
  /** Gets every recovered error; default logs all but 410 Expired with `console.warn`. */
  watchErrorHandler?: WatchErrorHandler | undefined;
  /** The backoff between rounds and retried watches; default client-go's (see the type). */
  backoff?: ReflectorBackoff | undefined;
  /**
   * The kind every watched object must be (client-go's `expectedType` / `expectedGVK`): an
   * ADDED, MODIFIED or DELETED event whose object has another `apiVersion` or `kind` is reported
   * (ReflectorError `UnexpectedEvent`) and skipped, so it never enters the store. Lists are not
   * checked (their items carry no kind). Default: not checked.
   */
  expectedGVK?: GroupVersionKind | undefined;
  /**
   * Read a watch's events a received chunk at a time when its stream offers them so
   * (`watchEventBatches` of @kubekit/apimachinery; @kubekit/rest's streams do) and apply each
   * batch synchronously: one asynchronous hand-over per chunk instead of one per event, with the
   * per-event semantics (see docs/benchmarks.md). Default true; false reads every stream an
   * event at a time (other work then interleaves with the events of one chunk).
   */
  watchBatches?: boolean | undefined;
  /** Time source; default the real clock. */
  clock?: Clock | undefined;
  /** Random source in [0, 1) for jitter and watch timeouts; default Math.random. */
  random?: (() => number) | undefined;
}

/** The Reflector options an informer passes through unchanged. */
export type ReflectorTuning = Pick<
  ReflectorOptions<KubeObject>,
  | 'pageSize'
  | 'useWatchList'
  | 'minWatchTimeoutMs'
  | 'inactivityTimeoutMs'
  | 'watchErrorHandler'
  | 'backoff'
  | 'watchBatches'
  | 'clock'
  | 'random'
>;
