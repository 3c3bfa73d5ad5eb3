import { newInternalError, realClock, type TimerHandle } from '@kubekit/apimachinery';
import { FakeLeaseStore, type FakeLeaseClientHooks } from './testing';
import type { Clock } from './clock';
import { LeaderElector } from './leader-elector';
import type { LeaderElectorOptions, LeadershipTerm } from './leader-election-config';
import { LeaderElectionError } from './leader-election-error';
import { LeaseLock } from './lease-lock';
import { HealthzAdaptor } from './healthz-adaptor';

/** A clock on jest's fake timers, `offsetMs` away from the others (clock skew). */
function skewedClock(offsetMs = 0): Clock {
  return {
    now: () => Date.now() + offsetMs,
    setTimeout: realClock.setTimeout,
    clearTimeout: realClock.clearTimeout,
  };
}

interface Candidate {
  elector: LeaderElector;
  controller: AbortController;
  done: Promise<void>;
  /** Fake time at which each term started / its signal aborted. */
  started: number[];
  stopped: number[];
  terms: LeadershipTerm[];
  stoppedLeading: number;
  signal?: AbortSignal;
}

function candidate(
  store: FakeLeaseStore,
  identity: string,
  options: Partial<LeaderElectorOptions> & {
    hooks?: FakeLeaseClientHooks;
    skewMs?: number;
    /** Hide the client's watch: the candidate only polls. */
    polling?: boolean;
  } = {},
): Candidate {
  const { hooks, skewMs, polling, ...rest } = options;
  const { watch, ...pollingClient } = store.client(hooks);
  const client = polling ? pollingClient : { ...pollingClient, watch };
  const c: Candidate = {
    controller: new AbortController(),
    started: [],
    stopped: [],
    terms: [],
    stoppedLeading: 0,
  } as unknown as Candidate;
  c.elector = new LeaderElector({
    lock: new LeaseLock({ client, name: 'ctrl', namespace: 'ns' }),
    identity,
    clock: skewedClock(skewMs),
    random: () => 0.5,
    onStartedLeading: (signal, term) => {
      c.started.push(Date.now());
      c.terms.push(term);
      c.signal = signal;
      signal.addEventListener('abort', () => c.stopped.push(Date.now()), { once: true });
    },
    onStoppedLeading: () => {
      c.stoppedLeading++;
    },
    ...rest,
  });
  c.done = c.elector.run({ signal: c.controller.signal });
  return c;
}

/** A store with candidate `a` started on it and leading (the first acquire is immediate). */
async function firstLeader(): Promise<{ store: FakeLeaseStore; a: Candidate }> {
  const store = new FakeLeaseStore();
  const a = candidate(store, 'a');
  await jest.advanceTimersByTimeAsync(0);
  return { store, a };
}

/** Cancels `c`'s run and waits until it returned. */
async function stop(c: Candidate): Promise<void> {
  c.controller.abort();
  await c.done;
}

beforeEach(() => jest.useFakeTimers({ now: 1_000_000 }));
afterEach(() => jest.useRealTimers());

describe('LeaderElector options', () => {
  const base = {
    lock: new LeaseLock({ client: new FakeLeaseStore().client(), name: 'x' }),
    identity: 'a',
    onStartedLeading: () => {},
    onStoppedLeading: () => {},
  };
  it.each([
    [{ leaseDurationMs: 10_000, renewDeadlineMs: 10_000 }, /leaseDurationMs must be greater/],
    [{ renewDeadlineMs: 2_400, retryPeriodMs: 2_000 }, /renewDeadlineMs must be greater/],
    [{ retryPeriodMs: 0, renewDeadlineMs: 10_000 }, /retryPeriodMs must be greater than zero/],
    [{ leaseDurationMs: Number.NaN }, /leaseDurationMs must be greater than zero/],
    [{ jitterFactor: -1 }, /jitterFactor/],
    [{ identity: '' }, /identity/],
    [{ onStoppedLeading: undefined }, /onStoppedLeading/],
  ])('rejects %o', (override, message) => {
    const build = () => new LeaderElector({ ...base, ...override } as LeaderElectorOptions);
    expect(build).toThrow(message);
    try {
      build();
    } catch (err) {
      expect(LeaderElectionError.isInstance(err) && err.reason).toBe('InvalidOptions');
    }
  });

  it('accepts the client-go defaults', () => {
    expect(() => new LeaderElector(base)).not.toThrow();
  });
});

