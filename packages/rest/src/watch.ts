import {
  StatusError,
  watchEventBatches,
  type Clock,
  type KubeObject,
  type Status,
  type TimerHandle,
  type WatchEvent,
  type WatchEventBatchSource,
} from '@kubekit/apimachinery';
import type { Readable } from 'node:stream';
import { LineFrames } from './internal/line-frames';
import { WatchError, type WatchErrorReason } from './watch-error';

/**
 * How a watch stream ended, once it has:
 * - `ServerClosed`: the server ended the response (its `timeoutSeconds`, or it is shutting down);
 *   resume from the last resourceVersion seen.
 * - `Aborted`: the caller's signal aborted.
 * - `Closed`: the caller broke out of the loop or called `close()`.
 * - `ConnectionLost`, `Inactive`, `MalformedFrame`, `FrameTooLarge`: the iterator threw that {@link WatchError}.
 * - `Error`: the server sent an `ERROR` event; the iterator threw its `StatusError` (e.g. 410
 *   Expired: relist).
 */
export type WatchEndReason = 'ServerClosed' | 'Aborted' | 'Closed' | WatchErrorReason | 'Error';

/** Options of a watch request. */
export interface WatchOptions {
  /**
   * Fail with WatchError `Inactive` when no byte arrives for this many ms (request bookmarks, or
   * a short `timeoutSeconds`, so a healthy but quiet watch still sends bytes). Off by default.
   * Never a cap on a healthy stream.
   */
  inactivityTimeoutMs?: number | undefined;
}

/**
 * The events of one watch request as an async iterable. Iterate it once. Breaking out of the
 * loop, `return()` and {@link WatchStream.close} close the HTTP stream. The streams of
 * `Request.watch()` can also be iterated a received chunk's events at a time, under
 * `watchEventBatches` of @kubekit/apimachinery (what the Reflector does).
 */
export interface WatchStream<T extends KubeObject = KubeObject> extends AsyncIterable<
  WatchEvent<T>
> {
  /** Why the stream ended; undefined while it is open. */
  readonly endReason: WatchEndReason | undefined;
  /** Closes the HTTP stream; a pending iteration ends normally with endReason `Closed`. */
  close(): void;
}

/**
 * The longest watch frame (one JSON event per line) a watch accepts, in characters: 16 MiB, the
 * limit client-go's stream decoder enforces. A longer frame ends the watch with WatchError
 * `FrameTooLarge` instead of being buffered whole (an object this large cannot be stored in
 * etcd, whose request limit is 1.5 MiB by default).
 */
export const MaxWatchFrameLength = 16 * 1024 * 1024;

/** Decodes one frame; undefined for a blank line. */
function decodeEvent<T extends KubeObject>(text: string): WatchEvent<T> | undefined {
  if (text.length === 0) return undefined;
  let event: unknown;
  try {
    event = JSON.parse(text);
  } catch (err) {
    // only now tell a blank line (whitespace only: not JSON either) from a broken frame
    if (text.trim() === '') return undefined;
    throw malformed(text, 'is not JSON', err);
  }
  const e = event as { type?: unknown; object?: unknown };
  if (
    typeof e !== 'object' ||
    e === null ||
    typeof e.type !== 'string' ||
    typeof e.object !== 'object' ||
    e.object === null
  )
    throw malformed(text, 'is not a watch event ({"type": ..., "object": {...}})');
  return event as WatchEvent<T>;
}

/**
 * The frame's text stays out of the error (and so out of logs): a watch on Secrets carries their
 * data. The error says how long the frame was and, for a JSON syntax error, where it broke
 * (JSON.parse's own message quotes the input, so it is not kept as the cause).
 */
function malformed(text: string, what: string, parseError?: unknown): WatchError {
  const position =
    parseError instanceof SyntaxError
      ? /at position (\d+)/.exec(parseError.message)?.[1]
      : undefined;
  const where = position === undefined ? '' : `, broken at character ${position}`;
  return new WatchError(
    'MalformedFrame',
    `watch frame ${what} (${text.length} characters${where}; its text is not shown: it may hold object data)`,
    { frameLength: text.length },
  );
}

/**
 * The most events a watch stream's batch iterator ({@link watchEventBatches}) yields at once: a
 * chunk holding more is handed over in several batches, so that no more than this many events
 * of one chunk are decoded ahead of their consumer.
 */
export const MaxWatchBatchLength = 1000;

/**
 * Turns a streaming watch response body into a {@link WatchStream}, iterable by event or, under
 * {@link watchEventBatches}, by the batch of events each received chunk holds.
 *
 * Guarantees: frames split across chunks, or several in a chunk, decode the same; the events
 * of a chunk that came before an ERROR event or a broken frame are handed over before the error
 * is thrown; the body is destroyed (connection closed) however the iteration ends; the body is
 * read only when the consumer asks for more, so a slow consumer holds at most one chunk's events;
 * the inactivity timer costs one timer per period, not one per chunk.
 */
