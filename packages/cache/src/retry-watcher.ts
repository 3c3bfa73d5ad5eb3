/**
 * RetryWatcher: a watch that survives its stream ending, resuming from the last resourceVersion.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/watch/retrywatcher.go
 * @packageDocumentation
 */
import {
  isForbidden,
  isUnauthorized,
  newInternalError,
  realClock,
  StatusError,
  type Clock,
  type KubeObject,
  type Status,
  type WatchEvent,
} from '@kubekit/apimachinery';
import type { ListerWatcher } from './listwatch';
import { ReflectorError } from './reflector-error';

/** Options of {@link newRetryWatcher}. */
export interface RetryWatcherOptions<T extends KubeObject> {
  /** Opens the watches (a ListerWatcher, or anything with its `watch`). */
  watcher: Pick<ListerWatcher<T>, 'watch'>;
  /**
   * Where to start: events after this resourceVersion. `''` and `'0'` are refused (they would
   * start with synthetic ADDED events in no resourceVersion order), as in client-go.
   */
  initialResourceVersion: string;
  /** Stops watching: the iteration ends quietly. */
  signal?: AbortSignal | undefined;
  /** Watches are opened at most this often (ms); default 1000 (client-go's minRestartDelay). */
  minRestartDelayMs?: number | undefined;
  /** Time source of the restart delays; default the real clock. */
  clock?: Clock | undefined;
}

/**
 * Creates a watch that re-opens itself from the last resourceVersion it delivered whenever its
 * stream ends (a server timeout, a dropped connection, a 500 or 504 ERROR event, any error
 * opening the watch), so the consumer never notices (client-go's NewRetryWatcherWithContext).
 * Bookmarks advance the resourceVersion and are not yielded.
 *
 * It ends, after yielding one `ERROR` event, when it cannot go on without missing events: a
 * 410 Gone (the resourceVersion is compacted: list again, or use an informer), a 401 or 403
 * while opening a watch, an event without a resourceVersion, or an event of an unknown type (the
 * last two as 500 InternalError with client-go's messages). It ends quietly when `signal`
 * aborts or the loop is left (`break` closes the stream). Iteration pulls events from the
 * stream, so a slow consumer holds the stream back rather than buffering it.
 *
 * Throws ReflectorError `InvalidOptions` for an initial resourceVersion of `''` or `'0'`.
 *
 * @example
 * ```ts
 * const list = await pods.list({});
 * const rv = list.metadata?.resourceVersion ?? '';
 * for await (const event of newRetryWatcher({ watcher: lw, initialResourceVersion: rv, signal })) {
 *   if (event.type === 'ERROR') break; // e.g. 410: list again
 *   console.log(event.type, event.object.metadata?.name);
 * }
 * ```
 */
export function newRetryWatcher<T extends KubeObject>(
  options: RetryWatcherOptions<T>,
): AsyncGenerator<WatchEvent<T>, void, undefined> {
  const rv = options.initialResourceVersion;
  if (rv === '' || rv === '0' || typeof rv !== 'string') {
    throw new ReflectorError(
      'InvalidOptions',
      `initial RV ${JSON.stringify(rv)} is not supported due to issues with underlying WATCH`,
    );
  }
  const minRestartDelayMs = options.minRestartDelayMs ?? 1000;
  if (!(minRestartDelayMs >= 0)) {
    throw new ReflectorError(
      'InvalidOptions',
      `newRetryWatcher: minRestartDelayMs must be >= 0, got ${minRestartDelayMs}`,
    );
  }
  return retryWatch(options, minRestartDelayMs);
}

/** What one watch ended with: stop for good, or retry after `retryAfterMs`. */
type Outcome = { done: true } | { done: false; retryAfterMs: number };

const retry: Outcome = { done: false, retryAfterMs: 0 };
const finished: Outcome = { done: true };

