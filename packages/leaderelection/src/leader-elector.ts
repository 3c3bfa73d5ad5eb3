import { isNotFound, type TimerHandle } from '@kubekit/apimachinery';
import type { Clock } from './clock';
import {
  resolveOptions,
  type LeaderElectionHealth,
  type LeaderElectorOptions,
  type LeadershipTerm,
  type RunOptions,
} from './leader-election-config';
import { LeaderElectionError } from './leader-election-error';
import { microTime } from './internal/micro-time';
import { releaseLock } from './internal/release';
import { sleepUnlessAborted } from './internal/sleep';
import { Wakeup } from './internal/wakeup';
import type { LeaderElectionRecord, LockSnapshot } from './resource-lock';

/**
 * Runs one candidate of a leader election (client-go's LeaderElector): tries to acquire the lock
 * every retry period, and once it leads, renews it every retry period and runs the work handed to
 * `onStartedLeading`.
 *
 * Guarantees:
 * - Expiry is judged on this candidate's own clock, from when it last observed the record change
 *   (`observedTime`), never by comparing the holder's timestamps with local time, so clock
 *   offsets between candidates do not matter.
 * - The leader stops leading (aborts the work signal, `isLeader()` turns false) no later than
 *   `renewDeadlineMs` after sending its last successful renewal, even when an API call hangs. Any
 *   other candidate observed that renewal after it was sent, so it cannot take over before
 *   `leaseDurationMs` after it: the margin is `leaseDurationMs - renewDeadlineMs` (5 s by
 *   default).
 * - `onStoppedLeading` is called exactly once, when `run()` ends; `run()` resolves after it.
 *
 * Caveats: the margin assumes timers fire on time. A JavaScript event loop blocked for longer
 * than the margin keeps an aborted-too-late signal; `isLeader()` re-checks the deadline
 * synchronously, and {@link LeadershipTerm.fencingToken} defends writes against it. An elector
 * runs once; after `run()` ends, create a new one to stand again.
 *
 * @example
 * ```ts
 * const elector = new LeaderElector({
 *   lock: new LeaseLock({ client: leases, name: 'my-controller', namespace: 'kube-system' }),
 *   identity: `${hostname()}_${randomUUID()}`,
 *   onStartedLeading: (signal, { fencingToken }) => controller.run({ signal, fencingToken }),
 *   onStoppedLeading: () => console.log('stopped leading'),
 * });
 * await elector.run({ signal });
 * ```
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/leaderelection/leaderelection.go
 */
export class LeaderElector {
  readonly #options: LeaderElectorOptions;
  readonly #clock: Clock;
  readonly #random: () => number;
  readonly #leaseDurationMs: number;
  readonly #renewDeadlineMs: number;
  readonly #retryPeriodMs: number;
  readonly #jitterFactor: number;

  /** `new` until `run()` is called, `running` during it, `done` after it resolved. */
  #state: 'new' | 'running' | 'done' = 'new';
  /** The lock as this candidate last read or wrote it. */
  #observed: LockSnapshot | undefined;
  /** Local clock reading when `#observed` last changed; the base of expiry judgements. */
  #observedTime = 0;
  /** The holder last reported to `onNewLeader`. */
  #reportedLeader = '';
  /** Aborts when the current term ends; set only while leading. */
  #work: AbortController | undefined;
  /** Local clock reading when the last successful acquisition or renewal was sent. */
  #lastRenewSent = 0;
  /** Fires at `#lastRenewSent + renewDeadlineMs` and ends the term; set only while leading. */
  #deadlineTimer: TimerHandle | undefined;

  /**
   * Validates the options like client-go's NewLeaderElector.
   *
   * @throws {@link LeaderElectionError} (`InvalidOptions`) when `leaseDurationMs <=
   * renewDeadlineMs`, `renewDeadlineMs <= retryPeriodMs * jitterFactor`, a duration is not
   * positive, the identity is empty, or a required callback is missing.
   */
  constructor(options: LeaderElectorOptions) {
    this.#options = options;
    ({
      clock: this.#clock,
      random: this.#random,
      leaseDurationMs: this.#leaseDurationMs,
      renewDeadlineMs: this.#renewDeadlineMs,
      retryPeriodMs: this.#retryPeriodMs,
      jitterFactor: this.#jitterFactor,
    } = resolveOptions(options));
  }

