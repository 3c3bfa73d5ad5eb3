/**
 * Reflector: keeps a store in step with the server by listing, then watching from the list's
 * resourceVersion, forever.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/reflector.go
 * @packageDocumentation
 */
import {
  apiVersionOf,
  exponentialBackoffManager,
  formatGroupVersionKind,
  isTooManyRequests,
  realClock,
  type Clock,
  type KubeObject,
  type TimerHandle,
} from '@kubekit/apimachinery';
import { defaultPageSize, listAllPages } from './internal/list-pager';
import {
  isExpiredError,
  isTooLargeResourceVersionError,
  isWatchErrorRetriable,
  isWatchListRejected,
} from './internal/reflector-errors';
import { handleWatch, type WatchHandlerContext } from './internal/watch-handler';
import { WatchSession } from './internal/watch-session';
import type { ListerWatcher, RetryListener } from './listwatch';
import { ReflectorError } from './reflector-error';
import type {
  ReflectorOptions,
  ReflectorStats,
  ReflectorStore,
  WatchErrorHandler,
} from './reflector-options';
import { newStore } from './store';

export type {
  ReflectorBackoff,
  ReflectorOptions,
  ReflectorStats,
  ReflectorStore,
  ReflectorTuning,
  WatchErrorHandler,
} from './reflector-options';

/** A running list+watch loop; see {@link newReflector}. */
export interface Reflector {
  /** The name given in the options. */
  readonly name: string;
  /**
   * Lists and watches until `signal` aborts, restarting after every error with a jittered
   * exponential backoff (800 ms to 30 s, reset after 2 min without errors). Resolves once fully
   * stopped; never rejects (errors go to the watch error handler; stopping is not an error).
   */
  run(options?: { signal?: AbortSignal }): Promise<void>;
  /** The resourceVersion of the last list or watch event applied to the store; `''` at first. */
  lastSyncResourceVersion(): string;
  /** A snapshot of the connection statistics. */
  stats(): ReflectorStats;
}

/** client-go's DefaultWatchErrorHandler: quiet for expected 410s, a warning otherwise. */
export const defaultWatchErrorHandler: WatchErrorHandler = (error, { reflector, retryInMs }) => {
  if (isExpiredError(error)) return;
  const what = retryInMs === undefined ? 'watch failed' : `request retried in ${retryInMs} ms`;
  console.warn(`${reflector}: ${what}: ${(error as Error)?.message ?? String(error)}`);
};

/**
 * Creates a {@link Reflector}: lists (a streaming list when the server supports it, otherwise
 * pages of 500), replaces the store's contents, then watches from the list's resourceVersion,
 * applying every event to the store. Bookmarks advance the resourceVersion; a watch that ends
 * is re-opened from it; 410 Gone / Expired triggers a relist.
 *
 * @example
 * ```ts
 * const r = newReflector({ listerWatcher: lw, store: fifo });
 * const done = r.run({ signal: controller.signal });
 * ```
 */
export function newReflector<T extends KubeObject>(options: ReflectorOptions<T>): Reflector {
  return new ReflectorImpl(options);
}

const minWatchTimeoutDefault = 5 * 60_000;

class ReflectorImpl<T extends KubeObject> implements Reflector {
  readonly name: string;
  private readonly lw: ListerWatcher<T>;
  private readonly store: ReflectorStore<T>;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly delay: () => number;
  private readonly onError: WatchErrorHandler;
  private lastSyncRV = '';
  /** The last resourceVersion is known to be compacted away: relist/rewatch from scratch. */
  private lastSyncRVUnavailable = false;
  /** A list with RV "0" came back in pages: keep paging (the server honours limit). */
  private paginatedResult = false;
  private watchListRejected: boolean;
  private readonly counters: ReflectorStats = {
    lastEventTime: undefined,
    lastError: undefined,
    lastErrorTime: undefined,
    watchRestarts: 0,
    lists: 0,
  };
  private watchesOpened = 0;
  private readonly expected: WatchHandlerContext['expected'];

  constructor(private readonly options: ReflectorOptions<T>) {
    if (!options.listerWatcher || !options.store) {
      throw new ReflectorError(
        'InvalidOptions',
        'newReflector: listerWatcher and store are required',
      );
    }
    for (const key of [
      'resyncPeriodMs',
      'pageSize',
      'minWatchTimeoutMs',
      'inactivityTimeoutMs',
    ] as const) {
      const value = options[key];
      if (value !== undefined && !(value >= 0)) {
        throw new ReflectorError(
          'InvalidOptions',
          `newReflector: ${key} must be >= 0, got ${value}`,
        );
      }
    }
    this.name = options.name ?? 'reflector';
    this.lw = options.listerWatcher;
    this.store = options.store;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    // client-go's reflector backoff unless given: 800 ms doubling to 30 s, jitter 1.0, reset after 2 min.
    let backoff;
    try {
      backoff = exponentialBackoffManager({
        ...options.backoff,
        clock: this.clock,
        random: this.random,
      });
    } catch (err) {
      throw new ReflectorError(
        'InvalidOptions',
        `newReflector: backoff: ${(err as Error).message}`,
        {
          cause: err,
        },
      );
    }
    this.delay = () => backoff.next();
    this.onError = options.watchErrorHandler ?? defaultWatchErrorHandler;
    this.watchListRejected = options.useWatchList === false;
    const gvk = options.expectedGVK;
    this.expected = gvk && {
      apiVersion: apiVersionOf(gvk),
      kind: gvk.kind,
      description: formatGroupVersionKind(gvk),
    };
  }

