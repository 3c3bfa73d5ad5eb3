/**
 * Informers over real HTTP against @kubekit/testing's in-memory API server.
 */
import type { KubeObject } from '@kubekit/apimachinery';
import { RESTClient } from '@kubekit/rest';
import { startApiServer, type ApiServer } from '@kubekit/testing';
import { isDeletedFinalStateUnknown } from './deleted-final-state-unknown';
import { eventually as until } from './internal/test-helpers';
import { listWatchFromClient } from './list-watch-from-client';
import { ReflectorError } from './reflector-error';
import { newSharedIndexInformer } from './shared-informer';
import {
  newSharedInformerFactory,
  stripManagedFields,
  type SharedInformerFactory,
} from './shared-informer-factory';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };
const ref = { resource: 'configmaps' };

function cm(
  name: string,
  namespace = 'default',
  labels: Record<string, string> = {},
  data: Record<string, string> = {},
): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace, labels }, data };
}

describe('informers over HTTP', () => {
  let server: ApiServer;
  let client: RESTClient;
  let factory: SharedInformerFactory | undefined;
  const controller = new AbortController();

  beforeAll(async () => {
    server = await startApiServer({ http: true, bookmarkIntervalMs: 200 });
    client = new RESTClient({
      server: server.url,
      bearerToken: server.token,
      qps: Infinity,
      warningHandler: null,
    });
    server.storage.create({ resource: 'namespaces' }, { metadata: { name: 'other' } });
  });
  afterEach(async () => {
    await factory?.shutdown();
    factory = undefined;
  });
  afterAll(async () => {
    controller.abort();
    await client.destroy();
    await server.stop();
  });

  function newFactory(options: Partial<Parameters<typeof newSharedInformerFactory>[0]> = {}) {
    factory = newSharedInformerFactory({
      client,
      watchErrorHandler: () => undefined,
      ...options,
    });
    return factory;
  }

  it('syncs, sees every kind of event, and serves listers and indexers', async () => {
    server.storage.create(ref, cm('a', 'default', { app: 'web' }));
    server.storage.create(ref, cm('b', 'other', { app: 'db' }));
    const f = newFactory({ useWatchList: false });
    const { informer, lister } = f.forResource<ConfigMap>(configMaps);
    informer.addIndexers({ app: (o) => [o.metadata?.labels?.app ?? ''] });
    const log: string[] = [];
    const registration = informer.addEventHandler({
      onAdd: (o, initial) => log.push(`add ${o.metadata!.name}${initial ? ' initial' : ''}`),
      onUpdate: (old, o) =>
        log.push(`update ${o.metadata!.name} ${old.data?.v ?? '-'}->${o.data?.v}`),
      onDelete: (o) =>
        log.push(`delete ${isDeletedFinalStateUnknown(o) ? o.key : o.metadata!.name}`),
    });
    f.start({ signal: controller.signal });
    const synced = await f.waitForCacheSync(controller.signal);
    expect([...synced.values()]).toEqual([true]);
    await until(() => registration.hasSynced(), 'handler synced');
    expect(log.sort()).toEqual(['add a initial', 'add b initial']);
    expect(
      lister
        .namespace('other')
        .list()
        .map((o) => o.metadata!.name),
    ).toEqual(['b']);
    expect(lister.list('app=web').map((o) => o.metadata!.name)).toEqual(['a']);
    expect(
      informer
        .getIndexer()
        .byIndex('app', 'db')
        .map((o) => o.metadata!.name),
    ).toEqual(['b']);

    log.length = 0;
    server.storage.create(ref, cm('c'));
    const a = server.storage.get<ConfigMap>(ref, 'a', 'default')!;
    server.storage.update(ref, { ...a, data: { v: '1' } });
    server.storage.delete(ref, 'b', 'other');
    await until(() => log.length === 3, 'watch events');
    expect(log).toEqual(['add c', 'update a -->1', 'delete b']);
    expect(informer.lastSyncResourceVersion()).toBe(server.storage.resourceVersion);
    expect(lister.namespace('default').get('a')?.data).toEqual({ v: '1' });
    expect(informer.health()).toMatchObject({ synced: true, lastError: undefined });
  });

  it('keeps watch events of another kind than forResource was given out of the cache', async () => {
    server.storage.create(ref, cm('kind-check'));
    const errors: unknown[] = [];
    const watchErrorHandler = (err: unknown) => void errors.push(err);
    const right = newFactory({ watchErrorHandler });
    const wrong = newSharedInformerFactory({ client, watchErrorHandler });
    try {
      const cached = right.forResource<ConfigMap>(configMaps, { kind: 'ConfigMap' });
      const rejected = wrong.forResource<ConfigMap>(configMaps, { kind: 'Secret' });
      for (const f of [right, wrong]) f.start({ signal: controller.signal });
      for (const f of [right, wrong]) await f.waitForCacheSync(controller.signal);
      server.storage.create(ref, cm('kind-check-2'));
      await until(() => cached.lister.namespace('default').get('kind-check-2') !== undefined);
      await until(() => errors.length >= server.storage.list(ref).length, 'every event rejected');
      expect(cached.informer.getStore().listKeys()).toContain('default/kind-check');
      expect(rejected.informer.getStore().listKeys()).toEqual([]);
      expect(errors[0]).toBeInstanceOf(ReflectorError);
      expect(errors[0]).toMatchObject({ reason: 'UnexpectedEvent' });
      expect((errors[0] as Error).message).toMatch(
        /expected .*Secret.*, got apiVersion v1, kind ConfigMap/,
      );
    } finally {
      await wrong.shutdown();
    }
  });

  it('streams the initial list when the server supports it', async () => {
    const f = newFactory();
    const { informer } = f.forResource<ConfigMap>(configMaps);
    f.start({ signal: controller.signal });
    await f.waitForCacheSync(controller.signal);
    const expected = server.storage
      .list(ref)
      .map((o) => `${o.metadata!.namespace}/${o.metadata!.name}`);
    expect(informer.getStore().listKeys().sort()).toEqual(expected.sort());
    expect(informer.health().lastError).toBeUndefined();
  });

  it('replays the cache to a late handler, resyncs, and stops a removed handler', async () => {
    const f = newFactory({ defaultResyncMs: 1_000 });
    const { informer } = f.forResource<ConfigMap>(configMaps);
    f.start({ signal: controller.signal });
    await f.waitForCacheSync(controller.signal);
    const adds: string[] = [];
    let resyncs = 0;
    const late = informer.addEventHandler({
      onAdd: (o, initial) => {
        if (initial) adds.push(o.metadata!.name!);
      },
      onUpdate: (old, o) => {
        if (old.metadata!.resourceVersion === o.metadata!.resourceVersion) resyncs++;
      },
    });
    await until(() => late.hasSynced(), 'late handler synced');
    expect(adds.length).toBe(informer.getStore().size());
    await until(() => resyncs >= informer.getStore().size(), 'a resync');
    late.remove();
    const before = adds.length;
    server.storage.create(ref, cm('after-removal'));
    await until(() => informer.getStore().getByKey('default/after-removal') !== undefined, 'cache');
    expect(adds.length).toBe(before);
  });

  it('drops managedFields unless asked to keep them', async () => {
    const created = await client
      .patch('application/apply-patch+yaml' as never)
      .namespace('default')
      .resource('configmaps')
      .name('applied')
      .param('fieldManager', 'test')
      .body(cm('applied', 'default', {}, { k: 'v' }))
      .do<ConfigMap>();
    expect(created.metadata?.managedFields?.length).toBeGreaterThan(0);
    const lean = newFactory().forResource<ConfigMap>(configMaps);
    factory!.start({ signal: controller.signal });
    await factory!.waitForCacheSync(controller.signal);
    expect(lean.lister.namespace('default').get('applied')?.metadata).not.toHaveProperty(
      'managedFields',
    );
    await factory!.shutdown();
    const full = newFactory({ keepManagedFields: true }).forResource<ConfigMap>(configMaps);
    factory!.start({ signal: controller.signal });
    await factory!.waitForCacheSync(controller.signal);
    expect(full.lister.namespace('default').get('applied')?.metadata?.managedFields).toBeDefined();
    expect(stripManagedFields({ metadata: { name: 'x' } })).toEqual({ metadata: { name: 'x' } });
  });

  it('builds custom informers from its defaults with informerFor, once per key', async () => {
    server.storage.create(ref, cm('custom-1', 'other'));
    const f = newFactory({ namespace: 'other', defaultResyncMs: 60_000 });
    let builds = 0;
    const build = () =>
      f.informerFor<ConfigMap>('configmaps-custom', (d) => {
        builds++;
        expect(d).toMatchObject({
          namespace: 'other',
          resyncPeriodMs: 60_000,
          name: 'configmaps-custom',
        });
        expect(d.transform).toBe(stripManagedFields);
        return newSharedIndexInformer<ConfigMap>({
          ...d,
          listerWatcher: listWatchFromClient<ConfigMap>({
            client: d.client,
            resource: configMaps,
            namespace: d.namespace,
          }),
        });
      });
    const informer = build();
    expect(build()).toBe(informer);
    expect(builds).toBe(1);
    f.start({ signal: controller.signal });
    await f.waitForCacheSync(controller.signal);
    expect(
      informer
        .getStore()
        .list()
        .every((o) => o.metadata?.namespace === 'other'),
    ).toBe(true);
    expect(informer.getStore().size()).toBeGreaterThan(0);
  });

  it('watches one namespace with a tweaked selector, one informer per resource', async () => {
    server.storage.create(ref, cm('sel-1', 'other', { tier: 'gold' }));
    server.storage.create(ref, cm('sel-2', 'other', { tier: 'iron' }));
    const f = newFactory({
      namespace: 'other',
      tweakListOptions: (o) => {
        o.labelSelector = 'tier=gold';
      },
    });
    const first = f.forResource<ConfigMap>(configMaps);
    expect(f.forResource(configMaps).informer).toBe(first.informer);
    f.start({ signal: controller.signal });
    await f.waitForCacheSync(controller.signal);
    expect(first.informer.getStore().listKeys()).toEqual(['other/sel-1']);
    server.storage.create(ref, cm('sel-3', 'other', { tier: 'gold' }));
    server.storage.create(ref, cm('sel-4', 'default', { tier: 'gold' }));
    await until(() => first.informer.getStore().size() === 2, 'gold in other');
    expect(first.informer.getStore().listKeys().sort()).toEqual(['other/sel-1', 'other/sel-3']);
  });
});
