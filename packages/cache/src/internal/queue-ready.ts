const resolved: Promise<void> = Promise.resolve();

/** The part of a single-consumer queue its consumer waits on (see `QueueBase`). */
export interface WaitableQueue {
  size(): number;
  isClosed(): boolean;
  whenReady(): Promise<void>;
}

/**
 * The wake-up of a queue's consumer: one shared promise per idle period, resolved when an item
 * is queued, the queue closes, or the consumer is interrupted. Waiting costs no timer and no
 * promise per queued item.
 */
export class QueueReady {
  /** While someone waits for an item: the promise they wait on, and its resolver. */
  private ready: { promise: Promise<void>; resolve: () => void } | undefined;

  /** Resolves at once when `available`, otherwise at the next {@link QueueReady.wake}. */
  when(available: boolean): Promise<void> {
    if (available) return resolved;
    if (!this.ready) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      this.ready = { promise, resolve };
    }
    return this.ready.promise;
  }

  /** Resolves the pending promise, if any. */
  wake(): void {
    const ready = this.ready;
    if (!ready) return;
    this.ready = undefined;
    ready.resolve();
  }
}

/**
 * When a queue counts as synced (client-go's populated / initialPopulationCount / synced): once an
 * Add/Update/Delete came first, or every item queued by the first Replace has been popped. Sticky.
 */
export class QueueSync {
  private populated = false;
  /** Items of the first Replace not yet popped. */
  private initialCount = 0;
  private synced = false;

  /** An Add, Update or Delete happened. */
  markPopulated(): void {
    this.populated = true;
    this.check();
  }

  /** A Replace left `queued` items queued; the first Replace makes them the initial list. */
  replaced(queued: number): void {
    if (this.populated) return;
    this.populated = true;
    this.initialCount = queued;
    this.check();
  }

  /** `n` items were popped from the head; those of the initial list count toward sync. */
  popped(n: number): void {
    if (this.initialCount === 0) return;
    this.initialCount = Math.max(0, this.initialCount - n);
    this.check();
  }

  /** Items of the initial list still queued (at the head of the queue). */
  initialRemaining(): number {
    return this.initialCount;
  }

  hasSynced(): boolean {
    return this.synced;
  }

  private check(): void {
    if (!this.synced && this.populated && this.initialCount === 0) this.synced = true;
  }
}

/** Whether `value` is a promise-like (a process function that returned a promise). */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as PromiseLike<unknown> | undefined)?.then === 'function';
}