describe('LeaderElector', () => {
  it('creates the lease, leads with fencing token 0 and reports itself as the new leader', async () => {
    const store = new FakeLeaseStore();
    const leaders: string[] = [];
    const a = candidate(store, 'a', { onNewLeader: (id) => leaders.push(id) });
    await jest.advanceTimersByTimeAsync(0);
    expect(a.elector.isLeader()).toBe(true);
    expect(a.elector.getLeader()).toBe('a');
    expect(a.terms).toEqual([{ identity: 'a', fencingToken: 0, lock: 'ns/ctrl' }]);
    expect(leaders).toEqual(['a']);
    expect(store.peek('ctrl')?.spec).toMatchObject({
      holderIdentity: 'a',
      leaseDurationSeconds: 15,
      leaseTransitions: 0,
    });
    await stop(a);
    expect(a.signal?.aborted).toBe(true);
    expect(a.stoppedLeading).toBe(1);
    expect(a.elector.isLeader()).toBe(false);
  });

  it('keeps renewing every retry period while leading', async () => {
    const { store, a } = await firstLeader();
    const first = store.peek('ctrl')?.spec;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(a.elector.isLeader()).toBe(true);
    const later = store.peek('ctrl')?.spec;
    expect(Date.parse(later!.renewTime!) - Date.parse(first!.renewTime!)).toBe(60_000);
    expect(later?.acquireTime).toBe(first?.acquireTime);
    expect(later?.leaseTransitions).toBe(0);
    expect(a.terms).toHaveLength(1);
    await stop(a);
  });

  it('makes a second candidate wait while the leader renews, whatever its clock says', async () => {
    const { store, a } = await firstLeader();
    // b's clock is an hour ahead: a's renewTime looks long expired to it, but b never compares
    const b = candidate(store, 'b', { skewMs: 3_600_000 });
    await jest.advanceTimersByTimeAsync(120_000);
    expect(a.elector.isLeader()).toBe(true);
    expect(b.started).toEqual([]);
    expect(b.elector.getLeader()).toBe('a');
    a.controller.abort();
    b.controller.abort();
    await Promise.all([a.done, b.done]);
  });

  it('stops leading at the renew deadline when calls hang, before anyone else can acquire', async () => {
    const store = new FakeLeaseStore();
    let hang = false;
    const a = candidate(store, 'a', {
      hooks: { beforeCommit: () => (hang ? new Promise<void>(() => {}) : undefined) },
    });
    await jest.advanceTimersByTimeAsync(0);
    const b = candidate(store, 'b');
    await jest.advanceTimersByTimeAsync(7_000);
    hang = true;
    await jest.advanceTimersByTimeAsync(60_000);
    expect(a.stopped).toHaveLength(1);
    expect(a.elector.isLeader()).toBe(false);
    expect(b.started).toHaveLength(1);
    // a's last renewal was sent at +6 s (every 2 s); it stops 10 s later, b takes over after
    // observing that renewal and waiting out 15 s: the margin is leaseDuration - renewDeadline
    expect(a.stopped[0]! - a.started[0]!).toBe(6_000 + 10_000);
    expect(b.started[0]! - a.stopped[0]!).toBeGreaterThanOrEqual(15_000 - 10_000);
    expect(b.terms[0]!.fencingToken).toBe(1);
    a.controller.abort();
    b.controller.abort();
    await Promise.all([a.done, b.done]);
    expect(a.stoppedLeading).toBe(1);
  });

  it('counts the renew deadline from when a renewal was sent, not from its late response', async () => {
    const store = new FakeLeaseStore();
    let mode: 'ok' | 'slow-response' | 'hang' = 'ok';
    const a = candidate(store, 'a', {
      hooks: {
        beforeCommit: () => (mode === 'hang' ? new Promise<void>(() => {}) : undefined),
        afterCommit: async () => {
          if (mode !== 'slow-response') return;
          mode = 'hang'; // this renewal lands now, its answer 7 s later; later calls hang
          await new Promise<void>((resolve) => setTimeout(resolve, 7_000));
        },
      },
    });
    await jest.advanceTimersByTimeAsync(0);
    const b = candidate(store, 'b'); // watches: sees the renewal the moment it lands
    await jest.advanceTimersByTimeAsync(5_000);
    mode = 'slow-response'; // the renewal sent at +6 s
    await jest.advanceTimersByTimeAsync(30_000);
    expect(a.stopped).toEqual([a.started[0]! + 6_000 + 10_000]);
    expect(b.started).toEqual([a.started[0]! + 6_000 + 15_000]);
    a.controller.abort();
    await stop(b);
  });

  it('stops leading when renewals fail with API errors', async () => {
    const store = new FakeLeaseStore();
    let failing = false;
    const errors: unknown[] = [];
    const a = candidate(store, 'a', {
      onError: (err) => errors.push(err),
      hooks: {
        beforeCommit: () => {
          if (failing) throw newInternalError('etcd is down');
        },
      },
    });
    await jest.advanceTimersByTimeAsync(0);
    failing = true;
    await jest.advanceTimersByTimeAsync(9_999);
    expect(a.elector.isLeader()).toBe(true);
    await jest.advanceTimersByTimeAsync(1);
    expect(a.elector.isLeader()).toBe(false);
    expect(a.signal?.reason).toMatchObject({ reason: 'LeadershipLost' });
    expect(errors.length).toBeGreaterThan(0);
    await a.done; // run() ends once leadership ends
    expect(a.stoppedLeading).toBe(1);
  });

  it.each([
    ['a watching lock takes it at once', true, 0],
    ['a polling lock takes it within one jittered retry period', false, 2_000 * (1 + 0.5 * 1.2)],
  ])('releases on cancel once the work settled: %s', async (_, watching, within) => {
    const store = new FakeLeaseStore();
    let finishWork!: () => void;
    const a = candidate(store, 'a', {
      releaseOnCancel: true,
      onStartedLeading: (signal) =>
        new Promise<void>((resolve) => {
          finishWork = resolve;
          signal.addEventListener('abort', () => setTimeout(() => finishWork(), 500));
        }),
    });
    await jest.advanceTimersByTimeAsync(0);
    const b = candidate(store, 'b', { polling: !watching });
    await jest.advanceTimersByTimeAsync(5_000);
    a.controller.abort();
    await jest.advanceTimersByTimeAsync(499);
    expect(store.peek('ctrl')?.spec?.holderIdentity).toBe('a'); // the work is still stopping
    expect(b.started).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    await a.done;
    const released = Date.now();
    await jest.advanceTimersByTimeAsync(within);
    expect(b.started).toHaveLength(1);
    expect(b.started[0]! - released).toBeLessThanOrEqual(within);
    expect(b.terms[0]!.fencingToken).toBe(1);
    await stop(b);
  });

  it.each([
    ['a watching candidate takes over the moment it expires', false, 14_000, 14_000],
    // polling sees the last renewal up to one interval late, and the expiry up to one interval late
    ['a polling candidate within two retry intervals of expiry', true, 14_000, 15_000 + 2 * 3_200],
  ])('without releaseOnCancel leaves the lease to expire: %s', async (_, polling, min, max) => {
    const { store, a } = await firstLeader();
    const b = candidate(store, 'b', { polling });
    await jest.advanceTimersByTimeAsync(5_000);
    await stop(a); // a last renewed at +4 s
    const cancelled = Date.now();
    expect(store.peek('ctrl')?.spec?.holderIdentity).toBe('a');
    await jest.advanceTimersByTimeAsync(20_000);
    expect(b.started).toHaveLength(1);
    expect(b.started[0]! - cancelled).toBeGreaterThanOrEqual(min);
    expect(b.started[0]! - cancelled).toBeLessThanOrEqual(max);
    await stop(b);
  });

  it('stops leading at once when another holder overwrote the lease', async () => {
    const { store, a } = await firstLeader();
    const intruder = new LeaseLock({ client: store.client(), name: 'ctrl' });
    const { record } = await intruder.get();
    await intruder.update({ ...record, holderIdentity: 'intruder' });
    await jest.advanceTimersByTimeAsync(2_000);
    expect(a.elector.isLeader()).toBe(false);
    expect(a.elector.getLeader()).toBe('intruder');
    expect(String((a.signal?.reason as Error).message)).toMatch(/taken over by intruder/);
    await a.done;
  });

  it('re-acquires its own lease after a restart under the same identity with a new token', async () => {
    const store = new FakeLeaseStore();
    const first = candidate(store, 'a');
    await jest.advanceTimersByTimeAsync(0);
    await stop(first);
    const second = candidate(store, 'a');
    await jest.advanceTimersByTimeAsync(0);
    expect(second.terms).toEqual([{ identity: 'a', fencingToken: 1, lock: 'ns/ctrl' }]);
    await stop(second);
  });

  it('calls onStoppedLeading once even when it never led, and runs only once', async () => {
    const { store, a } = await firstLeader();
    const b = candidate(store, 'b');
    await jest.advanceTimersByTimeAsync(3_000);
    await stop(b);
    expect(b.stoppedLeading).toBe(1);
    expect(b.started).toEqual([]);
    await expect(b.elector.run()).rejects.toMatchObject({ reason: 'AlreadyRun' });
    await stop(a);
  });

  it('reports errors thrown by onStartedLeading and keeps leading', async () => {
    const store = new FakeLeaseStore();
    const errors: unknown[] = [];
    const a = candidate(store, 'a', {
      onStartedLeading: () => {
        throw new Error('boom');
      },
      onError: (err) => errors.push(err),
    });
    await jest.advanceTimersByTimeAsync(4_000);
    expect(errors).toEqual([new Error('boom')]);
    expect(a.elector.isLeader()).toBe(true);
    await stop(a);
  });
});