  lastSyncResourceVersion(): string {
    return this.lastSyncRV;
  }

  stats(): ReflectorStats {
    return { ...this.counters, watchRestarts: Math.max(0, this.watchesOpened - 1) };
  }

  async run(options: { signal?: AbortSignal } = {}): Promise<void> {
    const signal = options.signal ?? new AbortController().signal;
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal);
      } catch (err) {
        if (!signal.aborted) this.report(err);
      }
      if (signal.aborted) break;
      try {
        await this.clock.sleep(this.delay(), signal);
      } catch {
        break;
      }
    }
  }

  private report(err: unknown, retryInMs?: number): void {
    this.counters.lastError = err;
    this.counters.lastErrorTime = this.clock.now();
    try {
      this.onError(
        err,
        retryInMs === undefined ? { reflector: this.name } : { reflector: this.name, retryInMs },
      );
    } catch {
      // A throwing handler must not take the reflector down.
    }
  }

  /** Reports a failed attempt the client retries within a list or watch request. */
  private readonly onRetry: RetryListener = ({ error, delayMs }) => this.report(error, delayMs);

  private handlerContext(signal: AbortSignal): WatchHandlerContext {
    return {
      expected: this.expected,
      name: this.name,
      clock: this.clock,
      inactivityTimeoutMs: this.options.inactivityTimeoutMs ?? minWatchTimeoutDefault,
      signal,
      report: (err) => this.report(err),
      onEvent: (time) => {
        this.counters.lastEventTime = time;
      },
    };
  }

  private watchTimeoutSeconds(): number {
    const min = Math.max(this.options.minWatchTimeoutMs ?? 0, minWatchTimeoutDefault) / 1000;
    return Math.floor(min + this.random() * min);
  }

  /** One list (or streaming list) followed by watches until one fails. */
  private async listAndWatch(signal: AbortSignal): Promise<void> {
    let session: WatchSession<T> | undefined;
    if (!this.watchListRejected) {
      try {
        session = await this.watchList(signal);
      } catch (err) {
        if (signal.aborted) return;
        // Not supported, or not now: fall back to a paginated list (for good when rejected).
        if (isWatchListRejected(err) || ReflectorError.isInstance(err))
          this.watchListRejected = true;
      }
      if (signal.aborted) return;
    }
    if (!session) {
      await this.list(signal);
      if (signal.aborted) return;
    }
    await this.watchWithResync(session, signal);
  }

  private relistResourceVersion(): string {
    if (this.lastSyncRVUnavailable) return '';
    return this.lastSyncRV === '' ? '0' : this.lastSyncRV;
  }

  private async list(signal: AbortSignal): Promise<void> {
    const resourceVersion = this.relistResourceVersion();
    let pageSize = defaultPageSize;
    if (this.options.pageSize) pageSize = this.options.pageSize;
    else if (!this.paginatedResult && resourceVersion !== '' && resourceVersion !== '0')
      pageSize = 0;
    const listFn = (opts: Parameters<ListerWatcher<T>['list']>[0]) =>
      this.lw.list({ ...opts, signal, onRetry: this.onRetry });
    let result;
    try {
      result = await listAllPages(listFn, { resourceVersion }, pageSize);
    } catch (err) {
      if (signal.aborted || !(isExpiredError(err) || isTooLargeResourceVersionError(err)))
        throw err;
      // The resourceVersion is gone (or not there yet): a consistent list from scratch.
      this.lastSyncRVUnavailable = true;
      result = await listAllPages(
        listFn,
        { resourceVersion: this.relistResourceVersion() },
        pageSize,
      );
    }
    if (signal.aborted) return;
    if (resourceVersion === '0' && result.paginated) this.paginatedResult = true;
    this.lastSyncRVUnavailable = false;
    const listRV = result.list.metadata?.resourceVersion ?? '';
    this.store.replace(result.list.items ?? [], listRV);
    this.lastSyncRV = listRV;
    this.counters.lists++;
    this.counters.lastEventTime = this.clock.now();
  }

  /**
   * Streaming list: a watch with sendInitialEvents; the initial ADDED events are collected until
   * the initial-events-end bookmark, then replace the store at once. Returns the still open
   * watch, or undefined when stopped.
   */
  private async watchList(signal: AbortSignal): Promise<WatchSession<T> | undefined> {
    for (;;) {
      if (signal.aborted) return undefined;
      // transformed as the objects arrive (client-go's TransformingStore), not once all are in
      const temporary = newStore<T>({ transformer: this.store.transformer?.() });
      let resourceVersion = '';
      let session: WatchSession<T>;
      try {
        session = await this.openWatch(
          {
            resourceVersion: this.lastSyncRVUnavailable ? '' : this.lastSyncRV,
            resourceVersionMatch: 'NotOlderThan',
            sendInitialEvents: true,
            allowWatchBookmarks: true,
            timeoutSeconds: this.watchTimeoutSeconds(),
          },
          signal,
        );
      } catch (err) {
        if (await this.retryWatchList(err, signal)) continue;
        throw err;
      }
      let bookmark: boolean;
      try {
        bookmark = await handleWatch<T>(
          session,
          temporary,
          this.handlerContext(signal),
          true,
          (rv, besidesAdded) => {
            if (besidesAdded) resourceVersion = rv;
          },
        );
      } catch (err) {
        session.close();
        if (signal.aborted) return undefined;
        if (await this.retryWatchList(err, signal)) continue;
        throw err;
      }
      if (signal.aborted) {
        session.close();
        return undefined;
      }
      if (!bookmark) {
        session.close();
        throw new ReflectorError(
          'WatchListUnsupported',
          `${this.name}: the streaming list ended without the initial-events-end bookmark`,
        );
      }
      this.lastSyncRVUnavailable = false;
      this.store.replace(temporary.list(), resourceVersion);
      this.lastSyncRV = resourceVersion;
      this.counters.lists++;
      return session;
    }
  }

  /** client-go's isErrorRetriableWithSideEffectsFn of watchList. */
  private async retryWatchList(err: unknown, signal: AbortSignal): Promise<boolean> {
    if (isWatchErrorRetriable(err)) {
      this.report(err);
      await this.clock.sleep(this.delay(), signal).catch(() => undefined);
      return true;
    }
    if (isExpiredError(err) || isTooLargeResourceVersionError(err)) {
      this.lastSyncRVUnavailable = true;
      return true;
    }
    return false;
  }

  private async openWatch(
    options: Parameters<ListerWatcher<T>['watch']>[0],
    signal: AbortSignal,
  ): Promise<WatchSession<T>> {
    const session = await WatchSession.open(
      this.lw,
      { ...options, onRetry: this.onRetry },
      signal,
      this.options.watchBatches !== false,
    );
    this.watchesOpened++;
    return session;
  }

  /**
   * Watches while resyncing the store every period. A failed resync is reported and ends the
   * round as client-go's does (the watch closes, resync stops, and the Reflector relists after
   * its backoff).
   */
  private async watchWithResync(initial: WatchSession<T> | undefined, signal: AbortSignal) {
    const period = this.options.resyncPeriodMs ?? 0;
    const round = new AbortController();
    const endRound = () => round.abort();
    signal.addEventListener('abort', endRound, { once: true });
    let timer: TimerHandle | undefined;
    const tick = () => {
      timer = undefined;
      try {
        if (this.options.shouldResync?.() ?? true) this.store.resync();
      } catch (err) {
        const message = (err as Error)?.message ?? String(err);
        this.report(
          new ReflectorError('ResyncFailed', `${this.name}: watch ended with error: ${message}`, {
            cause: err,
          }),
        );
        endRound();
        return;
      }
      timer = this.clock.setTimeout(tick, period);
    };
    if (period > 0) timer = this.clock.setTimeout(tick, period);
    try {
      await this.watch(initial, round.signal);
    } finally {
      if (timer) this.clock.clearTimeout(timer);
      signal.removeEventListener('abort', endRound);
    }
  }

  /** Watches from the last resourceVersion until an error asks for a relist. */
  private async watch(initial: WatchSession<T> | undefined, signal: AbortSignal): Promise<void> {
    let session = initial;
    for (;;) {
      if (signal.aborted) {
        session?.close();
        return;
      }
      let propagateRVFromStart = true;
      if (!session) {
        const resourceVersion = this.lastSyncRV;
        propagateRVFromStart = resourceVersion !== '' && resourceVersion !== '0';
        try {
          session = await this.openWatch(
            {
              resourceVersion,
              allowWatchBookmarks: true,
              timeoutSeconds: this.watchTimeoutSeconds(),
            },
            signal,
          );
        } catch (err) {
          if (signal.aborted) return;
          if (!isWatchErrorRetriable(err)) throw err;
          this.report(err);
          await this.clock.sleep(this.delay(), signal).catch(() => undefined);
          continue;
        }
      }
      const current = session;
      session = undefined;
      try {
        await handleWatch<T>(
          current,
          this.store,
          this.handlerContext(signal),
          false,
          (rv, besidesAdded) => {
            if (propagateRVFromStart || besidesAdded) this.lastSyncRV = rv;
          },
        );
      } catch (err) {
        if (signal.aborted) return;
        this.report(err);
        if (ReflectorError.isInstance(err) && err.reason === 'WatchInactive') continue;
        if (isTooManyRequests(err)) {
          await this.clock.sleep(this.delay(), signal).catch(() => undefined);
          continue;
        }
        return; // Expired and every other error: relist after the backoff.
      } finally {
        current.close();
      }
    }
  }
}