async function* retryWatch<T extends KubeObject>(
  options: RetryWatcherOptions<T>,
  minRestartDelayMs: number,
): AsyncGenerator<WatchEvent<T>, void, undefined> {
  const clock = options.clock ?? realClock;
  const signal = options.signal ?? new AbortController().signal;
  const state = { resourceVersion: options.initialResourceVersion };
  while (!signal.aborted) {
    const start = clock.now();
    const outcome = yield* receive(options.watcher, state, signal);
    if (outcome.done || signal.aborted) return;
    try {
      // Non-sliding: the restart delay counts from the start of the watch that ended.
      await clock.sleep(outcome.retryAfterMs, signal);
      await clock.sleep(Math.max(0, minRestartDelayMs - (clock.now() - start)), signal);
    } catch {
      return; // aborted
    }
  }
}

/** An ERROR event carrying a Status. */
function errorEvent<T extends KubeObject>(status: Status): WatchEvent<T> {
  return { type: 'ERROR', object: status as unknown as T };
}

/** Runs one watch from `state.resourceVersion`, yielding its events (client-go's doReceive). */
async function* receive<T extends KubeObject>(
  watcher: Pick<ListerWatcher<T>, 'watch'>,
  state: { resourceVersion: string },
  signal: AbortSignal,
): AsyncGenerator<WatchEvent<T>, Outcome, undefined> {
  let iterator: AsyncIterator<WatchEvent<T>>;
  try {
    const stream = await watcher.watch({
      resourceVersion: state.resourceVersion,
      allowWatchBookmarks: true,
      signal,
    });
    iterator = stream[Symbol.asyncIterator]();
  } catch (err) {
    if (signal.aborted) return finished;
    // Without the rights to watch, retrying cannot help: hand the consumer the Status.
    if (StatusError.isInstance(err) && (isForbidden(err) || isUnauthorized(err))) {
      yield errorEvent(err.status);
      return finished;
    }
    return retry; // 410 included: the resourceVersion may be served again after a retry
  }
  try {
    for (;;) {
      let next: IteratorResult<WatchEvent<T>>;
      try {
        next = await iterator.next();
      } catch (err) {
        if (signal.aborted) return finished;
        if (StatusError.isInstance(err)) return yield* onErrorStatus<T>(err.status);
        return retry; // the stream broke: re-open it
      }
      if (next.done) return signal.aborted ? finished : retry;
      const event = next.value;
      switch (event.type) {
        case 'ADDED':
        case 'MODIFIED':
        case 'DELETED':
        case 'BOOKMARK': {
          const resourceVersion = event.object?.metadata?.resourceVersion;
          if (!resourceVersion) {
            // Going on could skip a resourceVersion with data: stop.
            yield errorEvent(newInternalError(noResourceVersion(event.object)).status);
            return finished;
          }
          if (event.type !== 'BOOKMARK') yield event;
          state.resourceVersion = resourceVersion;
          break;
        }
        case 'ERROR':
          return yield* onErrorStatus<T>(event.object as unknown as Status);
        default:
          yield errorEvent(
            newInternalError(
              `retryWatcher failed to recognize Event type ${JSON.stringify(String(event.type))}`,
            ).status,
          );
          return finished;
      }
    }
  } finally {
    void Promise.resolve(iterator.return?.()).catch(() => undefined);
  }
}

/** An ERROR from the stream: 410 ends the watch (after yielding it); anything else is retried. */
async function* onErrorStatus<T extends KubeObject>(
  status: Status,
): AsyncGenerator<WatchEvent<T>, Outcome, undefined> {
  if (status?.code === 410) {
    yield errorEvent(status);
    return finished;
  }
  const retryAfterSeconds = status?.details?.retryAfterSeconds ?? 0;
  return { done: false, retryAfterMs: Math.max(0, retryAfterSeconds) * 1000 };
}

/** client-go's message for an event without a resourceVersion; names the object, never dumps it. */
function noResourceVersion(obj: KubeObject | undefined): string {
  const meta = obj?.metadata;
  if (!meta) return "retryWatcher: doesn't support resourceVersion";
  const name = meta.namespace ? `${meta.namespace}/${meta.name ?? ''}` : (meta.name ?? '');
  return `retryWatcher: object ${obj.kind ?? 'object'} ${JSON.stringify(name)} doesn't support resourceVersion`;
}
