import { FakeClock, newResourceExpired, StatusError } from '@kubekit/apimachinery';
import { isDeletedFinalStateUnknown } from './deleted-final-state-unknown';
import { pod, sequenceChecker, until, type TestPod } from './internal/test-helpers';
import type { InformerEvent, ResourceEventHandler } from './resource-event-handler';
import { newSharedIndexInformer } from './shared-informer';
import type { SharedIndexInformerOptions } from './shared-informer-options';
import { SharedInformerError } from './shared-informer-error';
import { newFakeListerWatcher } from './testing';

/** Records a handler's notifications as strings like `add a@1 initial`. */
function recorder(): { log: string[]; handler: ResourceEventHandler<TestPod> } {
  const log: string[] = [];
  const id = (o: TestPod) => `${o.metadata!.name}@${o.metadata!.resourceVersion}`;
  return {
    log,
    handler: {
      onAdd: (o, initial) => {
        log.push(`add ${id(o)}${initial ? ' initial' : ''}`);
      },
      onUpdate: (old, o) => {
        log.push(`update ${id(old)}->${o.metadata!.resourceVersion}`);
      },
      onDelete: (o) => {
        log.push(isDeletedFinalStateUnknown(o) ? `delete ${o.key} tombstone` : `delete ${id(o)}`);
      },
    },
  };
}

function setup(options: Partial<SharedIndexInformerOptions<TestPod>> = {}) {
  const lw = newFakeListerWatcher<TestPod>();
  const clock = new FakeClock();
  const watchErrors: unknown[] = [];
  const handlerErrors: unknown[] = [];
  const informer = newSharedIndexInformer<TestPod>({
    listerWatcher: lw,
    clock,
    random: () => 0,
    useWatchList: false,
    watchErrorHandler: (err) => watchErrors.push(err),
    handlerErrorHandler: (err) => handlerErrors.push(err),
    ...options,
  });
  const controller = new AbortController();
  let done: Promise<void> | undefined;
  return {
    lw,
    clock,
    informer,
    watchErrors,
    handlerErrors,
    start: () => {
      done = informer.run({ signal: controller.signal });
      return done;
    },
    stop: async () => {
      controller.abort();
      await done;
    },
  };
}