describe('LeaderElector.check (healthz)', () => {
  it('fails when it leads but its timers have not run for longer than the lease', async () => {
    let now = 0;
    const frozenTimers: Clock = {
      now: () => now,
      setTimeout: () => ({}) as TimerHandle,
      clearTimeout: () => {},
    };
    const elector = new LeaderElector({
      lock: new LeaseLock({ client: new FakeLeaseStore().client(), name: 'x' }),
      identity: 'a',
      clock: frozenTimers,
      onStartedLeading: () => {},
      onStoppedLeading: () => {},
    });
    expect(elector.check()).toEqual({ ok: true });
    void elector.run();
    await jest.advanceTimersByTimeAsync(0);
    now = 15_000 + 1_000;
    expect(elector.check(1_000)).toEqual({ ok: true });
    now = 15_000 + 1_001;
    expect(elector.check(1_000)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/has not renewed/),
    });
    expect(elector.isLeader()).toBe(false); // the synchronous deadline check ends the term
    expect(elector.check(1_000)).toEqual({ ok: true });
  });

  it('is served by a HealthzAdaptor that is healthy until an elector is attached', async () => {
    let now = 0;
    const frozenTimers: Clock = {
      now: () => now,
      setTimeout: () => ({}) as TimerHandle,
      clearTimeout: () => {},
    };
    const healthz = new HealthzAdaptor({ toleranceMs: 5_000 });
    expect(healthz.check()).toEqual({ ok: true });
    const elector = new LeaderElector({
      lock: new LeaseLock({ client: new FakeLeaseStore().client(), name: 'x' }),
      identity: 'a',
      clock: frozenTimers,
      onStartedLeading: () => {},
      onStoppedLeading: () => {},
    });
    healthz.setLeaderElection(elector);
    void elector.run();
    await jest.advanceTimersByTimeAsync(0);
    now = 20_001;
    expect(healthz.check()).toMatchObject({ ok: false });
    expect(healthz.name).toBe('leaderElection');
  });
});
