import { abortError } from '@kubekit/apimachinery';
import { DeltaFIFOError } from '../delta-fifo-error';
import { deletionHandlingMetaNamespaceKeyFunc, type KeyFunc } from '../store';
import { QueueReady, QueueSync, type WaitableQueue } from './queue-ready';

/**
 * What FIFO, DeltaFIFO and RealFIFO share, as client-go's three queues share it: the key
 * function, the populated / initial-list / synced state, the consumer's wake-up and closing.
 * Subclasses say what is queued ({@link QueueBase.size}, {@link QueueBase.pending}) and how it
 * is popped.
 */
export abstract class QueueBase<T> implements WaitableQueue {
  protected readonly keyFunc: KeyFunc<T>;
  /** Counts initial-list items as popped (client-go's populated / initialPopulationCount). */
  protected readonly sync = new QueueSync();
  /** Wakes the consumer waiting in {@link QueueBase.whenReady}. */
  protected readonly ready = new QueueReady();
  private closed = false;

  constructor(keyFunction: KeyFunc<T> | undefined) {
    this.keyFunc = keyFunction ?? (deletionHandlingMetaNamespaceKeyFunc as KeyFunc<T>);
  }

  /** The number of queued items, as the public `size()` counts them. */
  abstract size(): number;

  /**
   * The number of entries a pop may take from the head; by default {@link QueueBase.size}. (A
   * FIFO also counts keys whose object was deleted while queued: its pop skips them.)
   */
  protected pending(): number {
    return this.size();
  }

  hasSynced(): boolean {
    return this.sync.hasSynced();
  }

  close(): void {
    this.closed = true;
    this.interrupt();
  }

  isClosed(): boolean {
    return this.closed;
  }

  /**
   * Resolves once an entry is pending (at once when one is), the queue is closed, or
   * {@link QueueBase.interrupt} is called. Every caller waiting in the same idle period shares a
   * promise.
   */
  whenReady(): Promise<void> {
    return this.ready.when(this.pending() > 0 || this.closed);
  }

  /** Resolves the pending {@link QueueBase.whenReady} promise even though nothing was queued. */
  interrupt(): void {
    this.ready.wake();
  }

  /**
   * Waits until an entry is pending. Rejects with {@link DeltaFIFOError} `Closed` (client-go's
   * shared ErrFIFOClosed text) once the queue is closed and empty, and with an AbortError when
   * `signal` aborts first (removing its listener either way).
   */
  protected async waitForItems(signal: AbortSignal | undefined): Promise<void> {
    while (this.pending() === 0) {
      if (this.closed)
        throw new DeltaFIFOError('Closed', 'DeltaFIFO: manipulating with closed queue');
      await abortable(this.whenReady(), signal);
    }
    if (signal?.aborted) throw abortError(signal);
  }
}

function abortable(ready: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return ready;
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    void ready.then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