describe('SharedIndexInformer', () => {
  it('delivers the initial list as initial adds, then every watch event', async () => {
    const t = setup();
    t.lw.add(pod('a'));
    t.lw.add(pod('b'));
    const { log, handler } = recorder();
    const registration = t.informer.addEventHandler(handler);
    void t.start();
    await until(() => registration.hasSynced(), 'handler synced');
    expect(t.informer.hasSynced()).toBe(true);
    expect(t.informer.lastSyncResourceVersion()).toBe('2');
    expect(log).toEqual(['add a@1 initial', 'add b@2 initial']);
    await until(() => t.lw.watches.length === 1, 'watch');
    t.lw.add(pod('c'));
    t.lw.modify(pod('a', 'default', { phase: 'Running' }));
    t.lw.delete(pod('b'));
    await until(() => log.length === 5, 'events');
    expect(log.slice(2)).toEqual(['add c@3', 'update a@1->4', 'delete b@5']);
    expect(t.informer.getStore().listKeys().sort()).toEqual(['default/a', 'default/c']);
    await t.stop();
  });

  it('turns deletes missed while the watch was down into tombstones, and changes into updates', async () => {
    const t = setup();
    t.lw.add(pod('a'));
    t.lw.add(pod('b'));
    const { log, handler } = recorder();
    t.informer.addEventHandler(handler);
    void t.start();
    await until(() => t.lw.watches.length === 1, 'watch');
    t.lw.sendError(newResourceExpired('too old resource version'));
    t.lw.delete(pod('a'));
    t.lw.modify(pod('b', 'default', { phase: 'Running' }));
    await until(() => t.watchErrors.length === 1, 'error');
    await t.clock.advance(800);
    await until(() => log.length === 4, 'relist');
    expect(log.slice(2).sort()).toEqual(['delete default/a tombstone', 'update b@2->4']);
    expect(t.informer.health()).toMatchObject({
      synced: true,
      watchRestarts: 1,
      lastSyncResourceVersion: '4',
    });
    expect(StatusError.isInstance(t.informer.health().lastError)).toBe(true);
    await t.stop();
  });

  it.each([
    ['RealFIFO (default): deletions first, then the list in order', undefined, 'abcd'],
    ['DeltaFIFO: the list in order, then deletions', 'DeltaFIFO' as const, 'bcda'],
  ])('orders a relist as client-go does with a %s', async (_name, fifo, expected) => {
    const t = setup({ fifo });
    for (const name of ['a', 'b', 'c']) t.lw.add(pod(name));
    const { log, handler } = recorder();
    t.informer.addEventHandler(handler);
    void t.start();
    await until(() => t.lw.watches.length === 1, 'watch');
    t.lw.sendError(newResourceExpired('too old resource version'));
    t.lw.delete(pod('a'));
    t.lw.modify(pod('b', 'default', { phase: 'Running' }));
    t.lw.add(pod('d'));
    await until(() => t.watchErrors.length === 1, 'error');
    await t.clock.advance(800);
    await until(() => log.length === 6, 'relist');
    const events = {
      a: 'delete default/a tombstone',
      b: 'update b@2->5',
      c: '', // unchanged: a sync, only for handlers that resync
      d: 'add d@6',
    };
    const order = [...expected].map((k) => events[k as keyof typeof events]).filter(Boolean);
    expect(log.slice(3)).toEqual(order);
    await t.stop();
  });

  it('replays the cache to a handler added after start, which syncs once it has seen it all', async () => {
    const t = setup();
    t.lw.add(pod('a'));
    void t.start();
    await until(() => t.informer.hasSynced(), 'informer synced');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const seen: string[] = [];
    const registration = t.informer.addEventHandler({
      onAdd: async (o, initial) => {
        seen.push(`${o.metadata!.name} ${initial}`);
        await gate;
      },
    });
    await until(() => seen.length === 1, 'replayed add');
    expect(registration.hasSynced()).toBe(false);
    release();
    await until(() => registration.hasSynced(), 'late handler synced');
    expect(seen).toEqual(['a true']);
    await t.stop();
  });

  it('stops notifying a removed handler', async () => {
    const t = setup();
    const { log, handler } = recorder();
    const registration = t.informer.addEventHandler(handler);
    const other = recorder();
    t.informer.addEventHandler(other.handler);
    void t.start();
    await until(() => t.lw.watches.length === 1, 'watch');
    t.lw.add(pod('a'));
    await until(() => log.length === 1, 'first event');
    registration.remove();
    t.lw.add(pod('b'));
    await until(() => other.log.length === 2, 'other handler still notified');
    expect(log).toEqual(['add a@1']);
    await t.stop();
  });

  it('never lets a slow handler hold back other handlers or the cache', async () => {
    const t = setup();
    const stuck: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    t.informer.addEventHandler({
      onAdd: async (o) => {
        stuck.push(o.metadata!.name!);
        await gate;
      },
    });
    const fast = recorder();
    const stuckRegistration = t.informer.addEventHandler(fast.handler);
    void t.start();
    await until(() => t.lw.watches.length === 1, 'watch');
    for (let i = 0; i < 50; i++) t.lw.add(pod(`p${i}`));
    await until(() => fast.log.length === 50, 'fast handler saw everything');
    expect(t.informer.getStore().size()).toBe(50);
    expect(stuck).toEqual(['p0']);
    expect(stuckRegistration.pending()).toBe(0);
    release();
    await until(() => stuck.length === 50, 'slow handler caught up');
    await t.stop();
  });

  it('keeps every key consistent for a handler that fell behind, with a small buffer', async () => {
    const t = setup({ bufferSize: 4 });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow = sequenceChecker<TestPod>();
    let blocked = true;
    const registration = t.informer.addEventHandler({
      ...slow.handler,
      onAdd: async (o) => {
        slow.handler.onAdd(o);
        if (blocked) await gate;
      },
    });
    const full = sequenceChecker<TestPod>();
    t.informer.addEventHandler(full.handler);
    void t.start();
    await until(() => t.lw.watches.length === 1, 'watch');
    t.lw.add(pod('blocker'));
    const changes = 1 + 20 * 5;
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 5; i++) {
        const name = `p${i}`;
        if (t.lw.items().some((o) => o.metadata!.name === name)) {
          if (round % 3 === 0) t.lw.delete(pod(name));
          else t.lw.modify(pod(name, 'default', { phase: `r${round}` }));
        } else t.lw.add(pod(name));
      }
    }
    await until(
      () => t.lw.watches[0]!.open && t.informer.getStore().size() === t.lw.items().length,
      'cache',
    );
    await until(() => full.state.size === t.lw.items().length, 'full handler');
    expect(registration.pending()).toBeLessThanOrEqual(12); // 6 keys: a delete and an add each at most
    blocked = false;
    release();
    await until(() => registration.pending() === 0, 'slow handler drained');
    await until(() => slow.state.size === t.lw.items().length, 'slow handler state');
    expect(slow.violations).toEqual([]);
    expect(full.violations).toEqual([]);
    // The slow handler's notifications were merged (the fast one's may be too: a watch batch
    // reaches the informer at once, more than 4 waiting before its handler runs).
    expect(slow.notifications()).toBeLessThan(changes);
    const rvs = (m: Map<string, TestPod>) =>
      new Map(Array.from(m, ([k, v]) => [k, v.metadata!.resourceVersion]));
    expect(rvs(slow.state)).toEqual(rvs(full.state));
    await t.stop();
  });

  it('caches transformed objects', async () => {
    const t = setup({ transform: (o) => ({ ...o, status: undefined }) });
    t.lw.add(pod('a', 'default', { phase: 'Running' }));
    void t.start();
    await until(() => t.informer.hasSynced(), 'synced');
    expect(t.informer.getIndexer().getByKey('default/a')?.status).toBeUndefined();
    await t.stop();
  });

  it('resyncs only the handlers that asked for it, on their own period', async () => {
    const t = setup();
    t.lw.add(pod('a'));
    const resyncing = recorder();
    const quiet = recorder();
    t.informer.addEventHandler(resyncing.handler, { resyncPeriodMs: 5_000 });
    t.informer.addEventHandler(quiet.handler);
    void t.start();
    await until(() => t.lw.watches.length === 1, 'watch');
    await t.clock.advance(5_000);
    await until(() => resyncing.log.length === 2, 'resync');
    expect(resyncing.log[1]).toBe('update a@1->1');
    await t.clock.advance(5_000);
    await until(() => resyncing.log.length === 3, 'second resync');
    expect(quiet.log).toEqual(['add a@1 initial']);
    await t.stop();
  });

  it('reports a cache error for one object and keeps processing the rest', async () => {
    const t = setup({
      indexers: {
        byName: (o) => {
          if (o.metadata!.name === 'bad') throw new Error('index bug');
          return [o.metadata!.name!];
        },
      },
    });
    const log: string[] = [];
    t.informer.addEventHandler({
      onAdd: (o, initial) => log.push(`add ${o.metadata!.name}${initial ? ' initial' : ''}`),
    });
    // More objects than the informer processes in one synchronous run.
    for (let i = 0; i < 150; i++) t.lw.add(pod(i === 70 ? 'bad' : `p${i}`));
    void t.start();
    await until(() => log.length === 149, 'the 149 good objects delivered');
    expect(log.slice().sort()).toEqual(
      Array.from({ length: 150 }, (_, i) => i)
        .filter((i) => i !== 70)
        .map((i) => `add p${i} initial`)
        .sort(),
    );
    expect(t.watchErrors).toEqual([expect.objectContaining({ reason: 'IndexFunc' })]);
    expect(t.informer.getIndexer().byIndex('byName', 'p149')).toHaveLength(1);
    expect(t.informer.hasSynced()).toBe(true);
    await t.stop();
  });

  it('reports handler errors and keeps delivering', async () => {
    const t = setup();
    const seen: string[] = [];
    t.informer.addEventHandler({
      onAdd: (o) => {
        seen.push(o.metadata!.name!);
        if (o.metadata!.name === 'bad') throw new Error('handler bug');
      },
    });
    t.lw.add(pod('bad'));
    t.lw.add(pod('good'));
    void t.start();
    await until(() => seen.length === 2, 'both delivered');
    expect(t.handlerErrors).toEqual([new Error('handler bug')]);
    expect(t.informer.health().lastError).toEqual(new Error('handler bug'));
    await t.stop();
  });

  it('runs once, resolves after the handler in progress returned, and refuses handlers after', async () => {
    const t = setup();
    t.lw.add(pod('a'));
    let finished = false;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    t.informer.addEventHandler({
      onAdd: async () => {
        await gate;
        finished = true;
      },
    });
    const done = t.start();
    await expect(t.informer.run()).rejects.toMatchObject({ reason: 'AlreadyStarted' });
    await until(() => t.informer.hasSynced(), 'synced');
    let stopped = false;
    const stopping = t.stop().then(() => (stopped = true));
    await until(() => t.lw.watches.every((w) => !w.open), 'watch closed');
    expect(stopped).toBe(false);
    release();
    await stopping;
    await done;
    expect(finished).toBe(true);
    expect(t.informer.isStopped()).toBe(true);
    expect(() => t.informer.addEventHandler({})).toThrow(SharedInformerError);
    expect(t.watchErrors).toEqual([]);
  });

  it('refuses invalid options with a typed error', () => {
    expect(() => setup({ fifo: 'FIFO' as never })).toThrow(
      "newSharedIndexInformer: fifo must be 'RealFIFO' or 'DeltaFIFO', got FIFO",
    );
    expect(() =>
      newSharedIndexInformer({ listerWatcher: newFakeListerWatcher(), bufferSize: -1 }),
    ).toThrow(SharedInformerError);
  });

  it('can be consumed as an async iterable of events', async () => {
    const t = setup();
    t.lw.add(pod('a'));
    void t.start();
    const events: InformerEvent<TestPod>[] = [];
    await until(() => t.lw.watches.length === 1, 'watch');
    const consume = (async () => {
      for await (const event of t.informer) {
        events.push(event);
        if (event.type === 'delete') break;
      }
    })();
    t.lw.modify(pod('a', 'default', { phase: 'Running' }));
    t.lw.delete(pod('a'));
    await consume;
    expect(events.map((e) => e.type)).toEqual(['add', 'update', 'delete']);
    expect(events[0]).toMatchObject({ isInInitialList: true });
    t.lw.add(pod('after'));
    await until(() => t.informer.getStore().size() === 1, 'cache');
    await t.stop();
  });

  it('ends an event iterator when its signal aborts', async () => {
    const t = setup();
    void t.start();
    const controller = new AbortController();
    const iterator = t.informer.events({ signal: controller.signal });
    const next = iterator.next();
    controller.abort();
    await expect(next).resolves.toEqual({ value: undefined, done: true });
    await t.stop();
  });
});
