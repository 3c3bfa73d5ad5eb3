import { sleepOn, type Clock, type TimerHandle } from '@kubekit/apimachinery';

interface VirtualTimer {
  due: number;
  /** Creation order: timers due at the same time fire in the order they were set. */
  seq: number;
  fn: () => void;
  handle: TimerHandle;
}

/**
 * The one clock of a simulation: every timer of the API server, the kubelet and the
 * controller managers is set on it, and time moves only when the simulation fires the next
 * timer. Timers fire in due order, ties in creation order, so a run is a pure function of its
 * seed. A min-heap keeps firing O(log n).
 */
export class VirtualClock implements Clock {
  #time: number;
  #seq = 0;
  readonly #heap: VirtualTimer[] = [];
  readonly #live = new Map<TimerHandle, VirtualTimer>();

  constructor(start: number) {
    this.#time = start;
  }

  now(): number {
    return this.#time;
  }

  /** Timers set so far (a measure of activity: quiescence is when it stops moving). */
  get timersSet(): number {
    return this.#seq;
  }

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = Object.freeze({ id: this.#seq }) as unknown as TimerHandle;
    const delay = Number.isFinite(ms) ? Math.max(0, ms) : ms > 0 ? Infinity : 0;
    const timer = { due: this.#time + delay, seq: this.#seq++, fn, handle };
    this.#live.set(handle, timer);
    if (timer.due !== Infinity) this.#push(timer);
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#live.delete(handle);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** When the next live timer is due; undefined when none is pending. */
  nextDue(): number | undefined {
    this.#dropCleared();
    return this.#heap[0]?.due;
  }

  /**
   * Fires every timer due at the next due time, no later than `limit`; moves time there.
   * Returns false (time set to `limit`) when nothing was due by then.
   */
  fireNext(limit: number): boolean {
    const due = this.nextDue();
    if (due === undefined || due > limit) {
      this.#time = Math.max(this.#time, limit);
      return false;
    }
    this.#time = Math.max(this.#time, due);
    while (this.nextDue() === due) {
      const timer = this.#pop();
      this.#live.delete(timer.handle);
      timer.fn();
    }
    return true;
  }

  /** A view of this clock reading `offsetMs` ahead (behind, if negative): one manager's skew. */
  skewed(offsetMs: () => number): Clock {
    return {
      now: () => this.#time + offsetMs(),
      setTimeout: (fn, ms) => this.setTimeout(fn, ms),
      clearTimeout: (handle) => this.clearTimeout(handle),
      sleep: (ms, signal) => this.sleep(ms, signal),
    };
  }

  #dropCleared(): void {
    while (this.#heap.length > 0 && !this.#live.has(this.#heap[0]!.handle)) this.#pop();
  }

  #less(a: VirtualTimer, b: VirtualTimer): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  #push(timer: VirtualTimer): void {
    const heap = this.#heap;
    heap.push(timer);
    for (let i = heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.#less(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): VirtualTimer {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && this.#less(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && this.#less(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  }
}
