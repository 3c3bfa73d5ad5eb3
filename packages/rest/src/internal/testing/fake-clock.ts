import type { RestClock } from '../clock';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/** A manual clock for tests: timers fire only when {@link ManualClock.step} passes them. */
export class ManualClock implements RestClock {
  #now: number;
  #timers: Timer[] = [];
  #nextId = 1;
  #waiters: (() => void)[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): unknown {
    const timer = { id: this.#nextId++, at: this.#now + Math.max(0, ms), fn };
    this.#timers.push(timer);
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
    return timer.id;
  }

  clearTimeout(handle: unknown): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  /** Delays (from now) of the pending timers, soonest first. */
  pending(): number[] {
    return this.#timers.map((t) => t.at - this.#now).sort((a, b) => a - b);
  }

  /** Resolves once at least `count` pending timers pass `filter` (by delay). */
  async waitForTimers(
    count: number,
    filter: (delay: number) => boolean = () => true,
  ): Promise<void> {
    while (this.pending().filter(filter).length < count)
      await new Promise<void>((r) => this.#waiters.push(r));
  }

  /** Advances time by `ms`, firing due timers in order. */
  step(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      const due = this.#timers
        .filter((t) => t.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.#timers = this.#timers.filter((t) => t !== due);
      this.#now = Math.max(this.#now, due.at);
      due.fn();
    }
    this.#now = end;
  }
}
