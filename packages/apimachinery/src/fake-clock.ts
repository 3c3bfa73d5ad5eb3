import { sleepOn, type Clock, type TimerHandle } from './clock';

/** Options of {@link FakeClock}. */
export interface FakeClockOptions {
  /** The initial time in ms since the epoch; default 2024-01-01T00:00:00Z. */
  now?: number;
}

interface FakeTimer {
  due: number;
  /** Creation order: timers due at the same time fire in the order they were set. */
  seq: number;
  fn: () => void;
}

/** A macrotask turn, taken before jest's fake timers can replace `setImmediate`. */
const realSetImmediate = globalThis.setImmediate;
const nextTurn = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));

/**
 * A {@link Clock} whose time moves only when a test moves it (k8s.io/utils/clock/testing).
 *
 * - {@link FakeClock.step} advances time synchronously, firing due timers in order (time, then
 *   creation); each fires with `now()` at its due time.
 * - {@link FakeClock.advance} does the same but lets promises settle after every timer, so a loop
 *   that re-arms a timer after an `await` keeps running within the advanced window.
 *
 * @example
 * ```ts
 * const clock = new FakeClock();
 * const done = clock.sleep(1000);
 * clock.step(1000);
 * await done;
 * ```
 */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private readonly timers = new Map<TimerHandle, FakeTimer>();

  constructor(options: FakeClockOptions = {}) {
    this.time = options.now ?? Date.UTC(2024, 0, 1);
  }

  /** The fake time in ms since the epoch. */
  now(): number {
    return this.time;
  }

  /** Registers a timer due at `now() + max(0, ms)`. */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = Object.freeze({ id: this.seq }) as unknown as TimerHandle;
    this.timers.set(handle, { due: this.time + Math.max(0, ms || 0), seq: this.seq++, fn });
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle);
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return sleepOn(this, ms, signal);
  }

  /** True while at least one timer (a sleep, a setTimeout) is pending. */
  hasWaiters(): boolean {
    return this.timers.size > 0;
  }

  /** How many timers are pending. */
  waiters(): number {
    return this.timers.size;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due (also timers set by the
   * timers it fires), then leaves `now()` at the old time + `ms`.
   */
  step(ms: number): void {
    const target = this.time + Math.max(0, ms);
    for (let t = this.nextDue(target); t; t = this.nextDue(target)) this.fire(t);
    this.time = target;
  }

  /**
   * Sets the time. Moving forward fires due timers as {@link FakeClock.step} does; moving
   * backward fires nothing.
   */
  setTime(time: number): void {
    if (time >= this.time) this.step(time - this.time);
    else this.time = time;
  }

  /**
   * Like {@link FakeClock.step}, but lets pending promise callbacks run (one macrotask turn)
   * before and after each timer, so async code woken by a timer can set its next timer in time.
   * The turns use the `setImmediate` that was current when this module loaded (so jest fake
   * timers installed later do not stall it).
   */
  async advance(ms: number): Promise<void> {
    const target = this.time + Math.max(0, ms);
    await nextTurn();
    for (let t = this.nextDue(target); t; t = this.nextDue(target)) {
      this.fire(t);
      await nextTurn();
    }
    this.time = target;
    await nextTurn();
  }

  /**
   * Lets the code under test run (macrotask turns) until at least `count` timers are pending.
   *
   * @returns `true` once they are, `false` when `maxTurns` turns (default 1000) passed first.
   */
  async waitForWaiters(count = 1, options: { maxTurns?: number } = {}): Promise<boolean> {
    const maxTurns = options.maxTurns ?? 1000;
    for (let turn = 0; this.timers.size < count; turn++) {
      if (turn >= maxTurns) return false;
      await nextTurn();
    }
    return true;
  }

  private nextDue(target: number): [TimerHandle, FakeTimer] | undefined {
    let next: [TimerHandle, FakeTimer] | undefined;
    for (const entry of this.timers) {
      const t = entry[1];
      if (t.due > target) continue;
      if (!next || t.due < next[1].due || (t.due === next[1].due && t.seq < next[1].seq))
        next = entry;
    }
    return next;
  }

  private fire([handle, timer]: [TimerHandle, FakeTimer]): void {
    this.timers.delete(handle);
    this.time = Math.max(this.time, timer.due);
    timer.fn();
  }
}
