/**
 * @kubekit/controller end to end: the sample ConfigMap -> Secret controller against the server
 * under test (../server-under-test: the embedded server, or kube-apiserver in the real tier) over
 * HTTPS, through informers, the work queue and the manager, as a controller binary runs it.
 */
import { FakeClock, isConflict, newControllerRef } from '@kubekit/apimachinery';
import { newSharedIndexInformer, listWatchFromClient, type ListerWatcher } from '@kubekit/cache';
import {
  addFinalizer,
  claimObjects,
  factoryRunnable,
  patchClientFromRest,
  prometheusControllerMetrics,
  runControllerManager,
  type ManagerServer,
  type Runnable,
} from '@kubekit/controller';
import { prometheusMetricsProvider } from '@kubekit/workqueue';
import type { RESTClient } from '@kubekit/rest';
import { startServerUnderTest, type ServerUnderTest } from '../server-under-test';
import * as promClient from 'prom-client';
import {
  decode,
  finalizer,
  mirrorController,
  mirrorLabel,
  refreshAnnotation,
  sourceLabel,
  type ConfigMap,
  type MirrorControllerOptions,
  type Secret,
} from './configmap-secret-controller';
import { core, eventually, freshNamespace, list, restClient } from './helpers';

let server: ServerUnderTest;
let client: RESTClient;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  server = await startServerUnderTest();
  client = restClient(server);
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

type Action = { key: string; action: string };

/** Runs the mirror controller under a manager in a fresh namespace until the test ends. */
async function runMirror(
  options: Partial<MirrorControllerOptions> & { extra?: Runnable[]; managerServer?: boolean } = {},
) {
  const namespace = await freshNamespace(client);
  const actions: Action[] = [];
  const { extra = [], managerServer, ...mirrorOptions } = options;
  const mirror = mirrorController({
    client,
    namespace,
    onReconciled: (key, action) => actions.push({ key, action }),
    ...mirrorOptions,
  });
  const stop = new AbortController();
  let http: ManagerServer | undefined;
  const done = runControllerManager({
    controllers: [mirror.controller],
    runnables: [factoryRunnable(mirror.factory), ...extra],
    server: managerServer
      ? {
          metricsAddress: '127.0.0.1:0',
          healthAddress: '127.0.0.1:0',
          registry: options.metrics ? registry : undefined,
        }
      : undefined,
    onServerStarted: (s) => (http = s),
    signal: stop.signal,
  });
  stops.push(async () => {
    stop.abort();
    await done;
  });
  await eventually(() => mirror.controller.hasSynced(), 'caches synced');
  return { ...mirror, namespace, actions, http: () => http, done };
}

let registry: promClient.Registry;

function configMap(
  namespace: string,
  name: string,
  data: Record<string, string>,
  extra: Partial<ConfigMap['metadata']> = {},
) {
  return client
    .post()
    .groupVersion(core)
    .namespace(namespace)
    .resource('configmaps')
    .body({ metadata: { name, labels: { [mirrorLabel]: 'true' }, ...extra }, data })
    .do<ConfigMap>();
}

/** PUTs `body` as the new state of `resource` `name`. */
const replace = (namespace: string, resource: string, name: string, body: object) =>
  client
    .put()
    .groupVersion(core)
    .namespace(namespace)
    .resource(resource)
    .name(name)
    .body(body)
    .do();

const getConfigMap = (namespace: string, name: string) =>
  client
    .get()
    .groupVersion(core)
    .namespace(namespace)
    .resource('configmaps')
    .name(name)
    .do<ConfigMap>();

async function ownedSecrets(namespace: string, owner: string): Promise<Secret[]> {
  return (await list<Secret>(client, namespace, 'secrets')).filter((s) =>
    s.metadata?.ownerReferences?.some(
      (r) => r.kind === 'ConfigMap' && r.name === owner && r.controller,
    ),
  );
}

