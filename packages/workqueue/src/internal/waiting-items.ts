import type { Clock } from '../clock';
import { WaitForHeap } from './wait-for-heap';

/** The longest delay one timer can be armed with (setTimeout overflows past 2^31-1 ms). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Items waiting for their ready time (client-go's delaying queue loop): a heap ordered by ready
 * time and a single timer armed for the earliest, which hands every ready item to `onReady`.
 * An item waits at most once, keeping the earlier of two ready times.
 */
export class WaitingItems<T> {
  private readonly heap = new WaitForHeap<T>();
  /** The one timer; armed while an item with a finite ready time is waiting. */
  private timer: unknown = undefined;
  /** The clock reading the timer is armed for. */
  private timerAt = Infinity;

  /**
   * `onReady` receives each item once its time has come; when `stopped()` is true at that point
   * (the queue was shut down behind our back), every waiting item is dropped instead.
   */
  constructor(
    private readonly clock: Clock,
    private readonly onReady: (item: T) => void,
    private readonly stopped: () => boolean,
  ) {}

  /** Number of waiting items. */
  get size(): number {
    return this.heap.size;
  }

  /** Makes `item` ready `delayMs` from now (or earlier, if it already waits for less). */
  add(item: T, delayMs: number): void {
    this.heap.insert(item, this.clock.now() + delayMs);
    this.arm();
  }

  /** Drops every waiting item and cancels the timer. */
  clear(): void {
    this.disarm();
    this.heap.clear();
  }

  /** Arms the timer for the earliest waiting item unless it is already armed early enough. */
  private arm(): void {
    const head = this.heap.peek();
    if (head === undefined || head.readyAt >= this.timerAt) return;
    this.disarm();
    this.timerAt = head.readyAt;
    const delay = Math.min(Math.max(head.readyAt - this.clock.now(), 0), MAX_TIMER_MS);
    this.timer = this.clock.setTimeout(() => this.fire(), delay);
  }

  private disarm(): void {
    if (this.timer === undefined) return;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  /** Hands every ready item to `onReady`, then re-arms for the next one. */
  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    if (this.stopped()) {
      this.heap.clear();
      return;
    }
    const now = this.clock.now();
    for (let head = this.heap.peek(); head !== undefined && head.readyAt <= now;) {
      this.heap.pop();
      this.onReady(head.item);
      head = this.heap.peek();
    }
    this.arm();
  }
}
