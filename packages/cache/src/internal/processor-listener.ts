import type { DeletedFinalStateUnknown } from '../deleted-final-state-unknown';
import type { InformerEvent, ResourceEventHandler } from '../resource-event-handler';
import { ArrayQueue } from './array-queue';

const resolved: Promise<void> = Promise.resolve();

interface Pending<T> {
  event: InformerEvent<T>;
  /** Set when coalescing made this notification moot (an add followed by a delete). */
  cancelled: boolean;
}

/** What a listener needs from its informer. */
export interface ListenerContext<T> {
  /** The key of an object (or tombstone), for coalescing. */
  keyOf(obj: T | DeletedFinalStateUnknown<T>): string;
  /** Whether the informer's initial list has been fully processed. */
  upstreamHasSynced(): boolean;
  /** Gets errors thrown by the handler. */
  onHandlerError(err: unknown): void;
}

/**
 * Delivers notifications to one handler, one at a time, awaiting a returned promise before the
 * next, so that a slow handler holds back only itself (port of client-go's processorListener).
 *
 * Buffering is bounded by the number of keys: once `bufferSize` notifications wait, a new
 * notification for a key whose newest waiting one is an add or update is merged into it
 * (add+update -> add, update+update -> update, update+delete -> delete, add+delete -> nothing),
 * so at most a delete and an add or update wait per key. Every key's sequence stays consistent;
 * intermediate states are skipped.
 */
export class ProcessorListener<T> {
  private readonly queue = new ArrayQueue<Pending<T>>();
  /** While coalescing: the newest waiting notification of each key. */
  private latest: Map<string, Pending<T>> | undefined;
  private running = false;
  private stopped = false;
  /** Queued notifications marked cancelled (they are skipped, and compacted away in bulk). */
  private cancelled = 0;
  /** Initial-list adds queued but not yet returned from. */
  private initialPending = 0;
  /** Settles once the asynchronous notification in progress (if any) returned. */
  private idle: Promise<void> = resolved;
  private readonly drainTask = () => this.drain();
  resyncPeriodMs: number;
  nextResync = 0;

  constructor(
    private readonly handler: ResourceEventHandler<T>,
    readonly requestedResyncPeriodMs: number,
    resyncPeriodMs: number,
    now: number,
    private readonly bufferSize: number,
    private readonly ctx: ListenerContext<T>,
  ) {
    this.resyncPeriodMs = resyncPeriodMs;
    this.determineNextResync(now);
  }

  hasSynced(): boolean {
    return this.initialPending === 0 && this.ctx.upstreamHasSynced();
  }

  pending(): number {
    return this.queue.length - this.cancelled;
  }

  shouldResync(now: number): boolean {
    return this.resyncPeriodMs > 0 && now >= this.nextResync;
  }

  determineNextResync(now: number): void {
    this.nextResync = now + this.resyncPeriodMs;
  }

  add(event: InformerEvent<T>): void {
    if (this.stopped) return;
    if (event.type === 'add' && event.isInInitialList) this.initialPending++;
    if (this.latest === undefined && this.pending() >= this.bufferSize) this.startCoalescing();
    if (this.latest === undefined || !this.coalesce(event)) {
      const pending: Pending<T> = { event, cancelled: false };
      this.queue.push(pending);
      this.latest?.set(this.keyOfEvent(event), pending);
    }
    if (!this.running) {
      this.running = true;
      // Never call the handler from inside the informer's delta processing.
      queueMicrotask(this.drainTask);
    }
  }

  /** Drops what is waiting; resolves once the notification in progress (if any) returned. */
  stop(): Promise<void> {
    this.stopped = true;
    this.queue.clear();
    this.cancelled = 0;
    this.latest = undefined;
    return this.idle;
  }

  private keyOfEvent(event: InformerEvent<T>): string {
    return this.ctx.keyOf(event.object);
  }

  private startCoalescing(): void {
    this.latest = new Map();
    for (const pending of this.queue.values()) {
      if (!pending.cancelled) this.latest.set(this.keyOfEvent(pending.event), pending);
    }
  }

  /** Merges `event` into the waiting notification of its key; false when it must be queued. */
  private coalesce(event: InformerEvent<T>): boolean {
    const key = this.keyOfEvent(event);
    const waiting = this.latest!.get(key);
    if (!waiting || event.type === 'add' || waiting.event.type === 'delete') return false;
    const prior = waiting.event;
    if (event.type === 'update') {
      waiting.event = { ...prior, object: event.object };
      return true;
    }
    // event is a delete
    if (prior.type === 'add') {
      waiting.cancelled = true;
      this.latest!.delete(key);
      if (prior.isInInitialList) this.initialPending--;
      if (++this.cancelled * 2 > this.queue.length) this.compact();
    } else {
      waiting.event = event;
    }
    return true;
  }

  /** Drops cancelled notifications from the queue (amortised O(1) per cancellation). */
  private compact(): void {
    const kept = Array.from(this.queue.values()).filter((p) => !p.cancelled);
    this.queue.clear();
    for (const p of kept) this.queue.push(p);
    this.cancelled = 0;
  }

  /**
   * Delivers waiting notifications synchronously until one returns a promise; the rest follow
   * once it settled (see {@link awaitThenDrain}).
   */
  private drain(): void {
    for (let next = this.queue.shift(); next && !this.stopped; next = this.queue.shift()) {
      if (next.cancelled) {
        this.cancelled--;
        continue;
      }
      const { event } = next;
      if (this.latest) {
        const key = this.keyOfEvent(event);
        if (this.latest.get(key) === next) this.latest.delete(key);
        if (this.queue.length === 0) this.latest = undefined;
      }
      let result: unknown;
      try {
        result = this.deliver(event);
      } catch (err) {
        this.ctx.onHandlerError(err);
      }
      if (typeof (result as PromiseLike<unknown> | undefined)?.then === 'function') {
        this.idle = this.awaitThenDrain(result as PromiseLike<unknown>, event);
        return;
      }
      this.delivered(event);
    }
    this.running = false;
  }

  private async awaitThenDrain(result: PromiseLike<unknown>, event: InformerEvent<T>) {
    try {
      await result;
    } catch (err) {
      this.ctx.onHandlerError(err);
    }
    this.delivered(event);
    this.drain();
  }

  private delivered(event: InformerEvent<T>): void {
    if (event.type === 'add' && event.isInInitialList) this.initialPending--;
  }

  private deliver(event: InformerEvent<T>): unknown {
    switch (event.type) {
      case 'add':
        return this.handler.onAdd?.(event.object, event.isInInitialList);
      case 'update':
        return this.handler.onUpdate?.(event.oldObject, event.object);
      case 'delete':
        return this.handler.onDelete?.(event.object);
    }
  }
}
