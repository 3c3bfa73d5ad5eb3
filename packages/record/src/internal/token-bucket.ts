/**
 * A token bucket refilled lazily from clock readings: `burst` tokens, `perSecond` refill.
 * Holds two numbers, so thousands of them (one per object) stay cheap.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.#tokens = burst;
    this.#last = now;
  }

  /** Takes a token when one is available at `now`. */
  tryAccept(now: number): boolean {
    const elapsed = Math.max(0, now - this.#last);
    this.#tokens = Math.min(this.burst, this.#tokens + (elapsed / 1000) * this.perSecond);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
