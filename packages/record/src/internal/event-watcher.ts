import type { CoreEvent } from '../event';

/**
 * One consumer of a broadcaster: a bounded FIFO and a single drain loop that hands events to
 * `handle` one at a time. `offer` never blocks: a full queue drops the event and says so.
 *
 * Invariants: at most one drain loop runs (`#draining`); `#queue` never holds more than
 * `capacity` events; after `stop()` nothing new is accepted and the loop ends after the event in
 * hand.
 */
export class EventWatcher {
  readonly #queue: CoreEvent[] = [];
  /** Index of the next event to hand out; the array is compacted as it drains. */
  #head = 0;
  #draining: Promise<void> | undefined;
  #stopped = false;
  /** Aborted by `stop()`: handlers pass it to their API calls and retry sleeps. */
  readonly #stop = new AbortController();

  constructor(
    private readonly capacity: number,
    private readonly handle: (event: CoreEvent, signal: AbortSignal) => Promise<void> | void,
    private readonly onHandlerError: (err: unknown) => void,
  ) {}

  /** Queued events not yet handed out. */
  get pending(): number {
    return this.#queue.length - this.#head;
  }

  /** True once stopped. */
  get stopped(): boolean {
    return this.#stopped;
  }

  /** Enqueues `event`; false (dropped) when the queue is full or the watcher stopped. */
  offer(event: CoreEvent): boolean {
    if (this.#stopped || this.pending >= this.capacity) return false;
    this.#queue.push(event);
    this.#draining ??= this.#drain();
    return true;
  }

  /** Resolves when the queue is empty and no event is being handled. */
  idle(): Promise<void> {
    return this.#draining ?? Promise.resolve();
  }

  /**
   * Stops accepting events, aborts the handler's signal and discards what is still queued;
   * returns how many events were discarded. Does not wait for the event in hand: a handler
   * that ignores the signal cannot hold a shutdown past its deadline.
   */
  stop(): number {
    this.#stopped = true;
    this.#stop.abort();
    const discarded = this.pending;
    this.#queue.length = 0;
    this.#head = 0;
    return discarded;
  }

  async #drain(): Promise<void> {
    try {
      while (!this.#stopped && this.pending > 0) {
        const event = this.#queue[this.#head++]!;
        if (this.#head > 1024 && this.#head * 2 > this.#queue.length) {
          this.#queue.splice(0, this.#head);
          this.#head = 0;
        }
        try {
          await this.handle(event, this.#stop.signal);
        } catch (err) {
          this.onHandlerError(err);
        }
      }
    } finally {
      this.#draining = undefined;
    }
  }
}
