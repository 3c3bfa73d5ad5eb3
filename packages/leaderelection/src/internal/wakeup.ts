import type { Clock } from '../clock';
import { sleepUnlessAborted } from './sleep';

/**
 * A sleep that can be cut short: `wake()` ends the current `sleep()` at once, or, when nobody
 * sleeps, makes the next `sleep()` return immediately (a wake-up is never lost).
 */
export class Wakeup {
  #pending = false;
  #sleeper: AbortController | undefined;

  /** Ends the current or the next sleep. */
  wake(): void {
    this.#pending = true;
    this.#sleeper?.abort();
  }

  /** Sleeps `ms` on `clock` unless woken or `signal` aborts first. */
  async sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
    if (!this.#pending) {
      const sleeper = new AbortController();
      this.#sleeper = sleeper;
      await sleepUnlessAborted(clock, ms, AbortSignal.any([signal, sleeper.signal]));
      this.#sleeper = undefined;
    }
    this.#pending = false;
  }
}
