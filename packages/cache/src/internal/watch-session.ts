import { watchEventBatchesOf, type KubeObject, type WatchEvent } from '@kubekit/apimachinery';
import type { ListerWatcher, WatchOptions } from '../listwatch';

/** Batches of one event each, over a watch that offers no batch iterator. */
function oneByOne<T>(events: AsyncIterator<T>): AsyncIterator<readonly T[]> {
  return {
    next: () => events.next().then((r) => (r.done ? r : { value: [r.value], done: false })),
    return: () => Promise.resolve(events.return?.()).then(() => ({ value: undefined, done: true })),
  };
}

/**
 * One open watch: its events a batch at a time (the stream's batch iterator when asked for and
 * offered, see `watchEventBatches`; otherwise one event per batch) and the means to close it. Closing
 * aborts the signal the ListerWatcher got and calls `return()` on the iterator, so the stream is
 * released even when only one of the two is honoured.
 */
export class WatchSession<T extends KubeObject> {
  /** Set when the inactivity guard closed the session. */
  inactive = false;
  private closed = false;
  /** Events of a batch a handler left unread ({@link WatchSession.keep}), handed out first. */
  private kept: readonly WatchEvent<T>[] | undefined;

  private constructor(
    private readonly batches: AsyncIterator<readonly WatchEvent<T>[]>,
    private readonly controller: AbortController,
    private readonly detach: () => void,
  ) {}

  /**
   * Opens a watch whose lifetime is bounded by `parent`; with `batches`, reads the stream's batch
   * iterator when it offers one. Rejects as `lw.watch` does.
   */
  static async open<T extends KubeObject>(
    lw: ListerWatcher<T>,
    options: WatchOptions,
    parent: AbortSignal,
    batches: boolean,
  ): Promise<WatchSession<T>> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(parent.reason);
    parent.addEventListener('abort', onAbort, { once: true });
    const detach = () => parent.removeEventListener('abort', onAbort);
    try {
      const stream = await lw.watch({ ...options, signal: controller.signal });
      const batched = batches ? watchEventBatchesOf(stream) : undefined;
      const session = new WatchSession(
        batched ?? oneByOne(stream[Symbol.asyncIterator]()),
        controller,
        detach,
      );
      if (parent.aborted) session.close();
      return session;
    } catch (err) {
      detach();
      throw err;
    }
  }

  /**
   * The next batch of events (never empty), the kept ones first. Rejects as the stream's
   * iterator does (e.g. a StatusError for an ERROR event, after the batch of the events before
   * it).
   */
  nextBatch(): Promise<IteratorResult<readonly WatchEvent<T>[], unknown>> {
    const kept = this.kept;
    if (kept === undefined) return this.batches.next();
    this.kept = undefined;
    return Promise.resolve({ value: kept, done: false });
  }

  /** Hands `events` (the unread rest of a batch) out again at the next {@link nextBatch}. */
  keep(events: readonly WatchEvent<T>[]): void {
    if (events.length > 0) this.kept = events;
  }

  /** Closes the stream; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.kept = undefined;
    this.detach();
    this.controller.abort();
    const done = this.batches.return?.();
    if (done) done.then(undefined, () => undefined);
  }
}