  /**
   * True while this candidate leads: between `onStartedLeading` and the abort of its signal.
   * Re-checks the renew deadline against the clock, so it turns false on time even when the
   * deadline timer is late (a busy event loop).
   */
  isLeader(): boolean {
    if (!this.#work) return false;
    if (this.#clock.now() >= this.#lastRenewSent + this.#renewDeadlineMs) {
      this.#stopLeading('renew deadline exceeded');
      return false;
    }
    return true;
  }

  /** The holder identity this candidate last observed on the lock, `''` when none. */
  getLeader(): string {
    return this.#observed?.record.holderIdentity ?? '';
  }

  /**
   * The health check of client-go's healthz adaptor: fails when this candidate believes it leads
   * but its last successful renewal was sent more than `leaseDurationMs + toleranceMs` ago (its
   * timers did not run: the process is wedged). Always ok while not leading.
   */
  check(toleranceMs = 0): LeaderElectionHealth {
    if (!this.#work) return { ok: true };
    const sinceRenew = this.#clock.now() - this.#lastRenewSent;
    if (sinceRenew > this.#leaseDurationMs + toleranceMs)
      return {
        ok: false,
        message: `leader ${this.#options.identity} has not renewed lease ${this.#options.lock.describe()} for ${Math.round(sinceRenew)} ms`,
      };
    return { ok: true };
  }

  /**
   * Stands for election until `signal` aborts: acquires, leads (renewing), and stops leading when
   * renewal fails or the signal aborts. Resolves once fully stopped: the work signal aborted,
   * the lease released (with `releaseOnCancel`), `onStoppedLeading` called. Never rejects for API
   * errors (they go to `onError`).
   *
   * @throws {@link LeaderElectionError} (`AlreadyRun`) when called a second time.
   */
  async run(options: RunOptions = {}): Promise<void> {
    if (this.#state !== 'new')
      throw new LeaderElectionError('AlreadyRun', 'a LeaderElector runs only once');
    this.#state = 'running';
    const signal = options.signal ?? new AbortController().signal;
    try {
      if (await this.#acquire(signal)) await this.#lead(signal);
    } finally {
      this.#state = 'done';
      this.#safely(() => this.#options.onStoppedLeading());
    }
  }

  /**
   * Tries every jittered retry period until it acquires (true) or `signal` aborts (false); when
   * the lock can watch, a release, deletion or expiry of the lock triggers an attempt at once.
   */
  async #acquire(signal: AbortSignal): Promise<boolean> {
    const wakeup = new Wakeup();
    const watching = new AbortController();
    const watcher = this.#watchLock(wakeup, AbortSignal.any([signal, watching.signal]));
    try {
      while (!signal.aborted) {
        if (await this.#tryAcquireOrRenew(signal)) return true;
        const period = this.#retryPeriodMs * (1 + this.#random() * this.#jitterFactor);
        await wakeup.sleep(this.#clock, period, signal);
      }
      return false;
    } finally {
      watching.abort();
      await watcher;
    }
  }

  /**
   * Watches the lock (when it can) while acquiring: every change is observed as it happens, and
   * the acquisition loop is woken when the lock is released or deleted, or when the holder's
   * lease expires by this candidate's clock (no change for its lease duration).
   */
  async #watchLock(wakeup: Wakeup, signal: AbortSignal): Promise<void> {
    const lock = this.#options.lock;
    if (!lock.watch) return;
    let expiry: TimerHandle | undefined;
    try {
      while (!signal.aborted) {
        try {
          for await (const snapshot of lock.watch({ signal })) {
            if (expiry) this.#clock.clearTimeout(expiry);
            if (!snapshot || snapshot.record.holderIdentity === '') {
              wakeup.wake();
              continue;
            }
            this.#observe(snapshot);
            const expiresIn =
              this.#observedTime + snapshot.record.leaseDurationSeconds * 1000 - this.#clock.now();
            expiry = this.#clock.setTimeout(() => wakeup.wake(), expiresIn);
          }
        } catch (err) {
          if (!signal.aborted) this.#report(err);
        }
        await sleepUnlessAborted(this.#clock, this.#retryPeriodMs, signal);
      }
    } finally {
      if (expiry) this.#clock.clearTimeout(expiry);
    }
  }

  /** Leads from a fresh acquisition until the term ends; then releases when configured. */
  async #lead(signal: AbortSignal): Promise<void> {
    const work = new AbortController();
    this.#work = work;
    this.#armDeadline();
    if (!this.#work) return; // the acquisition answered after the renew deadline
    const term: LeadershipTerm = {
      identity: this.#options.identity,
      fencingToken: this.#observed?.record.leaseTransitions ?? 0,
      lock: this.#options.lock.describe(),
    };
    const worked = Promise.resolve()
      .then(() => this.#options.onStartedLeading(work.signal, term))
      .catch((err: unknown) => this.#report(err));

    const stop = AbortSignal.any([signal, work.signal]);
    while (await sleepUnlessAborted(this.#clock, this.#retryPeriodMs, stop)) {
      const renewed = await this.#tryAcquireOrRenew(work.signal);
      if (work.signal.aborted) break;
      if (renewed) this.#armDeadline();
      else if (this.getLeader() !== this.#options.identity) {
        this.#stopLeading(`lease taken over by ${this.getLeader() || 'nobody'}`);
      }
    }
    const cancelled = signal.aborted && !work.signal.aborted;
    const deadline = this.#lastRenewSent + this.#renewDeadlineMs;
    this.#stopLeading('election cancelled', signal.reason);
    if (cancelled && this.#options.releaseOnCancel) {
      if (await this.#settlesBefore(worked, deadline)) await this.#release();
    }
  }

  /**
   * One attempt (client-go's tryAcquireOrRenew): renews directly while leading, otherwise reads
   * the lock and writes this candidate's record over it when it is free, expired or already
   * ours. Resolves true when this candidate holds the lock afterwards; never rejects.
   */
  async #tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const sent = this.#clock.now();
    const lock = this.#options.lock;
    const leading = this.#work !== undefined;
    try {
      if (leading && this.#observed) {
        try {
          return this.#renewed(
            await lock.update(this.#record(this.#observed, sent), { signal }),
            sent,
          );
        } catch (err) {
          if (signal.aborted) return false;
          this.#report(err); // fall back to a fresh read, as client-go does
        }
      }
      let current: LockSnapshot;
      try {
        current = await lock.get({ signal });
      } catch (err) {
        if (!isNotFound(err)) throw err;
        return this.#renewed(await lock.create(this.#record(undefined, sent), { signal }), sent);
      }
      this.#observe(current);
      const { holderIdentity, leaseDurationSeconds } = current.record;
      const heldByOther =
        holderIdentity !== '' &&
        holderIdentity !== this.#options.identity &&
        this.#observedTime + leaseDurationSeconds * 1000 > sent;
      if (heldByOther) return false;
      return this.#renewed(await lock.update(this.#record(current, sent), { signal }), sent);
    } catch (err) {
      if (!signal.aborted) this.#report(err);
      return false;
    }
  }

  /** The record this candidate writes at `now` over `current` (undefined: a new lock). */
  #record(current: LockSnapshot | undefined, now: number): LeaderElectionRecord {
    const continuing =
      this.#work !== undefined && current?.record.holderIdentity === this.#options.identity;
    return {
      holderIdentity: this.#options.identity,
      leaseDurationSeconds: Math.ceil(this.#leaseDurationMs / 1000),
      acquireTime: continuing ? current.record.acquireTime : microTime(now),
      renewTime: microTime(now),
      leaseTransitions: current ? current.record.leaseTransitions + (continuing ? 0 : 1) : 0,
    };
  }

  /** Records a successful write sent at `sent`. */
  #renewed(snapshot: LockSnapshot, sent: number): boolean {
    this.#observe(snapshot);
    this.#lastRenewSent = sent;
    return true;
  }

  /** Remembers `snapshot`, restarting the expiry clock when it differs from the last one seen. */
  #observe(snapshot: LockSnapshot): void {
    const last = this.#observed;
    if (
      !last ||
      last.resourceVersion !== snapshot.resourceVersion ||
      JSON.stringify(last.record) !== JSON.stringify(snapshot.record)
    ) {
      this.#observed = snapshot;
      this.#observedTime = this.#clock.now();
    }
    const holder = snapshot.record.holderIdentity;
    if (holder && holder !== this.#reportedLeader) {
      this.#reportedLeader = holder;
      const onNewLeader = this.#options.onNewLeader;
      if (onNewLeader) this.#safely(() => onNewLeader(holder));
    }
  }

  /** (Re)schedules the end of the term at the renew deadline; ends it now when already past. */
  #armDeadline(): void {
    if (this.#deadlineTimer) this.#clock.clearTimeout(this.#deadlineTimer);
    const remaining = this.#lastRenewSent + this.#renewDeadlineMs - this.#clock.now();
    if (remaining <= 0) this.#stopLeading('renew deadline exceeded');
    else
      this.#deadlineTimer = this.#clock.setTimeout(
        () => this.#stopLeading('renew deadline exceeded'),
        remaining,
      );
  }

  /** Ends the current term (idempotent): aborts the work signal with `reason`. */
  #stopLeading(why: string, cause?: unknown): void {
    const work = this.#work;
    if (!work) return;
    this.#work = undefined;
    if (this.#deadlineTimer) this.#clock.clearTimeout(this.#deadlineTimer);
    work.abort(
      new LeaderElectionError(
        'LeadershipLost',
        `${this.#options.identity} stopped leading ${this.#options.lock.describe()}: ${why}`,
        cause === undefined ? undefined : { cause },
      ),
    );
  }

  /** Gives the lease up if still ours (client-go's release, see {@link releaseLock}). */
  async #release(): Promise<void> {
    try {
      const last = await releaseLock({
        lock: this.#options.lock,
        identity: this.#options.identity,
        clock: this.#clock,
        timeoutMs: this.#renewDeadlineMs,
      });
      if (last) this.#observe(last);
    } catch (err) {
      this.#report(err);
    }
  }

  /** True when `promise` settles before the local clock reaches `deadline`. */
  async #settlesBefore(promise: Promise<unknown>, deadline: number): Promise<boolean> {
    const timeout = new AbortController();
    const done = promise.then(() => true);
    const timedOut = sleepUnlessAborted(
      this.#clock,
      deadline - this.#clock.now(),
      timeout.signal,
    ).then(() => false);
    try {
      return await Promise.race([done, timedOut]);
    } finally {
      timeout.abort();
    }
  }

  #report(err: unknown): void {
    const onError = this.#options.onError;
    if (onError) this.#safely(() => onError(err), false);
  }

  /** Runs a user callback; a throw is reported (unless it came from the error handler itself). */
  #safely(callback: () => void, report = true): void {
    try {
      callback();
    } catch (err) {
      if (report) this.#report(err);
    }
  }
}