export function watchStreamFromBody<T extends KubeObject>(
  body: Readable,
  options: {
    clock: Clock;
    signal: AbortSignal | undefined;
    inactivityTimeoutMs: number | undefined;
  },
): WatchStream<T> & WatchEventBatchSource<T> {
  const { clock, signal } = options;
  const inactivityMs = options.inactivityTimeoutMs ?? 0;
  let endReason: WatchEndReason | undefined;
  let closed = false;
  let inactive = false;
  let lastByteAt = clock.now();
  let timer: TimerHandle | undefined;

  const check = () => {
    const idle = clock.now() - lastByteAt;
    if (idle >= inactivityMs) {
      inactive = true;
      body.destroy();
    } else {
      timer = clock.setTimeout(check, inactivityMs - idle);
    }
  };

  /** Decodes `frame`: undefined for a blank line; throws an ERROR event as its StatusError. */
  const decode = (frame: string): WatchEvent<T> | undefined => {
    const event = decodeEvent<T>(frame);
    if (event?.type === 'ERROR') {
      endReason = 'Error';
      throw new StatusError(event.object as unknown as Status);
    }
    return event;
  };

  async function* batches(): AsyncGenerator<WatchEvent<T>[], void, undefined> {
    const frames = new LineFrames(MaxWatchFrameLength);
    if (inactivityMs > 0) timer = clock.setTimeout(check, inactivityMs);
    try {
      try {
        // Decoded as it arrives: read as Buffers, a busy watch's body made V8 run back-to-back
        // major GCs (about twice the CPU per event); strings from the stream's own decoder do not.
        body.setEncoding('utf8');
        for await (const chunk of body as AsyncIterable<string>) {
          lastByteAt = clock.now();
          frames.feed(chunk);
          let batch: WatchEvent<T>[] = [];
          let failure: { error: unknown } | undefined;
          try {
            for (let frame = frames.next(); frame !== undefined; frame = frames.next()) {
              const event = decode(frame);
              if (!event) continue;
              batch.push(event);
              if (batch.length === MaxWatchBatchLength) {
                yield batch;
                batch = [];
              }
            }
          } catch (error) {
            failure = { error }; // after the events before it
          }
          if (batch.length > 0) yield batch;
          if (failure) throw failure.error;
        }
      } catch (err) {
        if (endReason !== undefined) throw err;
        if (WatchError.isInstance(err)) {
          endReason = err.reason;
          throw err;
        }
        if (closed) {
          endReason = 'Closed';
          return;
        }
        if (signal?.aborted) {
          endReason = 'Aborted';
          return;
        }
        if (inactive) {
          endReason = 'Inactive';
          throw new WatchError('Inactive', `watch received no data for ${inactivityMs} ms`);
        }
        endReason = 'ConnectionLost';
        throw new WatchError(
          'ConnectionLost',
          `watch connection lost: ${(err as Error)?.message ?? String(err)}`,
          { cause: err },
        );
      }
      const last = decode(frames.end());
      if (last) yield [last];
      endReason ??= closed ? 'Closed' : 'ServerClosed';
    } catch (err) {
      if (WatchError.isInstance(err)) endReason ??= err.reason;
      throw err;
    } finally {
      endReason ??= 'Closed';
      if (timer) clock.clearTimeout(timer);
      body.destroy();
    }
  }

  const batchIterator = batches();
  const eventIterator = eventsOf(batchIterator);
  return {
    get endReason() {
      return endReason;
    },
    close() {
      if (endReason !== undefined || closed) return;
      closed = true;
      body.destroy();
    },
    [Symbol.asyncIterator]: () => eventIterator,
    [watchEventBatches]: () => batchIterator,
  };
}

/**
 * The events of `batches` one at a time: an event of a batch already received is handed over
 * without waiting on the batch iterator.
 */
function eventsOf<T>(
  batches: AsyncGenerator<T[], void, undefined>,
): AsyncIterator<T, void, undefined> {
  let batch: T[] = [];
  let taken = 0;
  const first = (result: IteratorResult<T[], void>): IteratorResult<T, void> => {
    if (result.done) return result;
    batch = result.value;
    taken = 1;
    return { value: batch[0]!, done: false };
  };
  return {
    next() {
      if (taken < batch.length) return Promise.resolve({ value: batch[taken++]!, done: false });
      return batches.next().then(first);
    },
    async return() {
      batch = [];
      await batches.return();
      return { value: undefined, done: true };
    },
  };
}
