import {
  FakeClock,
  newResourceExpired,
  newTooManyRequests,
  StatusError,
} from '@kubekit/apimachinery';
import { lostAfterFirstEvent, RecordingStore, setup } from './internal/reflector-test-setup';
import { pod, until, type TestPod } from './internal/test-helpers';
import { newReflector } from './reflector';
import { ReflectorError } from './reflector-error';
import { newStore } from './store';
import { StoreError } from './store-error';
import { newFakeListerWatcher } from './testing';

describe('Reflector', () => {
  it('lists at resourceVersion 0 in pages of 500, then watches from the list resourceVersion', async () => {
    const { lw, store, start, reflector } = setup({ random: () => 0.5 });
    lw.add(pod('a'));
    lw.add(pod('b'));
    const run = start();
    await until(() => lw.watches.length === 1, 'watch');
    expect(lw.listCalls).toEqual([expect.objectContaining({ resourceVersion: '0', limit: 500 })]);
    expect(store.ops).toEqual(['replace [a,b]@2']);
    expect(lw.watches[0]!.options).toMatchObject({
      resourceVersion: '2',
      allowWatchBookmarks: true,
      timeoutSeconds: 450,
    });
    expect(reflector.lastSyncResourceVersion()).toBe('2');
    await run.stop();
  });

  it('follows continue tokens and joins the pages into one replace', async () => {
    const { lw, store, start } = setup({ pageSize: 2 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) lw.add(pod(n));
    const run = start();
    await until(() => lw.watches.length === 1, 'watch');
    expect(lw.listCalls.map((c) => [c.limit, c.continue, c.resourceVersion])).toEqual([
      [2, undefined, '0'],
      [2, '5:2', undefined],
      [2, '5:4', undefined],
    ]);
    expect(store.ops).toEqual(['replace [a,b,c,d,e]@5']);
    await run.stop();
  });

  it('applies watch events in order and lets bookmarks advance the resourceVersion', async () => {
    const { lw, store, start, reflector, errors } = setup();
    const run = start();
    await until(() => lw.watches.length === 1, 'watch');
    lw.add(pod('a'));
    lw.modify(pod('a', 'default', { phase: 'Running' }));
    lw.delete(pod('a'));
    await until(() => store.ops.length === 4, 'events');
    expect(store.ops).toEqual(['replace []@0', 'add a@1', 'update a@2', 'delete a@3']);
    lw.add(pod('elsewhere'));
    lw.bookmark();
    await until(() => reflector.lastSyncResourceVersion() === '4', 'bookmark');
    expect(reflector.stats().lastEventTime).toBeDefined();
    expect(errors).toEqual([]);
    await run.stop();
  });

  it('re-opens an ended watch from the last resourceVersion without relisting', async () => {
    const { lw, start, reflector } = setup();
    lw.add(pod('a'));
    const run = start();
    await until(() => lw.watches.length === 1, 'watch');
    lw.add(pod('b'));
    await until(() => reflector.lastSyncResourceVersion() === '2', 'event');
    lw.closeWatches();
    await until(() => lw.watches.length === 2, 'rewatch');
    expect(lw.watches[1]!.options.resourceVersion).toBe('2');
    expect(lw.listCalls).toHaveLength(1);
    expect(reflector.stats().watchRestarts).toBe(1);
    await run.stop();
  });

  it('takes a watch connection lost mid-stream for an end: re-watches from the last resourceVersion, no relist', async () => {
    let cut = true;
    const { lw, store, start, errors } = setup({
      listerWatcher: {
        list: (options) => lw.list(options),
        async watch(options) {
          const stream = await lw.watch(options);
          if (!cut) return stream;
          cut = false;
          return lostAfterFirstEvent(stream);
        },
      },
    });
    lw.add(pod('a'));
    const run = start();
    await until(() => lw.watches.length === 1, 'watch');
    lw.add(pod('b'));
    await until(() => lw.watches.length === 2, 'rewatch');
    expect(lw.watches[1]!.options.resourceVersion).toBe('2');
    expect(lw.listCalls).toHaveLength(1);
    expect(store.ops).toEqual(['replace [a]@1', 'add b@2']);
    expect(errors).toEqual([]);
    await run.stop();
  });

  it('lists instead when a streaming list loses its connection, and streams again next round', async () => {
    let cut = true;
    const { lw, clock, store, start } = setup({
      useWatchList: true,
      supportsWatchList: true,
      listerWatcher: {
        list: (options) => lw.list(options),
        async watch(options) {
          const stream = await lw.watch(options);
          if (!cut || !options.sendInitialEvents) return stream;
          cut = false;
          return lostAfterFirstEvent(stream);
        },
      },
    });
    lw.add(pod('a'));
    lw.add(pod('b'));
    const run = start();
    await until(() => lw.watches.length === 2, 'the watch after the fallback list');
    expect(lw.listCalls).toHaveLength(1);
    expect(store.ops).toEqual(['replace [a,b]@2']);
    lw.sendError(newResourceExpired('too old'));
    await clock.advance(800);
    await until(() => lw.watches.length === 3, 'the next round');
    expect(lw.watches[2]!.options.sendInitialEvents).toBe(true);
    await run.stop();
  });

  it('relists after a 410 Expired watch error, first at the last resourceVersion, then from scratch', async () => {
    const { lw, store, clock, start, errors } = setup();
    lw.add(pod('a'));
    const run = start();
    await until(() => lw.watches.length === 1, 'watch');
    lw.compact();
    lw.failLists(newResourceExpired('too old'));
    lw.sendError(newResourceExpired('too old resource version: 1 (5)'));
    await until(() => errors.length === 1, 'error reported');
    expect(StatusError.isInstance(errors[0]) && errors[0].code).toBe(410);
    await clock.advance(800); // backoff, jitter 0
    await until(() => lw.watches.length === 2, 'watch after relist');
    expect(lw.listCalls.slice(1).map((c) => [c.resourceVersion, c.limit])).toEqual([
      ['1', undefined],
      ['', undefined],
    ]);
    expect(store.ops).toEqual(['replace [a]@1', 'replace [a]@1']);
    await run.stop();
  });

  it('backs off with growing delays up to 30 s, and starts over after a healthy period', async () => {
    const { lw, clock, start, errors } = setup();
    lw.failLists(new StatusError({ code: 500, message: 'boom' }), 8);
    const run = start();
    const expected = [800, 1600, 3200, 6400, 12800, 25600, 30000, 30000];
    for (const [i, delay] of expected.entries()) {
      await until(() => lw.listCalls.length === i + 1, `list ${i + 1}`);
      await clock.advance(delay - 1);
      expect(lw.listCalls).toHaveLength(i + 1);
      await clock.advance(1);
    }
    await until(() => lw.watches.length === 1, 'healthy watch');
    expect(errors).toHaveLength(8);
    await clock.advance(3 * 60_000); // healthy for longer than the 2 min reset
    lw.failLists(new StatusError({ code: 500, message: 'boom' }));
    lw.sendError(new StatusError({ code: 500, reason: 'InternalError', message: 'watch broke' }));
    await until(() => errors.length === 9, 'watch error reported');
    await clock.advance(799); // the delay started over at 800 ms
    expect(lw.listCalls).toHaveLength(9);
    await clock.advance(1);
    await until(() => lw.listCalls.length === 10, 'relist after the first delay again');
    await until(() => errors.length === 10, 'relist failure reported');
    await clock.advance(1600);
    await until(() => lw.watches.length === 2, 'recovered');
    await run.stop();
  });

  it('adds jitter of up to the delay itself', async () => {
    const { lw, clock, start } = setup({ random: () => 0.5 });
    lw.failLists(new StatusError({ code: 500 }));
    const run = start();
    await until(() => lw.listCalls.length === 1, 'first list');
    await clock.advance(1199);
    expect(lw.listCalls).toHaveLength(1);
    await clock.advance(1);
    await until(() => lw.listCalls.length === 2, 'second list');
    await run.stop();
  });

  it('retries a refused or throttled watch after a backoff, without relisting', async () => {
    const { lw, clock, start, errors } = setup();
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    lw.failWatches(new Error('fetch failed', { cause: refused }));
    lw.failWatches(newTooManyRequests('slow down', 1));
    const run = start();
    await until(() => errors.length === 1, 'refused');
    await clock.advance(800);
    await until(() => errors.length === 2, 'throttled');
    await clock.advance(1600);
    await until(() => lw.watches.length === 3, 'watch');
    expect(lw.watches.map((w) => w.open)).toEqual([false, false, true]);
    expect(lw.listCalls).toHaveLength(1);
    await run.stop();
  });

  it('treats a watch that closes at once without events as an error and relists', async () => {
    const { lw, clock, start, errors } = setup();
    const run = start();
    await until(() => lw.watches.length === 1, 'watch');
    lw.closeWatches();
    await until(() => errors.length === 1, 'error');
    expect(ReflectorError.isInstance(errors[0]) && errors[0].reason).toBe('VeryShortWatch');
    await clock.advance(800);
    await until(() => lw.listCalls.length === 2, 'relist');
    await run.stop();
  });

  it('re-opens a watch that stayed silent for the inactivity timeout', async () => {
    const { lw, clock, start, errors } = setup({ inactivityTimeoutMs: 60_000 });
    const run = start();
    await until(() => lw.watches.length === 1, 'watch');
    await clock.advance(30_000);
    lw.bookmark(); // a bookmark counts as activity
    await clock.advance(59_000);
    expect(lw.watches).toHaveLength(1);
    await clock.advance(1_000);
    await until(() => lw.watches.length === 2, 'second watch');
    expect(ReflectorError.isInstance(errors[0]) && errors[0].reason).toBe('WatchInactive');
    expect(lw.watches[0]!.open).toBe(false);
    expect(lw.listCalls).toHaveLength(1);
    await run.stop();
  });

  it('resyncs the store every period while shouldResync agrees', async () => {
    let allow = true;
    const { lw, store, clock, start } = setup({
      resyncPeriodMs: 10_000,
      shouldResync: () => allow,
    });
    const run = start();
    await until(() => lw.watches.length === 1, 'watch');
    await clock.advance(10_000);
    await clock.advance(10_000);
    allow = false;
    await clock.advance(10_000);
    expect(store.ops.filter((op) => op === 'resync')).toHaveLength(2);
    await run.stop();
  });

  it('streams the initial list when the server supports it and keeps the stream as the watch', async () => {
    const { lw, store, start, reflector } = setup({ useWatchList: true, supportsWatchList: true });
    lw.add(pod('a'));
    lw.add(pod('b'));
    const run = start();
    await until(() => store.ops.length === 1, 'replace');
    expect(store.ops).toEqual(['replace [a,b]@2']);
    expect(lw.listCalls).toHaveLength(0);
    expect(lw.watches[0]!.options).toMatchObject({
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
      resourceVersion: '',
      allowWatchBookmarks: true,
    });
    lw.add(pod('c'));
    await until(() => store.ops.length === 2, 'event on the same stream');
    expect(store.ops[1]).toBe('add c@3');
    expect(lw.watches).toHaveLength(1);
    expect(reflector.lastSyncResourceVersion()).toBe('3');
    await run.stop();
  });

  it("applies the store's transformer to each streamed object as it arrives, before the replace", async () => {
    // what an informer's queue hands over (client-go's TransformingStore): stripping managedFields
    // per event lets the full objects die young instead of all living until the list completes
    class TransformingStore extends RecordingStore {
      replaced: readonly TestPod[] = [];
      transformer() {
        return (o: TestPod): TestPod => {
          this.ops.push(`transform ${o.metadata!.name}`);
          return { ...o, metadata: { ...o.metadata, labels: { transformed: 'yes' } } };
        };
      }
      override replace(list: readonly TestPod[], rv: string) {
        super.replace(list, rv);
        this.replaced = list;
      }
    }
    const store = new TransformingStore();
    const { lw, start } = setup({ useWatchList: true, supportsWatchList: true, store });
    lw.add(pod('a'));
    lw.add(pod('b'));
    const run = start();
    await until(() => store.replaced.length === 2, 'replace');
    expect(store.ops).toEqual(['transform a', 'transform b', 'replace [a,b]@2']);
    expect(store.replaced.map((o) => o.metadata!.labels)).toEqual([
      { transformed: 'yes' },
      { transformed: 'yes' },
    ]);
    await run.stop();
  });

  it('falls back to listing when the server rejects streaming lists, and stops asking', async () => {
    const { lw, clock, store, start, errors } = setup({ useWatchList: true });
    lw.add(pod('a'));
    const run = start();
    await until(() => lw.watches.length === 2, 'watch after fallback list');
    expect(lw.watches[0]!.options.sendInitialEvents).toBe(true);
    expect(lw.listCalls).toHaveLength(1);
    expect(store.ops).toEqual(['replace [a]@1']);
    expect(errors).toEqual([]);
    lw.sendError(newResourceExpired('too old'));
    await clock.advance(800);
    await until(() => lw.watches.length === 3, 'watch after relist');
    expect(lw.watches.filter((w) => w.options.sendInitialEvents)).toHaveLength(1);
    await run.stop();
  });

  it('reports events it cannot store and keeps watching', async () => {
    const lw = newFakeListerWatcher<TestPod>();
    const store = newStore<TestPod>();
    const errors: unknown[] = [];
    const controller = new AbortController();
    const reflector = newReflector<TestPod>({
      listerWatcher: lw,
      store,
      clock: new FakeClock(),
      useWatchList: false,
      watchErrorHandler: (err) => errors.push(err),
    });
    const done = reflector.run({ signal: controller.signal });
    await until(() => lw.watches.length === 1, 'watch');
    lw.add({ metadata: { namespace: 'x' } } as TestPod);
    lw.add(pod('fine'));
    await until(() => store.size() === 1, 'good event stored');
    expect(StoreError.isInstance(errors[0]) && errors[0].reason).toBe('KeyFunc');
    controller.abort();
    await done;
  });

  it('refuses missing or negative options with a typed error', () => {
    const lw = newFakeListerWatcher<TestPod>();
    expect(() => newReflector<TestPod>({ listerWatcher: lw, store: undefined as never })).toThrow(
      ReflectorError,
    );
    expect(() =>
      newReflector<TestPod>({
        listerWatcher: lw,
        store: new RecordingStore(),
        resyncPeriodMs: -1,
      }),
    ).toThrow(/resyncPeriodMs must be >= 0/);
  });

  it('stops on abort without reporting an error, even mid-backoff', async () => {
    const { lw, start, errors } = setup();
    lw.failLists(new StatusError({ code: 503 }));
    const run = start();
    await until(() => errors.length === 1, 'first failure');
    await run.stop();
    const second = start();
    await until(() => lw.watches.length === 1, 'watch');
    await second.stop();
    expect(errors).toHaveLength(1);
    expect(lw.watches[0]!.open).toBe(false);
  });
});
