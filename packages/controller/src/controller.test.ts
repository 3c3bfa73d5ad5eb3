import { FakeClock, type KubeObject } from '@kubekit/apimachinery';
import { newSharedIndexInformer } from '@kubekit/cache';
import { newFakeListerWatcher } from '@kubekit/cache/testing';
import { itemExponentialFailureRateLimiter } from '@kubekit/workqueue';
import * as promClient from 'prom-client';
import { newController, type ControllerOptions } from './controller';
import { ControllerError } from './controller-error';
import { prometheusControllerMetrics } from './controller-metrics';
import { enqueueForOwner } from './handlers';
import {
  cm,
  controllerWith,
  deferred,
  eventually,
  informerWith,
  start,
  stopInformers,
} from './test-support/controller-test-helpers';
import { generationChangedPredicate } from './predicates';

afterEach(stopInformers);

describe('newController', () => {
  it('rejects missing names, missing reconcilers and bad worker counts', () => {
    expect(() => newController({ name: '', reconcile: () => {} })).toThrow(ControllerError);
    expect(() => newController({ name: 'x' } as ControllerOptions)).toThrow(/reconcile/);
    expect(() => newController({ name: 'x', reconcile: () => {}, workers: 0 })).toThrow(/workers/);
  });
});

describe('Controller', () => {
  it('reconciles every object of the initial list, only once the caches synced', async () => {
    const h = informerWith(cm('a'), cm('b'));
    const seen: string[] = [];
    let syncedAtFirstReconcile: boolean | undefined;
    const controller = controllerWith((key) => {
      syncedAtFirstReconcile ??= controller.hasSynced();
      seen.push(key);
    });
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => seen.length === 2, 'two reconciles');
    expect(seen.sort()).toEqual(['default/a', 'default/b']);
    expect(syncedAtFirstReconcile).toBe(true);
    stop.abort();
    await done;
  });

  it('reconciles creations, updates and deletions by key', async () => {
    const h = informerWith();
    const seen: string[] = [];
    const controller = controllerWith((key) => void seen.push(key));
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => controller.hasSynced());
    const created = h.lw.add(cm('x'));
    await eventually(() => seen.length === 1);
    h.lw.modify({ ...created, data: { k: 'v' } } as KubeObject);
    await eventually(() => seen.length === 2);
    h.lw.delete(created);
    await eventually(() => seen.length === 3);
    expect(seen).toEqual(['default/x', 'default/x', 'default/x']);
    stop.abort();
    await done;
  });

  it('never reconciles one key twice at once, and reconciles it again for an event that came meanwhile', async () => {
    const h = informerWith(cm('a'));
    const gate = deferred();
    let active = 0;
    let maxActive = 0;
    let calls = 0;
    const controller = controllerWith(
      async () => {
        calls++;
        active++;
        maxActive = Math.max(maxActive, active);
        if (calls === 1) await gate.promise;
        active--;
      },
      { workers: 4 },
    );
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => calls === 1, 'first reconcile');
    const current = h.lw.items()[0]!;
    for (let i = 0; i < 5; i++) h.lw.modify({ ...current, data: { i: String(i) } } as KubeObject);
    await eventually(
      () =>
        controller.queue.len() === 0 &&
        h.informer.getStore().list()[0]?.metadata?.resourceVersion === h.lw.resourceVersion(),
    );
    expect(calls).toBe(1); // the other three workers did not take the busy key
    gate.resolve();
    await eventually(() => calls === 2, 'the coalesced second reconcile');
    expect(maxActive).toBe(1);
    stop.abort();
    await done;
    expect(calls).toBe(2);
  });

  it('under random interleavings: one reconcile per key at a time, and the last one sees the last write', async () => {
    const names = ['a', 'b', 'c', 'd', 'e'];
    const h = informerWith(...names.map((n) => cm(n)));
    const active = new Set<string>();
    const lastSeen = new Map<string, string | undefined>();
    let overlaps = 0;
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const controller = controllerWith(
      async (key) => {
        if (active.has(key)) overlaps++;
        active.add(key);
        for (let i = Math.floor(random() * 5); i > 0; i--)
          await new Promise((resolve) => setImmediate(resolve));
        lastSeen.set(key, h.informer.getStore().getByKey(key)?.metadata?.resourceVersion);
        active.delete(key);
      },
      { workers: 8 },
    );
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => lastSeen.size === names.length);
    for (let i = 0; i < 300; i++) {
      const name = names[Math.floor(random() * names.length)]!;
      const current = h.lw.items().find((o) => o.metadata?.name === name)!;
      h.lw.modify({ ...current, data: { i: String(i) } } as KubeObject);
      if (random() < 0.3) await new Promise((resolve) => setImmediate(resolve));
    }
    const latest = () =>
      new Map(
        h.lw.items().map((o) => [`default/${o.metadata!.name}`, o.metadata!.resourceVersion]),
      );
    await eventually(
      () => [...latest()].every(([key, rv]) => lastSeen.get(key) === rv) && active.size === 0,
      'every key reconciled at its last write',
    );
    expect(overlaps).toBe(0);
    stop.abort();
    await done;
  });

  it('retries failures with the rate limiter, reports them, and forgets the key on success', async () => {
    const clock = new FakeClock();
    const h = informerWith(cm('a'));
    const errors: string[] = [];
    const requeues: number[] = [];
    const controller = controllerWith(
      (_key, { numRequeues }) => {
        requeues.push(numRequeues);
        if (requeues.length <= 2) throw new Error(`boom ${requeues.length}`);
      },
      {
        clock,
        rateLimiter: itemExponentialFailureRateLimiter({ baseDelayMs: 100, maxDelayMs: 10_000 }),
        onError: (err, key) => errors.push(`${key}: ${(err as Error).message}`),
      },
    );
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => requeues.length === 1);
    expect(await clock.waitForWaiters(1)).toBe(true);
    await clock.advance(99);
    expect(requeues).toHaveLength(1); // backoff of 100 ms not over
    await clock.advance(1);
    await eventually(() => requeues.length === 2);
    await clock.advance(200); // second backoff doubles
    await eventually(() => requeues.length === 3);
    expect(requeues).toEqual([0, 1, 2]);
    expect(errors).toEqual(['default/a: boom 1', 'default/a: boom 2']);
    expect(controller.queue.numRequeues('default/a')).toBe(0);
    stop.abort();
    await done;
  });

  it('requeues after requeueAfterMs on the clock, resetting the backoff', async () => {
    const clock = new FakeClock();
    const h = informerWith(cm('a'));
    let calls = 0;
    const controller = controllerWith(
      () => (++calls === 1 ? { requeueAfterMs: 30_000 } : undefined),
      { clock },
    );
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => calls === 1);
    await clock.waitForWaiters(1);
    await clock.advance(29_999);
    expect(calls).toBe(1);
    await clock.advance(1);
    await eventually(() => calls === 2);
    expect(controller.queue.numRequeues('default/a')).toBe(0);
    stop.abort();
    await done;
  });

  it('treats requeue: true as a rate-limited retry', async () => {
    const clock = new FakeClock();
    const h = informerWith(cm('a'));
    const requeues: number[] = [];
    const controller = controllerWith(
      (_key, { numRequeues }) => {
        requeues.push(numRequeues);
        return requeues.length < 3 ? { requeue: true } : {};
      },
      {
        clock,
        rateLimiter: itemExponentialFailureRateLimiter({ baseDelayMs: 10, maxDelayMs: 1000 }),
      },
    );
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => requeues.length === 1);
    await clock.advance(10);
    await eventually(() => requeues.length === 2);
    await clock.advance(20);
    await eventually(() => requeues.length === 3);
    expect(requeues).toEqual([0, 1, 2]);
    stop.abort();
    await done;
  });

  it('enqueues the controller owner of owned objects, for old and new owner on update', async () => {
    const owners = informerWith();
    const owned = informerWith();
    const seen: string[] = [];
    const controller = controllerWith((key) => void seen.push(key));
    controller.watch(owners.informer);
    controller.watch(owned.informer, {
      mapToKeys: enqueueForOwner({ group: 'kubeflow.org', kind: 'TFJob' }),
    });
    const { stop, done } = start(controller);
    await eventually(() => controller.hasSynced());
    const ref = (name: string, controllerRef = true) => ({
      apiVersion: 'kubeflow.org/v1',
      kind: 'TFJob',
      name,
      uid: `uid-${name}`,
      controller: controllerRef,
    });
    const pod = owned.lw.add(cm('pod-1', { ownerReferences: [ref('job-a')] }));
    await eventually(() => seen.length === 1);
    expect(seen).toEqual(['default/job-a']);
    owned.lw.add(cm('pod-2', { ownerReferences: [ref('job-z', false)] })); // not the controller
    owned.lw.add(
      cm('pod-3', {
        ownerReferences: [{ ...ref('rs'), apiVersion: 'apps/v1', kind: 'ReplicaSet' }],
      }),
    );
    owned.lw.modify({ ...pod, metadata: { ...pod.metadata, ownerReferences: [ref('job-b')] } });
    await eventually(() => seen.length === 3);
    expect(seen.slice(1).sort()).toEqual(['default/job-a', 'default/job-b']);
    stop.abort();
    await done;
  });

  it('filters events with predicates but lets observers see them all', async () => {
    const h = informerWith(cm('a', { generation: 1 }));
    const seen: string[] = [];
    const observed: string[] = [];
    const controller = controllerWith((key) => void seen.push(key));
    controller.watch(h.informer, {
      predicates: [generationChangedPredicate],
      observe: (e) => observed.push(e.type),
    });
    const { stop, done } = start(controller);
    await eventually(() => seen.length === 1);
    const a = h.lw.items()[0]!;
    h.lw.modify({ ...a, data: { status: 'only' } } as KubeObject); // same generation
    const bumped = h.lw.modify({ ...a, metadata: { ...a.metadata, generation: 2 } });
    await eventually(() => seen.length === 2 && observed.length === 3);
    expect(observed).toEqual(['add', 'update', 'update']);
    h.lw.delete(bumped);
    await eventually(() => seen.length === 3);
    expect(observed).toEqual(['add', 'update', 'update', 'delete']);
    stop.abort();
    await done;
  });

  it('stops on abort: the running reconcile sees its signal aborted, queued keys are not started, run resolves after it returned', async () => {
    const h = informerWith(cm('a'), cm('b'), cm('c'));
    const started: string[] = [];
    const release = deferred();
    let sawAbort = false;
    const errors: unknown[] = [];
    const controller = controllerWith(
      async (key, { signal }) => {
        started.push(key);
        await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        sawAbort = signal.aborted;
        await release.promise;
        throw signal.reason;
      },
      { onError: (err) => errors.push(err) },
    );
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => started.length === 1);
    let resolved = false;
    void done.then(() => (resolved = true));
    stop.abort();
    await eventually(() => sawAbort);
    await new Promise((resolve) => setImmediate(resolve));
    expect(resolved).toBe(false);
    release.resolve();
    await done;
    expect(started).toHaveLength(1);
    expect(errors).toEqual([]); // aborting is not a failure
    expect(controller.queue.shuttingDown()).toBe(true);
  });

  it('removes its handlers from the informers once stopped', async () => {
    const h = informerWith(cm('a'));
    const removed: boolean[] = [];
    const controller = controllerWith(() => {});
    controller.watch({
      addEventHandler: (handler) => {
        const registration = h.informer.addEventHandler(handler);
        return {
          ...registration,
          hasSynced: () => registration.hasSynced(),
          pending: () => 0,
          remove: () => void removed.push(true),
        };
      },
    });
    const { stop, done } = start(controller);
    await eventually(() => controller.hasSynced());
    expect(removed).toEqual([]);
    stop.abort();
    await done;
    expect(removed).toEqual([true]);
  });

  it('fails with CacheSyncTimeout when the caches do not sync in time', async () => {
    const clock = new FakeClock();
    const lw = newFakeListerWatcher();
    lw.failLists(new Error('list broken'), 1000);
    const informer = newSharedIndexInformer({ listerWatcher: lw }); // never started
    const controller = controllerWith(() => {}, { clock, cacheSyncTimeoutMs: 5_000 });
    controller.watch(informer);
    const done = controller.run();
    await clock.waitForWaiters(1);
    clock.step(5_000);
    await expect(done).rejects.toMatchObject({ reason: 'CacheSyncTimeout' });
  });

  it('resolves without reconciling when stopped before the caches synced', async () => {
    const informer = newSharedIndexInformer({ listerWatcher: newFakeListerWatcher() });
    const controller = controllerWith(() => {
      throw new Error('must not run');
    });
    controller.watch(informer);
    const stop = new AbortController();
    const done = controller.run({ signal: stop.signal });
    stop.abort();
    await expect(done).resolves.toBeUndefined();
  });

  it('refuses to run twice or to watch once running', async () => {
    const controller = controllerWith(() => {});
    const stop = new AbortController();
    stop.abort();
    await controller.run({ signal: stop.signal });
    await expect(controller.run()).rejects.toMatchObject({ reason: 'AlreadyStarted' });
    expect(() => controller.watch(informerWith().informer)).toThrow(/before run/);
  });

  it('records controller-runtime metrics per outcome', async () => {
    const registry = new promClient.Registry();
    const metrics = prometheusControllerMetrics(promClient, { registry });
    const h = informerWith(cm('ok'), cm('bad'), cm('later'));
    const controller = controllerWith(
      (key) => {
        if (key === 'default/bad') throw new Error('bad');
        if (key === 'default/later') return { requeueAfterMs: 60_000 };
      },
      { metrics, workers: 3, clock: new FakeClock() },
    );
    controller.watch(h.informer);
    const { stop, done } = start(controller);
    await eventually(() => controller.queue.numRequeues('default/bad') >= 1);
    await eventually(() => h.informer.hasSynced());
    stop.abort();
    await done;
    const text = await registry.metrics();
    expect(text).toContain(
      'controller_runtime_reconcile_total{controller="test",result="success"} 1',
    );
    expect(text).toContain(
      'controller_runtime_reconcile_total{controller="test",result="error"} 1',
    );
    expect(text).toContain(
      'controller_runtime_reconcile_total{controller="test",result="requeue_after"} 1',
    );
    expect(text).toContain('controller_runtime_reconcile_errors_total{controller="test"} 1');
    expect(text).toContain('controller_runtime_max_concurrent_reconciles{controller="test"} 3');
    expect(text).toContain('controller_runtime_active_workers{controller="test"} 0');
    expect(text).toContain('controller_runtime_reconcile_time_seconds_count{controller="test"} 3');
  });
});
