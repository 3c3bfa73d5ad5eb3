import type { Clock } from './clock';
import { realClock } from './clock';
import { checkOption } from './workqueue-error';

/** Options of {@link newKeyedBackoff}. */
export interface KeyedBackoffOptions {
  /** The first backoff of a key, in ms (client-go's `initial`); >= 0. */
  initialMs: number;
  /** The largest backoff, in ms (client-go's `max`); >= `initialMs`. */
  maxMs: number;
  /**
   * Jitter (client-go's `NewBackOffWithJitter`): every step adds up to `maxJitterFactor` times
   * the current backoff, uniformly at random. Default 0: no jitter, exact doubling.
   */
  maxJitterFactor?: number;
  /** Time source of `next`'s update times and `isInBackOffSince`; default {@link realClock}. */
  clock?: Clock;
  /** Uniform random numbers in [0, 1) for the jitter; default `Math.random`. */
  random?: () => number;
  /**
   * Whether a key's backoff has expired at `eventTime`, given when it was last updated (client-go's
   * `HasExpiredFunc`). An expired key starts again from `initialMs` at its next `next`, is not in
   * backoff, and is removed by `gc`. Default: more than `2 * maxMs` since the last update.
   */
  hasExpired?: (eventTime: number, lastUpdate: number, maxMs: number) => boolean;
}

/**
 * Per-key exponential backoff with a high-water mark and expiry (client-go's
 * `flowcontrol.Backoff`, as used by kubelet and controllers for image pulls, container
 * restarts and the like). Unlike a work queue's rate limiter it does not schedule anything: the
 * caller asks whether a key is still backing off and moves it to the next step after a failure.
 *
 * A key starts at `initialMs` on its first `next`, doubles (plus jitter) with every further
 * `next`, and stays at `maxMs`; after `2 * maxMs` without a `next` (or as `hasExpired` says) it
 * starts again from `initialMs`. Times are in milliseconds of the clock.
 *
 * Caveats: entries are only removed by `reset` and `gc`; call `gc()` periodically (client-go
 * leaves this to the user too) or memory grows with the number of keys ever backed off.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/flowcontrol/backoff.go
 */
export interface KeyedBackoff {
  /** The current backoff of `id` in ms; 0 when it has none (client-go's `Get`). */
  get(id: string): number;
  /**
   * Records a failure of `id` at `eventTime` (default now): its backoff starts at `initialMs`
   * (when it had none, or it expired), else doubles, capped at `maxMs` (client-go's `Next`).
   */
  next(id: string, eventTime?: number): void;
  /** Forgets `id`: its next backoff starts from `initialMs` (client-go's `Reset` / `DeleteEntry`). */
  reset(id: string): void;
  /**
   * True when less than the current backoff of `id` has passed between `eventTime` and now, and
   * the backoff has not expired (client-go's `IsInBackOffSince`).
   */
  isInBackOffSince(id: string, eventTime: number): boolean;
  /**
   * True when less than the current backoff of `id` passed between its last update and
   * `eventTime`, and the backoff has not expired at `eventTime` (client-go's
   * `IsInBackOffSinceUpdate`).
   */
  isInBackOffSinceUpdate(id: string, eventTime: number): boolean;
  /** Removes the entries that expired by now (client-go's `GC`). */
  gc(): void;
  /** The number of keys tracked (entries `gc` has not removed yet). */
  readonly size: number;
}

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

/**
 * Creates a {@link KeyedBackoff} (client-go's `flowcontrol.NewBackOff` / `NewBackOffWithJitter`).
 *
 * @throws WorkqueueError `InvalidOptions` for a negative `initialMs` or jitter factor, or
 * `maxMs < initialMs`.
 * @example
 * ```ts
 * const backoff = newKeyedBackoff({ initialMs: 10_000, maxMs: 300_000 });
 * if (backoff.isInBackOffSinceUpdate(image, Date.now())) throw new Error(`Back-off pulling image ${image}`);
 * try { await pull(image); backoff.reset(image); } catch (err) { backoff.next(image); throw err; }
 * ```
 */
export function newKeyedBackoff(options: KeyedBackoffOptions): KeyedBackoff {
  const { initialMs, maxMs, maxJitterFactor = 0 } = options;
  checkOption(initialMs >= 0, `initialMs must be >= 0, got ${initialMs}`);
  checkOption(maxMs >= initialMs, `maxMs must be >= initialMs, got ${maxMs}`);
  checkOption(maxJitterFactor >= 0, `maxJitterFactor must be >= 0, got ${maxJitterFactor}`);
  const clock = options.clock ?? realClock;
  const random = options.random ?? Math.random;
  const hasExpired =
    options.hasExpired ??
    ((eventTime: number, lastUpdate: number, max: number) => eventTime - lastUpdate > max * 2);
  const expired = (eventTime: number, entry: Entry) =>
    hasExpired(eventTime, entry.lastUpdate, maxMs);
  const jitter = (delayMs: number) =>
    maxJitterFactor > 0 ? random() * maxJitterFactor * delayMs : 0;
  const entries = new Map<string, Entry>();

  return {
    get: (id) => entries.get(id)?.backoffMs ?? 0,
    next(id, eventTime = clock.now()) {
      let entry = entries.get(id);
      if (entry === undefined || expired(eventTime, entry)) {
        entry = { backoffMs: initialMs, lastUpdate: 0 };
        entry.backoffMs += jitter(entry.backoffMs);
        entries.set(id, entry);
      } else {
        entry.backoffMs = Math.min(entry.backoffMs * 2 + jitter(entry.backoffMs), maxMs);
      }
      entry.lastUpdate = clock.now();
    },
    reset(id) {
      entries.delete(id);
    },
    isInBackOffSince(id, eventTime) {
      const entry = entries.get(id);
      if (entry === undefined || expired(eventTime, entry)) return false;
      return clock.now() - eventTime < entry.backoffMs;
    },
    isInBackOffSinceUpdate(id, eventTime) {
      const entry = entries.get(id);
      if (entry === undefined || expired(eventTime, entry)) return false;
      return eventTime - entry.lastUpdate < entry.backoffMs;
    },
    gc() {
      const now = clock.now();
      for (const [id, entry] of entries) if (expired(now, entry)) entries.delete(id);
    },
    get size() {
      return entries.size;
    },
  };
}