describe('the mirror controller', () => {
  it('creates an owned Secret for a ConfigMap, follows its updates and cleans up through its finalizer', async () => {
    const { namespace, actions } = await runMirror();
    await configMap(namespace, 'app', { mode: 'blue' });
    const [secret] = await eventually(async () => {
      const owned = await ownedSecrets(namespace, 'app');
      return owned.length === 1 && owned;
    }, 'the owned secret');
    expect(decode(secret!.data)).toEqual({ mode: 'blue' });
    expect(secret!.metadata?.labels?.[sourceLabel]).toBe('app');
    expect((await getConfigMap(namespace, 'app')).metadata?.finalizers).toEqual([finalizer]);

    const cm = await getConfigMap(namespace, 'app');
    await replace(namespace, 'configmaps', 'app', { ...cm, data: { mode: 'green' } });
    await eventually(async () => {
      const [s] = await ownedSecrets(namespace, 'app');
      return decode(s?.data).mode === 'green';
    }, 'the secret to follow the update');

    await client
      .delete()
      .groupVersion(core)
      .namespace(namespace)
      .resource('configmaps')
      .name('app')
      .do();
    await eventually(
      async () => (await list(client, namespace, 'configmaps')).length === 0,
      'the configmap to be gone',
    );
    expect(await ownedSecrets(namespace, 'app')).toEqual([]);
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['finalizer-added', 'created', 'updated', 'finalized']),
    );
  });

  it('recreates a Secret deleted behind its back (owned objects enqueue their owner)', async () => {
    const { namespace } = await runMirror();
    await configMap(namespace, 'app', { a: '1' });
    const [first] = await eventually(async () => {
      const owned = await ownedSecrets(namespace, 'app');
      return owned.length === 1 && owned;
    }, 'the first secret');
    await client
      .delete()
      .groupVersion(core)
      .namespace(namespace)
      .resource('secrets')
      .name(first!.metadata!.name!)
      .do();
    const [second] = await eventually(async () => {
      const owned = await ownedSecrets(namespace, 'app');
      return owned.length === 1 && owned[0]!.metadata?.uid !== first!.metadata?.uid && owned;
    }, 'a new secret');
    expect(decode(second!.data)).toEqual({ a: '1' });
  });

  it('adopts a matching orphan instead of creating one, and releases a Secret whose label no longer matches', async () => {
    const { namespace } = await runMirror();
    const orphan = await client
      .post()
      .groupVersion(core)
      .namespace(namespace)
      .resource('secrets')
      .body({ metadata: { name: 'orphan', labels: { [sourceLabel]: 'app' } }, data: {} })
      .do<Secret>();
    await configMap(namespace, 'app', { k: 'v' });
    const [adopted] = await eventually(async () => {
      const owned = await ownedSecrets(namespace, 'app');
      return owned.length === 1 && decode(owned[0]!.data).k === 'v' && owned;
    }, 'the orphan adopted and updated');
    expect(adopted!.metadata?.uid).toBe(orphan.metadata?.uid);

    // Relabel it: the controller releases it and creates a new one.
    const current = await client
      .get()
      .groupVersion(core)
      .namespace(namespace)
      .resource('secrets')
      .name('orphan')
      .do<Secret>();
    await replace(namespace, 'secrets', 'orphan', {
      ...current,
      metadata: { ...current.metadata, labels: { [sourceLabel]: 'other' } },
    });
    await eventually(async () => {
      const owned = await ownedSecrets(namespace, 'app');
      return owned.length === 1 && owned[0]!.metadata?.name !== 'orphan';
    }, 'a new secret after the release');
    const released = await client
      .get()
      .groupVersion(core)
      .namespace(namespace)
      .resource('secrets')
      .name('orphan')
      .do<Secret>();
    expect(released.metadata?.ownerReferences ?? []).toEqual([]);
  });

  it('never creates twice while its cache lags behind its own creation (expectations)', async () => {
    let gate: { open: Promise<void>; release: () => void } | undefined;
    const hold = () => {
      let release!: () => void;
      gate = { open: new Promise<void>((r) => (release = r)), release };
    };
    const namespace = await freshNamespace(client);
    const base: ListerWatcher<Secret> = listWatchFromClient<Secret>({
      client,
      resource: { ...core, resource: 'secrets' },
      namespace,
    });
    const laggy: ListerWatcher<Secret> = {
      list: (o) => base.list(o),
      async *watch(o) {
        for await (const event of await base.watch(o)) {
          await gate?.open; // events wait while the gate is held
          yield event;
        }
      },
    };
    const secretsInformer = newSharedIndexInformer<Secret>({
      listerWatcher: laggy,
      name: 'laggy-secrets',
    });
    const actions: Action[] = [];
    const mirror = mirrorController({
      client,
      namespace,
      secretsInformer,
      onReconciled: (key, action) => actions.push({ key, action }),
    });
    const stop = new AbortController();
    const done = runControllerManager({
      controllers: [mirror.controller],
      runnables: [factoryRunnable(mirror.factory), secretsInformer],
      signal: stop.signal,
    });
    stops.push(async () => {
      gate?.release();
      stop.abort();
      await done;
    });
    await eventually(() => mirror.controller.hasSynced(), 'caches synced');
    hold();
    await configMap(namespace, 'app', { v: '1' });
    await eventually(() => actions.some((a) => a.action === 'created'), 'the creation');
    // Another event for the key while the Secret is invisible to the cache:
    const cm = await getConfigMap(namespace, 'app');
    await replace(namespace, 'configmaps', 'app', {
      ...cm,
      metadata: { ...cm.metadata, annotations: { touch: '1' } },
    });
    await eventually(
      () => actions.some((a) => a.action === 'waiting'),
      'a reconcile that waits for its expectations',
    );
    expect(mirror.expectations.satisfiedExpectations(`${namespace}/app`)).toBe(false);
    gate!.release();
    await eventually(
      () => mirror.expectations.satisfiedExpectations(`${namespace}/app`),
      'the creation observed',
    );
    await eventually(
      () => actions.at(-1)?.action === 'in-sync',
      'a reconcile that sees the secret',
    );
    expect(await ownedSecrets(namespace, 'app')).toHaveLength(1);
    expect(actions.filter((a) => a.action === 'created')).toHaveLength(1);
  });

  it('reconciles again after requeueAfterMs, on the controller clock', async () => {
    const clock = new FakeClock();
    const { namespace, actions } = await runMirror({ clock });
    await configMap(namespace, 'app', { a: '1' }, { annotations: { [refreshAnnotation]: '600' } });
    // The controller polls for its caches' sync on its clock too (after ten event-loop turns):
    // step the clock a little until its workers start, as anyone holding a fake clock must.
    const started = async () => {
      await clock.advance(100);
      return actions.some((a) => a.action === 'created');
    };
    await eventually(started, 'the creation');
    await eventually(() => actions.at(-1)?.action === 'in-sync', 'a settled reconcile');
    const before = actions.length;
    await clock.advance(600_000);
    await eventually(() => actions.length > before, 'the timed reconcile');
    expect(actions.at(-1)).toEqual({ key: `${namespace}/app`, action: 'in-sync' });
  });

  it('serves controller and queue metrics, and readiness once the caches synced', async () => {
    registry = new promClient.Registry();
    const { namespace, http } = await runMirror({
      metrics: prometheusControllerMetrics(promClient, { registry }),
      metricsProvider: prometheusMetricsProvider(promClient, { registry }),
      managerServer: true,
    });
    await configMap(namespace, 'app', { a: '1' });
    await eventually(async () => (await ownedSecrets(namespace, 'app')).length === 1, 'the secret');
    const text = await (await fetch(`${http()!.metricsUrl}/metrics`)).text();
    expect(text).toMatch(
      /controller_runtime_reconcile_total\{controller="configmap-mirror",result="success"\} [1-9]/,
    );
    expect(text).toMatch(/workqueue_adds_total\{name="configmap-mirror"\} [1-9]/);
    const readyz = await fetch(`${http()!.healthUrl}/readyz?verbose`);
    expect(readyz.status).toBe(200);
    expect(await readyz.text()).toContain('[+]informer-sync ok');
  });
});

