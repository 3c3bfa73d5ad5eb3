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

/** What a {@link QueueShutdown} asks of its queue. */
export interface ShutdownHooks {
  /** Called once, when the shutdown starts: answer pending gets, record it in the metrics. */
  onStart(): void;
  /** Whether nothing is queued and nothing is being processed. */
  isDrained(): boolean;
}

/**
 * A queue's shutdown, as every queue of this package has it: once started the queue takes no
 * more items and answers gets with `shutdown: true`; `shutDownWithDrain` callers wait until the
 * queue is drained (see {@link QueueShutdown.checkDrained}) or `shutDown` is called.
 */
export class QueueShutdown {
  private started = false;
  /** The callers of `shutDownWithDrain` waiting for the queue to drain. */
  private drainWaiters: (() => void)[] = [];

  constructor(private readonly hooks: ShutdownHooks) {}

  /** Whether the shutdown started. */
  get isShuttingDown(): boolean {
    return this.started;
  }

  /** Starts the shutdown and releases every `shutDownWithDrain` caller at once. */
  shutDown(): void {
    this.start();
    this.resolveAll();
  }

  /** Starts the shutdown; resolves once the queue is drained or {@link QueueShutdown.shutDown} is called. */
  shutDownWithDrain(): Promise<void> {
    this.start();
    const drained = new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    this.checkDrained();
    return drained;
  }

  /** Releases the `shutDownWithDrain` callers when shutting down and drained; call after `done`. */
  checkDrained(): void {
    if (this.started && this.hooks.isDrained()) this.resolveAll();
  }

  private start(): void {
    if (this.started) return;
    this.started = true;
    this.hooks.onStart();
  }

  private resolveAll(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
