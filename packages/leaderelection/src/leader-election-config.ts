import { monotonicClock, type Clock } from './clock';
import { LeaderElectionError } from './leader-election-error';
import type { ResourceLock } from './resource-lock';

/**
 * What `onStartedLeading` learns about the leadership term it starts.
 *
 * The fencing token makes leader writes fenceable: it is the Lease's `leaseTransitions` after
 * this acquisition, and every acquisition by a kubekit elector increments it (a candidate that
 * re-acquires under its own identity after a restart included), so a later term always carries
 * a larger token. A store that remembers the largest token it has accepted (an annotation
 * compared-and-set through resourceVersion, a column in a database) can reject the writes of a
 * deposed leader that has not noticed yet, which timing alone cannot rule out (a paused process,
 * a blocked event loop, a clock running slow).
 */
export interface LeadershipTerm {
  /** This candidate's identity (the Lease's holderIdentity). */
  identity: string;
  /** Strictly increasing across terms of this lock: pass it along with writes to fence them. */
  fencingToken: number;
  /** The lock's description, such as `kube-system/my-controller`. */
  lock: string;
}

/** Options of {@link LeaderElector}; durations in milliseconds. */
export interface LeaderElectorOptions {
  /** Where the election happens, usually a {@link LeaseLock}. */
  lock: ResourceLock;
  /** This candidate's identity; must be unique among candidates (hostname + random suffix). */
  identity: string;
  /**
   * How long non-leaders wait, from when they last saw the record change, before taking over.
   * Default 15 000. Must exceed `renewDeadlineMs`; written to the Lease in whole seconds
   * (rounded up).
   */
  leaseDurationMs?: number;
  /**
   * How long the leader keeps leading without a successful renewal (measured from when the last
   * successful renewal was sent). Default 10 000. Must exceed `retryPeriodMs * jitterFactor`.
   */
  renewDeadlineMs?: number;
  /** The interval between acquisition and renewal attempts. Default 2 000. */
  retryPeriodMs?: number;
  /** Acquisition attempts wait `retryPeriodMs * (1 + random * jitterFactor)`. Default 1.2. */
  jitterFactor?: number;
  /**
   * Release the lease when `run()`'s signal aborts, once the work started by `onStartedLeading`
   * has settled (its returned promise, if any; see {@link LeaderElectorOptions.onStartedLeading}),
   * so that another candidate takes over at its next attempt instead of after the lease expires.
   * Default false.
   */
  releaseOnCancel?: boolean;
  /**
   * Called when this candidate becomes the leader. `signal` aborts when leadership ends (the run
   * signal aborted, renewal failed past the renew deadline, or the lease was lost), always before
   * another candidate can acquire the lease. Return a promise that settles once the work has
   * stopped: `releaseOnCancel` waits for it (up to the renew deadline) before releasing. A throw
   * or rejection is reported to `onError`; leadership continues until the signal aborts.
   */
  onStartedLeading(signal: AbortSignal, term: LeadershipTerm): void | Promise<void>;
  /** Called exactly once when `run()` ends, whether or not this candidate ever led. */
  onStoppedLeading(): void;
  /** Called whenever the observed holder changes to a new non-empty identity (this one included). */
  onNewLeader?(identity: string): void;
  /** Failed API calls and callback errors; the elector retries on its own. Default: ignored. */
  onError?(err: unknown): void;
  /** The time source; default {@link monotonicClock}. */
  clock?: Clock;
  /** Uniform random numbers in [0, 1) for jitter; default `Math.random` (seed it in tests). */
  random?: () => number;
}

/** Options of {@link LeaderElector.run}. */
export interface RunOptions {
  /** Aborting stops the election: the leader stops leading (and releases when configured). */
  signal?: AbortSignal;
}

/** The answer of {@link LeaderElector.check}. */
export type LeaderElectionHealth = { ok: true } | { ok: false; message: string };

/** {@link LeaderElectorOptions} with defaults applied and validated. */
export interface ResolvedTimings {
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  jitterFactor: number;
  clock: Clock;
  random: () => number;
}

/**
 * Applies the defaults (15 s / 10 s / 2 s, jitter 1.2) and validates like client-go's
 * NewLeaderElector.
 *
 * @throws {@link LeaderElectionError} (`InvalidOptions`) when `leaseDurationMs <=
 * renewDeadlineMs`, `renewDeadlineMs <= retryPeriodMs * jitterFactor`, a duration is not
 * positive, the identity is empty, or a required callback is missing.
 */
export function resolveOptions(options: LeaderElectorOptions): ResolvedTimings {
  const resolved: ResolvedTimings = {
    leaseDurationMs: options.leaseDurationMs ?? 15_000,
    renewDeadlineMs: options.renewDeadlineMs ?? 10_000,
    retryPeriodMs: options.retryPeriodMs ?? 2_000,
    jitterFactor: options.jitterFactor ?? 1.2,
    clock: options.clock ?? monotonicClock,
    random: options.random ?? Math.random,
  };
  const { leaseDurationMs, renewDeadlineMs, retryPeriodMs, jitterFactor } = resolved;
  const invalid = (message: string) => new LeaderElectionError('InvalidOptions', message);
  // client-go's NewLeaderElector texts, with the option names of this package
  if (leaseDurationMs <= renewDeadlineMs)
    throw invalid('leaseDurationMs must be greater than renewDeadlineMs');
  if (renewDeadlineMs <= retryPeriodMs * jitterFactor)
    throw invalid('renewDeadlineMs must be greater than retryPeriodMs*jitterFactor');
  for (const [name, value] of Object.entries({ leaseDurationMs, renewDeadlineMs, retryPeriodMs })) {
    if (!(value > 0) || !Number.isFinite(value))
      throw invalid(`${name} must be greater than zero (and finite)`);
  }
  if (!(jitterFactor >= 0)) throw invalid('jitterFactor must not be negative');
  if (typeof options.onStartedLeading !== 'function')
    throw invalid('onStartedLeading callback must not be nil (a function is required)');
  if (typeof options.onStoppedLeading !== 'function')
    throw invalid('onStoppedLeading callback must not be nil (a function is required)');
  if (!options.lock) throw invalid('Lock must not be nil (a lock is required)');
  if (!options.identity) throw invalid('Lock identity is empty (identity is required)');
  return resolved;
}
