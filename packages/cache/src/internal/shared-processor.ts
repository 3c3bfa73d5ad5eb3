import type { InformerEvent } from '../resource-event-handler';
import type { ProcessorListener } from './processor-listener';

/** The shortest resync period a handler gets (client-go's minimumResyncPeriod, 1 s). */
const minimumResyncPeriodMs = 1000;

/** A listener's effective resync period: the larger of the two, or 0 (never) if either is 0. */
export function determineResyncPeriod(desired: number, check: number): number {
  if (desired === 0 || check === 0) return 0;
  return Math.max(desired, check);
}

/**
 * The handlers of one shared informer (client-go's sharedProcessor): who gets each event, who is
 * due a resync, and the resync check period (how often the Reflector asks), which the first
 * handlers may lower before the informer starts.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/shared_informer.go
 */
export class SharedProcessor<T> {
  private readonly listeners = new Set<ProcessorListener<T>>();
  /** The listeners the current resync is for (chosen by {@link SharedProcessor.shouldResync}). */
  private syncingListeners = new Set<ProcessorListener<T>>();
  /** How often (ms) the Reflector asks whether to resync; 0: never. */
  resyncCheckPeriodMs: number;

  constructor(defaultResyncMs: number) {
    this.resyncCheckPeriodMs = defaultResyncMs;
  }

  /**
   * The resync period a new handler asking for `requestedMs` gets (client-go's
   * AddEventHandlerWithResyncPeriod): at least 1 s; before start a shorter period lowers the
   * check period (and the effective period of every listener), after start it is raised to it.
   */
  resyncPeriodFor(requestedMs: number, started: boolean): number {
    if (requestedMs <= 0) return requestedMs;
    const resync = Math.max(requestedMs, minimumResyncPeriodMs);
    // Unlike client-go, a handler asking for resync before start enables it even when the
    // informer's default period is 0 (client-go silently disables it).
    if (resync >= this.resyncCheckPeriodMs && (started || this.resyncCheckPeriodMs !== 0)) {
      return resync;
    }
    if (started) return this.resyncCheckPeriodMs;
    this.resyncCheckPeriodMs = resync;
    for (const l of this.listeners) {
      l.resyncPeriodMs = determineResyncPeriod(l.requestedResyncPeriodMs, resync);
    }
    return resync;
  }

  add(listener: ProcessorListener<T>): void {
    this.listeners.add(listener);
  }

  /** Removes and stops `listener`; nothing when it was removed already. */
  remove(listener: ProcessorListener<T>): void {
    if (!this.listeners.delete(listener)) return;
    this.syncingListeners.delete(listener);
    void listener.stop();
  }

  /** Hands `event` to every listener, or (`sync`) to those a resync is for. */
  distribute(event: InformerEvent<T>, sync: boolean): void {
    for (const listener of sync ? this.syncingListeners : this.listeners) listener.add(event);
  }

  /** Which listeners are due a resync at `now`; the reflector resyncs when any is. */
  shouldResync(now: number): boolean {
    this.syncingListeners = new Set();
    for (const listener of this.listeners) {
      if (listener.shouldResync(now)) {
        this.syncingListeners.add(listener);
        listener.determineNextResync(now);
      }
    }
    return this.syncingListeners.size > 0;
  }

  /** Removes every listener and resolves once all of them stopped. */
  async stop(): Promise<void> {
    const listeners = Array.from(this.listeners);
    this.listeners.clear();
    this.syncingListeners.clear();
    await Promise.all(listeners.map((l) => l.stop()));
  }
}
