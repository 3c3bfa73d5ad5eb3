import { FakeClock, newServiceUnavailable } from '@kubekit/apimachinery';
import { LeaseLock } from '@kubekit/leaderelection';
import { FakeLeaseStore } from '@kubekit/leaderelection/testing';
import { ControllerError } from './controller-error';
import { factoryRunnable, runControllerManager, type Runnable } from './controller-manager';
import type { ManagerServer } from './manager-server';

/** A controller that records its runs and holds each until its signal aborts. */
function recordingController(name: string, options: { fail?: Error } = {}) {
  const runs: AbortSignal[] = [];
  let synced = false;
  return {
    name,
    runs,
    markSynced: () => void (synced = true),
    hasSynced: () => synced,
    async run({ signal }: { signal?: AbortSignal } = {}) {
      runs.push(signal!);
      if (options.fail) throw options.fail;
      await new Promise((resolve) => signal!.addEventListener('abort', resolve, { once: true }));
    },
  };
}

function recordingRunnable() {
  const state = { started: 0, stopped: 0 };
  const runnable: Runnable = {
    async run({ signal }) {
      state.started++;
      await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
      state.stopped++;
    },
  };
  return { runnable, state };
}

async function turns(n = 20): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
}

describe('runControllerManager without leader election', () => {
  it('runs runnables and controllers until the signal aborts, then stops them all', async () => {
    const c1 = recordingController('a');
    const c2 = recordingController('b');
    const { runnable, state } = recordingRunnable();
    const stop = new AbortController();
    const done = runControllerManager({
      controllers: [c1, c2],
      runnables: [runnable],
      signal: stop.signal,
    });
    await turns();
    expect([c1.runs.length, c2.runs.length, state.started]).toEqual([1, 1, 1]);
    stop.abort();
    await done;
    expect(c1.runs[0]!.aborted).toBe(true);
    expect(state.stopped).toBe(1);
  });

  it('stops the runnables only after the controllers have stopped', async () => {
    const order: string[] = [];
    const c = recordingController('a');
    const slowStop = {
      name: 'slow',
      hasSynced: () => true,
      async run({ signal }: { signal?: AbortSignal } = {}) {
        await new Promise((resolve) => signal!.addEventListener('abort', resolve, { once: true }));
        await turns(5); // a reconcile still finishing
        order.push('controller stopped');
      },
    };
    const informer: Runnable = {
      async run({ signal }) {
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        order.push('informer stopped');
      },
    };
    const stop = new AbortController();
    const done = runControllerManager({
      controllers: [c, slowStop],
      runnables: [informer],
      signal: stop.signal,
    });
    await turns();
    stop.abort();
    await done;
    expect(order).toEqual(['controller stopped', 'informer stopped']);
  });

  it('stops the controllers and rejects with the error of a failing runnable', async () => {
    const c = recordingController('a');
    const broken: Runnable = {
      run: async () => {
        await turns(2);
        throw new Error('webhook port in use');
      },
    };
    await expect(runControllerManager({ controllers: [c], runnables: [broken] })).rejects.toThrow(
      'webhook port in use',
    );
    expect(c.runs[0]!.aborted).toBe(true);
  });

  it('serves readiness that fails until every controller synced', async () => {
    const c = recordingController('tfjob');
    const stop = new AbortController();
    let server: ManagerServer | undefined;
    const done = runControllerManager({
      controllers: [c],
      server: { healthAddress: '127.0.0.1:0' },
      onServerStarted: (s) => (server = s),
      signal: stop.signal,
    });
    await turns();
    const readyz = () =>
      fetch(`${server!.healthUrl}/readyz?verbose`).then(async (r) => [r.status, await r.text()]);
    expect(await readyz()).toEqual([
      500,
      '[+]ping ok\n[-]informer-sync failed: caches not synced: tfjob\nreadyz check failed\n',
    ]);
    c.markSynced();
    expect((await readyz())[0]).toBe(200);
    stop.abort();
    await done;
    await expect(fetch(`${server!.healthUrl}/readyz`)).rejects.toThrow(); // closed
  });

  it('stops everything and rejects when a controller fails', async () => {
    const failing = recordingController('bad', {
      fail: new ControllerError('CacheSyncTimeout', 'no sync'),
    });
    const healthy = recordingController('good');
    const { runnable, state } = recordingRunnable();
    await expect(
      runControllerManager({ controllers: [failing, healthy], runnables: [runnable] }),
    ).rejects.toMatchObject({ reason: 'CacheSyncTimeout' });
    expect(healthy.runs[0]!.aborted).toBe(true);
    expect(state.stopped).toBe(1);
  });
});

describe('runControllerManager with leader election', () => {
  const durations = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

  function candidate(store: FakeLeaseStore, identity: string, clock: FakeClock, hooks = {}) {
    return {
      ...durations,
      lock: new LeaseLock({ client: store.client(hooks), name: 'ctrl', namespace: 'kube-system' }),
      identity,
      clock,
      random: () => 0,
      releaseOnCancel: true,
    };
  }

  it('runs controllers only on the leader; a released lease hands them to the other replica', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    const ca = recordingController('a');
    const cb = recordingController('b');
    const stopA = new AbortController();
    const stopB = new AbortController();
    const a = runControllerManager({
      controllers: [ca],
      leaderElection: candidate(store, 'a', clock),
      signal: stopA.signal,
    });
    await turns();
    expect(ca.runs).toHaveLength(1);
    const b = runControllerManager({
      controllers: [cb],
      leaderElection: candidate(store, 'b', clock),
      signal: stopB.signal,
    });
    await clock.advance(2_000 * 3);
    expect(cb.runs).toHaveLength(0);
    stopA.abort();
    await a; // released on cancel
    expect(ca.runs[0]!.aborted).toBe(true);
    // released: b's watch may already have seen the release and taken the lease
    expect(['', 'b']).toContain(store.peek('ctrl')?.spec?.holderIdentity ?? '');
    await clock.advance(2_000); // b's next attempt (woken at once by its watch, or its retry)
    expect(cb.runs).toHaveLength(1);
    expect(store.peek('ctrl')?.spec?.holderIdentity).toBe('b');
    stopB.abort();
    await b;
  });

  it('stops the controllers and rejects with LeadershipLost when renewals fail past the deadline', async () => {
    const clock = new FakeClock();
    const store = new FakeLeaseStore();
    let failing = false;
    const hooks = {
      beforeCommit: () => {
        if (failing) throw newServiceUnavailable('down');
      },
    };
    const c = recordingController('a');
    const { runnable, state } = recordingRunnable();
    const outcome = runControllerManager({
      controllers: [c],
      runnables: [runnable],
      leaderElection: candidate(store, 'a', clock, hooks),
    }).catch((err: unknown) => err);
    await turns();
    expect(c.runs).toHaveLength(1);
    failing = true;
    await clock.advance(10_000);
    const err = await outcome;
    expect(ControllerError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ reason: 'LeadershipLost' });
    expect(c.runs[0]!.aborted).toBe(true);
    expect(state.stopped).toBe(1);
  });
});

describe('factoryRunnable', () => {
  it('starts the factory with the signal and shuts it down once aborted', async () => {
    const calls: string[] = [];
    const stop = new AbortController();
    const done = factoryRunnable({
      start: ({ signal }) => void calls.push(`start ${signal === stop.signal}`),
      shutdown: async () => void calls.push('shutdown'),
    }).run({ signal: stop.signal });
    await turns(2);
    expect(calls).toEqual(['start true']);
    stop.abort();
    await done;
    expect(calls).toEqual(['start true', 'shutdown']);
  });
});
