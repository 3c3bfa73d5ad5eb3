/**
 * Reflectors and informers end to end over real HTTP against the server under test
 * (../server-under-test: the embedded server by default, kube-apiserver in the real tier), each
 * test in a namespace of its own. What it pins: paging and watching from the list's
 * resourceVersion, event order, selectors, indexers and listers, resync, the informer factories,
 * streaming lists, bookmarks and server-ended watches. 410 handling and restarts are in
 * informer-expiry.e2e.test.ts and informer-restart.e2e.test.ts.
 */
import type { KubeList, KubeObject } from '@kubekit/apimachinery';
import {
  newDynamicSharedInformerFactory,
  newLister,
  newReflector,
  newSharedIndexInformer,
  newStore,
  listWatchFromClient,
  listWatchFromResourceClient,
  type ListOptions,
  type ListerWatcher,
  type SharedIndexInformer,
  type SharedIndexInformerOptions,
  type WatchOptions,
} from '@kubekit/cache';
import { newInformerFactory } from '@kubekit/clientset';
import { DynamicClient, type RESTClient } from '@kubekit/rest';
import { startServerUnderTest, type ServerUnderTest } from '../server-under-test';
import {
  cacheMatchesServer,
  cm,
  configMapsGVR,
  configMapsIn,
  eventually,
  recordingHandler,
  restClient,
  versions,
  type ConfigMap,
} from './informer-e2e-helpers';

let server: ServerUnderTest;
let client: RESTClient;
const stop = new AbortController();
const running: Promise<void>[] = [];

beforeAll(async () => {
  server = await startServerUnderTest();
  client = restClient(server);
});
afterAll(async () => {
  stop.abort();
  await Promise.all(running);
  await client.close();
  await server.stop();
});

/** A ListerWatcher that records the options of every call and the pages it got. */
function recorded<T extends KubeObject>(inner: ListerWatcher<T>) {
  const lists: { options: ListOptions; page: KubeList<T> }[] = [];
  const watches: WatchOptions[] = [];
  const lw: ListerWatcher<T> = {
    async list(options) {
      const page = await inner.list(options);
      lists.push({ options, page });
      return page;
    },
    watch(options) {
      watches.push(options);
      return inner.watch(options);
    },
  };
  return { lw, lists, watches };
}

/** Runs an informer on the config maps of `namespace` until the suite ends. */
function informerOn(
  namespace: string,
  options: Partial<SharedIndexInformerOptions<ConfigMap>> & {
    tweak?: (o: ListOptions & WatchOptions) => void;
  } = {},
) {
  const rec = recorded(
    listWatchFromClient<ConfigMap>({
      client,
      resource: configMapsGVR,
      namespace,
      tweakListOptions: options.tweak,
    }),
  );
  const errors: unknown[] = [];
  const informer: SharedIndexInformer<ConfigMap> = newSharedIndexInformer<ConfigMap>({
    listerWatcher: rec.lw,
    watchErrorHandler: (err) => errors.push(err),
    ...options,
  });
  const recorder = recordingHandler<ConfigMap>();
  informer.addEventHandler(recorder.handler);
  running.push(informer.run({ signal: stop.signal }));
  return { informer, recorder, errors, ...rec };
}