describe('finalizer helpers over HTTP', () => {
  it('refuse to overwrite a newer object (409 Conflict) instead of dropping a finalizer', async () => {
    const namespace = await freshNamespace(client);
    const stale = await configMap(namespace, 'cm', {});
    const patcher = {
      patch: (name: string, patch: unknown, o?: { signal?: AbortSignal }) =>
        client
          .patch('application/merge-patch+json')
          .groupVersion(core)
          .namespace(namespace)
          .resource('configmaps')
          .name(name)
          .body(patch)
          .signal(o?.signal)
          .do<ConfigMap>(),
    };
    const added = await addFinalizer(patcher, stale, 'a.example.com/x');
    expect(added.metadata?.finalizers).toEqual(['a.example.com/x']);
    const err = await addFinalizer(patcher, stale, 'b.example.com/y').catch((e: unknown) => e);
    expect(isConflict(err)).toBe(true);
    expect((await getConfigMap(namespace, 'cm')).metadata?.finalizers).toEqual(['a.example.com/x']);
  });
});

describe('claimObjects over HTTP', () => {
  const secretsOf = (namespace: string) =>
    patchClientFromRest<Secret>(client, { resource: { ...core, resource: 'secrets' }, namespace });
  const secret = (
    namespace: string,
    name: string,
    labels: Record<string, string>,
    extra: Partial<Secret['metadata']> = {},
  ) =>
    client
      .post()
      .groupVersion(core)
      .namespace(namespace)
      .resource('secrets')
      .body({ metadata: { name, labels, ...extra } })
      .do<Secret>();
  const ownerGvk = { group: '', version: 'v1', kind: 'ConfigMap' };

  it('adopts matching orphans, keeps its own, releases non-matching ones, leaves others alone', async () => {
    const namespace = await freshNamespace(client);
    const owner = await configMap(namespace, 'owner', {});
    const other = await configMap(namespace, 'other', {});
    const ref = (o: ConfigMap) => [newControllerRef(o, ownerGvk)];
    await secret(namespace, 'orphan', { app: 'x' });
    await secret(namespace, 'orphan-nomatch', { app: 'y' });
    await secret(namespace, 'mine', { app: 'x' }, { ownerReferences: ref(owner) });
    await secret(namespace, 'mine-nomatch', { app: 'y' }, { ownerReferences: ref(owner) });
    await secret(namespace, 'theirs', { app: 'x' }, { ownerReferences: ref(other) });
    await secret(namespace, 'orphan-deleting', { app: 'x' }, { finalizers: ['example.com/hold'] });
    await client
      .delete()
      .groupVersion(core)
      .namespace(namespace)
      .resource('secrets')
      .name('orphan-deleting')
      .do();

    const claimed = await claimObjects({
      owner,
      ownerGvk,
      selector: { matchLabels: { app: 'x' } },
      objects: await list<Secret>(client, namespace, 'secrets'),
      client: secretsOf(namespace),
    });
    expect(claimed.map((s) => s.metadata?.name).sort()).toEqual(['mine', 'orphan']);
    const byName = new Map(
      (await list<Secret>(client, namespace, 'secrets')).map((s) => [s.metadata!.name!, s]),
    );
    const controllerOf = (name: string) =>
      byName.get(name)?.metadata?.ownerReferences?.find((r) => r.controller)?.uid;
    expect(controllerOf('orphan')).toBe(owner.metadata?.uid);
    expect(controllerOf('mine-nomatch')).toBeUndefined(); // released
    expect(controllerOf('orphan-nomatch')).toBeUndefined();
    expect(controllerOf('theirs')).toBe(other.metadata?.uid);
    expect(controllerOf('orphan-deleting')).toBeUndefined();
  });

  it('neither adopts nor releases while the owner is being deleted', async () => {
    const namespace = await freshNamespace(client);
    const owner = await configMap(namespace, 'owner', {}, { finalizers: ['example.com/hold'] });
    await secret(namespace, 'orphan', { app: 'x' });
    await secret(
      namespace,
      'mine-nomatch',
      { app: 'y' },
      { ownerReferences: [newControllerRef(owner, ownerGvk)] },
    );
    await client
      .delete()
      .groupVersion(core)
      .namespace(namespace)
      .resource('configmaps')
      .name('owner')
      .do();
    const deleting = await getConfigMap(namespace, 'owner');
    expect(deleting.metadata?.deletionTimestamp).toBeDefined();
    const claimed = await claimObjects({
      owner: deleting,
      ownerGvk,
      selector: { matchLabels: { app: 'x' } },
      objects: await list<Secret>(client, namespace, 'secrets'),
      client: secretsOf(namespace),
    });
    expect(claimed.map((s) => s.metadata?.name)).toEqual(['mine-nomatch']); // kept, not released
    const orphan = (await list<Secret>(client, namespace, 'secrets')).find(
      (s) => s.metadata?.name === 'orphan',
    );
    expect(orphan?.metadata?.ownerReferences).toBeUndefined();
  });

  it('refuses adoption when a fresh read shows the owner was replaced, and fails on stale objects', async () => {
    const namespace = await freshNamespace(client);
    const owner = await configMap(namespace, 'owner', {});
    await secret(namespace, 'orphan', { app: 'x' });
    const objects = await list<Secret>(client, namespace, 'secrets');
    const err = await claimObjects({
      owner,
      ownerGvk,
      selector: { matchLabels: { app: 'x' } },
      objects,
      client: secretsOf(namespace),
      getFreshOwner: async () => ({ ...owner, metadata: { ...owner.metadata, uid: 'replaced' } }),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ reason: 'ClaimFailed' });
    expect(String((err as Error).message)).toContain('is gone');

    // The orphan changes after it was listed: adoption of the stale copy conflicts.
    const fresh = objects[0]!;
    await replace(namespace, 'secrets', 'orphan', {
      ...fresh,
      metadata: { ...fresh.metadata, annotations: { touched: 'yes' } },
    });
    const conflict = await claimObjects({
      owner,
      ownerGvk,
      selector: { matchLabels: { app: 'x' } },
      objects,
      client: secretsOf(namespace),
    }).catch((e: unknown) => e);
    expect(conflict).toMatchObject({ reason: 'ClaimFailed' });
    expect(isConflict(((conflict as Error).cause as AggregateError).errors[0])).toBe(true);
  });
});
