import type { Clock } from './clock';
import { realClock } from './clock';
import { checkOption } from './workqueue-error';

/** A claim on one token: when it may be used. */
export interface Reservation {
  /** The clock reading at which the reserved token is available. */
  readonly timeToAct: number;
  /** Milliseconds from now until {@link Reservation.timeToAct}; 0 when it has passed. */
  delay(): number;
}

/**
 * A token bucket that refills at `qps` tokens per second up to `burst` tokens, starting full.
 *
 * Reservations never fail: a reservation taken when the bucket is empty borrows a future token,
 * so consecutive reservations get increasing delays (`1000 / qps` ms apart), exactly like
 * golang.org/x/time/rate's `Limiter.Reserve()` with `Delay()`.
 *
 * @see https://github.com/golang/time/blob/master/rate/rate.go
 */
export interface TokenBucket {
  /** Takes one token now, or the next future one; returns when it may be used. */
  reserve(): Reservation;
  /** Tokens available now (negative while future tokens are reserved). */
  tokens(): number;
}

/** Options of {@link newTokenBucket}. */
export interface TokenBucketOptions {
  /** Refill rate in tokens per second; > 0 (`Infinity` never delays). */
  qps: number;
  /** Capacity, and the number of tokens at start; an integer >= 1. */
  burst: number;
  /** Time source; defaults to {@link realClock}. */
  clock?: Clock;
}

/**
 * Creates a {@link TokenBucket}.
 *
 * @throws WorkqueueError `InvalidOptions` when `qps` is not > 0 or `burst` not an integer >= 1.
 */
export function newTokenBucket(options: TokenBucketOptions): TokenBucket {
  const { qps, burst } = options;
  const clock = options.clock ?? realClock;
  checkOption(qps > 0, `token bucket qps must be > 0, got ${qps}`);
  checkOption(
    Number.isInteger(burst) && burst >= 1,
    `token bucket burst must be an integer >= 1, got ${burst}`,
  );

  let available = burst;
  /** The clock reading `available` was last brought up to date at. */
  let last = clock.now();

  /** Refills the bucket for the time since `last`, capped at `burst`. */
  const advance = (now: number): void => {
    // A clock that went backwards must not mint tokens: treat the new reading as `last`.
    const elapsed = Math.max(0, now - last);
    available = Math.min(burst, available + (elapsed * qps) / 1000);
    last = now;
  };

  return {
    reserve() {
      const now = clock.now();
      if (qps === Infinity) return new ClockReservation(clock, now);
      advance(now);
      available -= 1;
      const wait = available < 0 ? (-available * 1000) / qps : 0;
      return new ClockReservation(clock, now + wait);
    },
    tokens() {
      if (qps === Infinity) return burst;
      advance(clock.now());
      return available;
    },
  };
}

/** A class rather than an object literal with a closure: one is made per retry. */
class ClockReservation implements Reservation {
  constructor(
    private readonly clock: Clock,
    readonly timeToAct: number,
  ) {}

  delay(): number {
    return Math.max(0, this.timeToAct - this.clock.now());
  }
}