describe('informers against the server under test', () => {
  it('a reflector lists in pages, then watches from the list resourceVersion', async () => {
    const ns = await server.namespace('reflector');
    const objects = configMapsIn(client, ns);
    for (let i = 0; i < 25; i++) await objects.create(cm(`cm-${String(i).padStart(2, '0')}`));
    const rec = recorded(
      listWatchFromClient<ConfigMap>({ client, resource: configMapsGVR, namespace: ns }),
    );
    const store = newStore<ConfigMap>();
    const reflector = newReflector<ConfigMap>({
      listerWatcher: rec.lw,
      store,
      pageSize: 10,
      useWatchList: false,
    });
    running.push(reflector.run({ signal: stop.signal }));
    await eventually(() => rec.watches.length === 1, 'the first watch');
    // resourceVersion "0" is served from the watch cache, which ignores limit: one page.
    expect(rec.lists.map((l) => [l.options.resourceVersion, l.options.limit])).toEqual([['0', 10]]);
    expect(rec.lists[0]!.page.metadata?.continue).toBeUndefined();
    const listRV = rec.lists[0]!.page.metadata!.resourceVersion!;
    expect(rec.watches[0]).toMatchObject({ resourceVersion: listRV, allowWatchBookmarks: true });
    // A list at "0" may come from a watch cache that lags behind; the watch fills the gap.
    await eventually(() => store.listKeys().length === 25, 'all 25 in the store');

    // The pager itself, at a consistent read (as after a 410), pages at the first page's RV.
    const pages = recorded(
      listWatchFromClient<ConfigMap>({ client, resource: configMapsGVR, namespace: ns }),
    );
    const whole = await pages.lw.list({ limit: 10 });
    expect(whole.metadata?.continue).toBeDefined();
    let next = whole.metadata!.continue;
    while (next) next = (await pages.lw.list({ limit: 10, continue: next })).metadata?.continue;
    expect(pages.lists.map((l) => l.page.items.length)).toEqual([10, 10, 5]);
    expect(new Set(pages.lists.map((l) => l.page.metadata?.resourceVersion)).size).toBe(1);

    await objects.create(cm('late'));
    await objects.delete('cm-00');
    await eventually(
      () => store.getByKey(`${ns}/late`) !== undefined && !store.getByKey(`${ns}/cm-00`),
      'watch events in the store',
    );
    expect(versions(store.list())).toEqual(versions((await objects.list()).items));
  });

  it('delivers adds, updates and deletes in order to every handler, and serves indexers and listers', async () => {
    const ns = await server.namespace('events');
    const objects = configMapsIn(client, ns);
    await objects.create(cm('before', { v: '1' }, { app: 'web' }));
    const { informer, recorder, errors } = informerOn(ns, {
      indexers: { app: (o) => [o.metadata?.labels?.app ?? ''] },
    });
    const second = recordingHandler<ConfigMap>();
    informer.addEventHandler(second.handler);
    await eventually(() => informer.hasSynced(), 'sync');

    const a = await objects.create(cm('a', { v: '1' }, { app: 'db' }));
    const a2 = await objects.update({ ...a, data: { v: '2' } });
    await objects.update({ ...a2, data: { v: '3' } });
    await objects.create(cm('b', { v: '1' }, { app: 'web' }));
    await objects.delete('a');
    const expected = ['add before', 'add a', 'update a 1->2', 'update a 2->3', 'add b', 'delete a'];
    await eventually(() => recorder.log.length === expected.length, 'six notifications');
    await eventually(() => second.log.length === expected.length, 'the second handler');
    expect(recorder.log).toEqual(expected);
    expect(second.log).toEqual(expected);
    expect([...recorder.violations, ...second.violations]).toEqual([]);

    const byApp = informer.getIndexer().byIndex('app', 'web');
    expect(byApp.map((o) => o.metadata?.name).sort()).toEqual(['b', 'before']);
    const lister = newLister(informer.getIndexer());
    expect(lister.namespace(ns).get('b')?.data).toEqual({ v: '1' });
    expect(
      lister
        .list('app=web')
        .map((o) => o.metadata?.name)
        .sort(),
    ).toEqual(['b', 'before']);
    expect(lister.namespace('elsewhere').list()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('turns objects moving into and out of a label selector into adds and deletes', async () => {
    const ns = await server.namespace('labels');
    const objects = configMapsIn(client, ns);
    await objects.create(cm('gold-1', {}, { tier: 'gold' }));
    await objects.create(cm('iron-1', {}, { tier: 'iron' }));
    const { informer, recorder } = informerOn(ns, {
      tweak: (o) => {
        o.labelSelector = 'tier=gold';
      },
    });
    await eventually(() => informer.hasSynced(), 'sync');
    const iron = await objects.get('iron-1');
    const promoted = await objects.update({
      ...iron,
      metadata: { ...iron.metadata, labels: { tier: 'gold' } },
    });
    const gold = await objects.get('gold-1');
    await objects.update({ ...gold, metadata: { ...gold.metadata, labels: { tier: 'lead' } } });
    await objects.update({ ...promoted, data: { v: '2' } });
    await eventually(() => recorder.log.length === 4, 'four notifications');
    expect(recorder.log).toEqual([
      'add gold-1',
      'add iron-1',
      'delete gold-1',
      'update iron-1 -->2',
    ]);
    expect(informer.getStore().listKeys()).toEqual([`${ns}/iron-1`]);
    expect(recorder.violations).toEqual([]);
  });

  it('turns pods moving into and out of a field selector into adds and deletes', async () => {
    const ns = await server.namespace('fields');
    const pods = new DynamicClient(client)
      .resource<KubeObject & { status?: { phase?: string } }>({
        group: '',
        version: 'v1',
        resource: 'pods',
      })
      .namespace(ns);
    const errors: unknown[] = [];
    const informer = newSharedIndexInformer<KubeObject & { status?: { phase?: string } }>({
      listerWatcher: listWatchFromResourceClient(pods, {
        tweakListOptions: (o) => {
          o.fieldSelector = 'status.phase=Running';
        },
      }),
      watchErrorHandler: (err) => errors.push(err),
    });
    const log: string[] = [];
    informer.addEventHandler({
      onAdd: (o) => log.push(`add ${o.metadata?.name} ${o.status?.phase}`),
      onUpdate: (_, o) => log.push(`update ${o.metadata?.name} ${o.status?.phase}`),
      onDelete: (o) => log.push(`delete ${(o as KubeObject).metadata?.name}`),
    });
    running.push(informer.run({ signal: stop.signal }));
    await eventually(() => informer.hasSynced(), 'sync');
    const spec = { containers: [{ name: 'c', image: 'busybox' }] };
    const p = await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec,
    } as KubeObject);
    const running1 = await pods.updateStatus({ ...p, status: { phase: 'Running' } });
    await pods.updateStatus({ ...running1, status: { phase: 'Succeeded' } });
    await eventually(() => log.length === 2, 'two notifications');
    expect(log).toEqual(['add p Running', 'delete p']);
    expect(informer.getStore().listKeys()).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('resyncs every cached object to its handlers each period', async () => {
    const ns = await server.namespace('resync');
    const objects = configMapsIn(client, ns);
    await objects.create(cm('r1'));
    await objects.create(cm('r2'));
    const { informer } = informerOn(ns, { resyncPeriodMs: 1_000 });
    const resyncs = new Map<string, number>();
    informer.addEventHandler({
      onUpdate: (old, o) => {
        if (old.metadata?.resourceVersion === o.metadata?.resourceVersion)
          resyncs.set(o.metadata!.name!, (resyncs.get(o.metadata!.name!) ?? 0) + 1);
      },
    });
    await eventually(
      () => (resyncs.get('r1') ?? 0) >= 2 && (resyncs.get('r2') ?? 0) >= 2,
      'two resyncs of each object',
    );
  });

  it('feeds the typed informer factory of @kubekit/clientset and the dynamic one', async () => {
    const ns = await server.namespace('factories');
    const objects = configMapsIn(client, ns);
    await objects.create(cm('first', { k: 'v' }));
    const typed = newInformerFactory({ client, namespace: ns });
    const dynamic = newDynamicSharedInformerFactory({ client, namespace: ns });
    const typedCms = typed.coreV1.configMaps();
    const dynamicCms = dynamic.forResource<ConfigMap>(configMapsGVR);
    typed.start({ signal: stop.signal });
    dynamic.start({ signal: stop.signal });
    try {
      expect([...(await typed.waitForCacheSync(stop.signal)).values()]).toEqual([true]);
      expect([...(await dynamic.waitForCacheSync(stop.signal)).values()]).toEqual([true]);
      await objects.create(cm('second'));
      for (const lister of [typedCms.lister, dynamicCms.lister]) {
        await eventually(() => lister.namespace(ns).get('second') !== undefined, 'second');
        const first = lister.namespace(ns).get('first')!;
        expect(first).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1', data: { k: 'v' } });
        expect(first.metadata?.managedFields).toBeUndefined();
      }
    } finally {
      await Promise.all([typed.shutdown(), dynamic.shutdown()]);
    }
  });

  it('streams the initial list (sendInitialEvents) and keeps the stream as its watch', async () => {
    const ns = await server.namespace('watchlist');
    const objects = configMapsIn(client, ns);
    for (const name of ['s1', 's2', 's3']) await objects.create(cm(name));
    const { informer, recorder, lists, watches, errors } = informerOn(ns);
    await eventually(() => informer.hasSynced(), 'sync');
    // kube-apiserver 1.34 serves streaming lists by default (WatchList is on).
    expect(lists).toEqual([]);
    expect(watches).toHaveLength(1);
    expect(watches[0]).toMatchObject({
      sendInitialEvents: true,
      resourceVersionMatch: 'NotOlderThan',
      allowWatchBookmarks: true,
    });
    expect(recorder.log).toEqual(['add s1', 'add s2', 'add s3']);
    await objects.delete('s2');
    await eventually(() => recorder.log.length === 4, 'the delete');
    expect(watches).toHaveLength(1);
    expect(informer.lastSyncResourceVersion()).not.toBe('');
    expect(errors).toEqual([]);
  });

  it('falls back to a paginated list when the server rejects a streaming list', async () => {
    const ns = await server.namespace('fallback');
    const objects = configMapsIn(client, ns);
    await objects.create(cm('f1'));
    // sendInitialEvents with resourceVersionMatch=Exact is invalid (422) on every server.
    const { informer, lists, watches, errors } = informerOn(ns, {
      tweak: (o) => {
        if (o.sendInitialEvents) o.resourceVersionMatch = 'Exact';
      },
    });
    await eventually(() => informer.hasSynced(), 'sync');
    expect(errors.map((e) => (e as { code?: number }).code)).toEqual([]);
    expect(lists).toHaveLength(1);
    expect(watches.map((w) => w.sendInitialEvents)).toEqual([true, undefined]);
    await eventually(() => informer.getStore().getByKey(`${ns}/f1`) !== undefined, 'f1 cached');
  });

  it('resumes watches the server ends (timeoutSeconds) from the last resourceVersion, losing and repeating nothing', async () => {
    const ns = await server.namespace('timeouts');
    const other = await server.namespace('timeouts-other');
    const objects = configMapsIn(client, ns);
    const { informer, recorder, watches, lists, errors } = informerOn(ns, {
      useWatchList: false,
      tweak: (o) => {
        if (o.timeoutSeconds !== undefined) o.timeoutSeconds = 3;
      },
    });
    await eventually(() => informer.hasSynced(), 'sync');
    const expected: string[] = [];
    // Churn for 8 s and until the server has ended two watches (a loaded machine restarts them
    // late), bounded at 60 s.
    const until = Date.now() + 8_000;
    const bound = Date.now() + 60_000;
    for (let i = 0; (Date.now() < until || watches.length < 3) && Date.now() < bound; i++) {
      const name = `o${i % 5}`;
      const existing = await objects.get(name).catch(() => undefined);
      if (!existing) {
        await objects.create(cm(name, { v: `${i}` }));
        expected.push(`add ${name}`);
      } else if (i % 3 === 0) {
        await objects.delete(name);
        expected.push(`delete ${name}`);
      } else {
        await objects.update({ ...existing, data: { v: `${i}` } });
        expected.push(`update ${name} ${existing.data?.v}->${i}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await cacheMatchesServer(informer, objects, 'after the writes');
    await eventually(() => recorder.log.length >= expected.length, 'every notification');
    expect(recorder.log).toEqual(expected);
    expect(recorder.violations).toEqual([]);
    expect(watches.length).toBeGreaterThanOrEqual(3);
    expect(lists).toHaveLength(1);
    expect(errors).toEqual([]);

    // The bookmark the server sends shortly before timeoutSeconds carries the resourceVersion
    // past changes this informer does not see (another namespace), and the next watch starts
    // from there. kube-apiserver sends it late (about 1 s before the end, deadline - 2 s in its
    // own terms) and, in our tries, not at all for watches of 3-4 s: hence 8 s here.
    const bookmarked = informerOn(ns, {
      useWatchList: false,
      tweak: (o) => {
        if (o.timeoutSeconds !== undefined) o.timeoutSeconds = 8;
      },
    });
    await eventually(() => bookmarked.informer.hasSynced(), 'sync');
    const outside = await configMapsIn(client, other).create(cm('outside'));
    const outsideRV = BigInt(outside.metadata!.resourceVersion!);
    await eventually(
      () => bookmarked.watches.some((w) => BigInt(w.resourceVersion ?? '0') >= outsideRV),
      () =>
        `a watch resumed from a bookmark past ${outsideRV}: watches from ` +
        bookmarked.watches.map((w) => w.resourceVersion).join(' '),
      30_000,
    );
    expect(bookmarked.errors).toEqual([]);
  });
});
