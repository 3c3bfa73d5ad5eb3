import type { Delta } from '../delta-fifo';
import type { ReflectorStore } from '../reflector';
import type { WaitableQueue } from './queue-ready';

/** Applies one popped delta; `key` is its object's key in both the queue and the cache. */
export type DeltaHandler<T> = (delta: Delta<T>, key: string, isInInitialList: boolean) => void;

/**
 * What a shared informer needs from its queue (a RealFIFO by default, or a DeltaFIFO): the
 * Reflector's writes, and a synchronous pop so that draining a burst costs no promise per item.
 */
export interface InformerQueue<T> extends ReflectorStore<T>, WaitableQueue {
  /**
   * Pops what the queue hands out in one go (a DeltaFIFO: one key's deltas; a RealFIFO: up to
   * its batch size of the oldest deltas, never past the end of the initial list) and calls
   * `handle` for each delta, oldest first; returns the number of deltas, 0 when nothing was
   * queued. A throwing `handle` ends the call: handle errors per delta inside it.
   */
  processNow(handle: DeltaHandler<T>): number;
  /** Resolves the pending `whenReady` promise even though nothing was queued. */
  interrupt(): void;
  close(): void;
  hasSynced(): boolean;
}
