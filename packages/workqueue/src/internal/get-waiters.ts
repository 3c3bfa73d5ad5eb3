import type { GetResult } from '../queue';
import { Fifo } from './fifo';

/** A pending get. */
export interface Waiter<T> {
  resolve(result: GetResult<T>): void;
  /** Set when the waiter stopped waiting (aborted); it is skipped when dispatching. */
  gone: boolean;
}

/** What an aborted wait rejects with: the signal's reason, or an `AbortError` if it has none. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * The gets waiting for an item, served in call order; an aborted get rejects with the signal's
 * reason and is skipped, so no item is ever handed to it.
 */
export class GetWaiters<T> {
  private readonly fifo = new Fifo<Waiter<T>>();

  /** A promise for the next item handed to this waiter (see {@link GetWaiters.next}). */
  wait(signal: AbortSignal | undefined): Promise<GetResult<T>> {
    return new Promise<GetResult<T>>((resolve, reject) => {
      const onAbort = (): void => {
        waiter.gone = true;
        reject(abortReason(signal!));
      };
      const waiter: Waiter<T> = {
        gone: false,
        resolve: (result) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.fifo.push(waiter);
    });
  }

  /** The oldest waiter still waiting, removed; undefined when none. */
  next(): Waiter<T> | undefined {
    for (let w = this.fifo.shift(); w !== undefined; w = this.fifo.shift()) if (!w.gone) return w;
    return undefined;
  }

  /** Tells every waiter the queue shut down. */
  shutDown(): void {
    for (let w = this.next(); w !== undefined; w = this.next()) w.resolve({ shutdown: true });
  }
}

/** The callers of `shutDownWithDrain` waiting for a queue to drain. */
export class DrainWaiters {
  private waiters: (() => void)[] = [];

  /** A promise resolved by the next {@link DrainWaiters.resolveAll}. */
  wait(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  /** Resolves every pending {@link DrainWaiters.wait}. */
  resolveAll(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
