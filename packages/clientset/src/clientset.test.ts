import {
  Scheme,
  StatusError,
  isConflict,
  isNotFound,
  type WatchEvent,
} from '@kubekit/apimachinery';
import { PatchType } from '@kubekit/rest';
import { startApiServer, type ApiServer } from '@kubekit/testing';
import { ClientError } from './client-error.js';
import { Clientset, addToScheme, coreV1, informerFor, newInformerFactory } from './index.js';

const pod = (name: string, labels: Record<string, string> = {}): coreV1.Pod => ({
  metadata: { name, labels },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
});

/** The error `promise` rejects with (fails the test when it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (err: unknown) => err,
  );
}

async function eventually<T>(check: () => T | undefined, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Clientset against the in-memory API server', () => {
  let server: ApiServer;
  let cs: Clientset;
  const logs = new Map<string, string>();

  beforeAll(async () => {
    server = await startApiServer({ podLogs: (req) => logs.get(`${req.namespace}/${req.name}`) });
    cs = Clientset.fromConfig({
      server: server.url,
      caData: server.caPem,
      bearerToken: server.token,
    });
  });

  afterAll(async () => {
    await cs.close();
    await server.stop();
  });

  it('creates, gets, lists, updates and deletes pods, filling in apiVersion and kind', async () => {
    const pods = cs.coreV1.pods('default');
    const created = await pods.create(pod('crud', { app: 'web' }));
    expect(created).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'crud', namespace: 'default' },
    });

    const got = await pods.get('crud');
    expect(got.metadata?.uid).toBe(created.metadata?.uid);

    await pods.create(pod('other', { app: 'db' }));
    const web = await pods.list({ labelSelector: 'app=web' });
    expect(web.items.map((p) => p.metadata?.name)).toEqual(['crud']);

    got.metadata!.labels = { ...got.metadata!.labels, tier: 'front' };
    const updated = await pods.update(got);
    expect(updated.metadata?.labels).toEqual({ app: 'web', tier: 'front' });
    expect(updated.metadata?.resourceVersion).not.toBe(got.metadata?.resourceVersion);

    expect(isConflict(await rejection(pods.update(got)))).toBe(true);

    const status = await pods.updateStatus({ ...updated, status: { phase: 'Running' } });
    expect(status.status?.phase).toBe('Running');

    await pods.delete('crud', { gracePeriodSeconds: 0 });
    expect(isNotFound(await rejection(pods.get('crud')))).toBe(true);
    expect(StatusError.isInstance(await rejection(pods.get('crud')))).toBe(true);
  });

  it('patches with merge, JSON, strategic merge and apply patches', async () => {
    const pods = cs.coreV1.pods('default');
    await pods.create(pod('patched'));
    const merged = await pods.patch('patched', PatchType.MergePatch, {
      metadata: { labels: { a: '1' } },
    });
    expect(merged.metadata?.labels).toEqual({ a: '1' });

    const json = await pods.patch('patched', PatchType.JSONPatch, [
      { op: 'add', path: '/metadata/labels/b', value: '2' },
    ]);
    expect(json.metadata?.labels).toEqual({ a: '1', b: '2' });

    const strategic = await pods.patch('patched', PatchType.StrategicMergePatch, {
      spec: { containers: [{ name: 'main', image: 'busybox:1.37' }] },
    });
    expect(strategic.spec?.containers).toHaveLength(1);
    expect(strategic.spec?.containers[0]?.image).toBe('busybox:1.37');

    const applied = await pods.apply(
      { metadata: { name: 'patched', annotations: { owner: 'me' } } },
      { fieldManager: 'clientset-test' },
    );
    expect(applied.metadata?.annotations).toEqual({ owner: 'me' });
    expect(applied.metadata?.managedFields?.some((f) => f.manager === 'clientset-test')).toBe(true);

    // the controller's PatchClient shape: the patch type in the options (default merge)
    const narrow: {
      patch(
        name: string,
        patch: unknown,
        options?: { type?: PatchType; signal?: AbortSignal },
      ): Promise<coreV1.Pod>;
    } = pods;
    const viaOptions = await narrow.patch('patched', { metadata: { labels: { c: '3' } } });
    expect(viaOptions.metadata?.labels).toEqual({ a: '1', b: '2', c: '3' });
    const jsonViaOptions = await pods.patch('patched', [
      { op: 'remove', path: '/metadata/labels/c' },
    ]);
    expect(jsonViaOptions.metadata?.labels).toEqual({ a: '1', b: '2' });

    const statusPatched = await pods.patchStatus('patched', PatchType.MergePatch, {
      status: { phase: 'Succeeded' },
    });
    expect(statusPatched.status?.phase).toBe('Succeeded');
  });

  it('watches pods from a list resourceVersion and closes the stream on break', async () => {
    const pods = cs.coreV1.pods('default');
    const list = await pods.list({ labelSelector: 'watched=yes' });
    const stream = await pods.watch({
      labelSelector: 'watched=yes',
      resourceVersion: list.metadata?.resourceVersion,
    });
    try {
      await pods.create(pod('w1', { watched: 'yes' }));
      await pods.delete('w1', { gracePeriodSeconds: 0 });
      const seen: WatchEvent<coreV1.Pod>['type'][] = [];
      for await (const event of stream) {
        seen.push(event.type);
        if (event.type === 'DELETED') break;
      }
      expect(seen).toEqual(['ADDED', 'DELETED']);
      expect(stream.endReason).toBe('Closed');
    } finally {
      stream.close();
    }
  });

  it('reads and streams pod logs line by line', async () => {
    const pods = cs.coreV1.pods('default');
    await pods.create(pod('logger'));
    logs.set('default/logger', 'one\ntwo\nthree\n');
    expect(await pods.getLogs('logger')).toBe('one\ntwo\nthree\n');
    expect(await pods.getLogs('logger', { tailLines: 1 })).toBe('three\n');
    const lines: string[] = [];
    for await (const line of pods.streamLogs('logger', { container: 'main' })) lines.push(line);
    expect(lines).toEqual(['one', 'two', 'three']);
    expect(await rejection(pods.getLogs('logger', { container: 'nope' }))).toMatchObject({
      code: 400,
    });
  });

  it('evicts a pod', async () => {
    const pods = cs.coreV1.pods('default');
    await pods.create(pod('evicted'));
    const status = await pods.evict('evicted', { deleteOptions: { gracePeriodSeconds: 0 } });
    expect(status).toMatchObject({ kind: 'Status', status: 'Success' });
    expect(isNotFound(await rejection(pods.get('evicted')))).toBe(true);
  });

  it('scales a deployment through the scale subresource', async () => {
    const deployments = cs.appsV1.deployments('default');
    await deployments.create({
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
        },
      },
    });
    const scale = await deployments.getScale('web');
    expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 1 } });
    const updated = await deployments.updateScale('web', { ...scale, spec: { replicas: 4 } });
    expect(updated.spec?.replicas).toBe(4);
    expect((await deployments.get('web')).spec?.replicas).toBe(4);
  });

  it('manages leases with optimistic concurrency', async () => {
    const leases = cs.coordinationV1.leases('kube-system');
    const lease = await leases.create({
      metadata: { name: 'leader' },
      spec: { holderIdentity: 'a', leaseDurationSeconds: 15 },
    });
    const renewed = await leases.update({ ...lease, spec: { ...lease.spec, holderIdentity: 'b' } });
    expect(renewed.spec?.holderIdentity).toBe('b');
    expect(
      isConflict(
        await rejection(leases.update({ ...lease, spec: { ...lease.spec, holderIdentity: 'c' } })),
      ),
    ).toBe(true);
    const all = await cs.coordinationV1.leases().list();
    expect(all.items.map((l) => l.metadata?.name)).toContain('leader');
  });

  it('deletes collections by label selector and lists cluster-scoped resources', async () => {
    const cms = cs.coreV1.configMaps('bulk');
    await cs.coreV1.namespaces().create({ metadata: { name: 'bulk' } });
    for (const name of ['a', 'b', 'c'])
      await cms.create({ metadata: { name, labels: { batch: name === 'c' ? 'keep' : 'drop' } } });
    await cms.deleteCollection({ labelSelector: 'batch=drop' });
    expect((await cms.list()).items.map((c) => c.metadata?.name)).toEqual(['c']);
    const namespaces = await cs.coreV1.namespaces().listAll({ pageSize: 1 });
    expect(namespaces.items.map((n) => n.metadata?.name)).toEqual(
      expect.arrayContaining(['bulk', 'default']),
    );
  });

  it('refuses calls it cannot address (no namespace, no name, apply without a manager) before sending them', async () => {
    const err = await rejection(cs.coreV1.pods().get('x'));
    expect(ClientError.isInstance(err) && err.reason).toBe('MissingNamespace');
    const create = await rejection(cs.coreV1.pods().create(pod('no-ns')));
    expect(ClientError.isInstance(create) && create.reason).toBe('MissingNamespace');
    const apply = await rejection(
      cs.coreV1.pods('default').apply({ metadata: { name: 'x' } }, { fieldManager: '' }),
    );
    expect(ClientError.isInstance(apply) && apply.reason).toBe('InvalidOptions');
    const unnamed = await rejection(cs.coreV1.pods('default').update(pod('')));
    expect(ClientError.isInstance(unnamed) && unnamed.reason).toBe('MissingName');
  });

  it('feeds typed informers and listers from the matching informer factory', async () => {
    const factory = newInformerFactory({ client: cs.restClient, namespace: 'informed' });
    const configMaps = factory.coreV1.configMaps();
    expect(factory.coreV1.configMaps().informer).toBe(configMaps.informer);
    const controller = new AbortController();
    factory.start({ signal: controller.signal });
    try {
      await factory.waitForCacheSync(controller.signal);
      await cs.coreV1.namespaces().create({ metadata: { name: 'informed' } });
      const cms = cs.coreV1.configMaps('informed');
      await cms.create({ metadata: { name: 'cached' }, data: { k: 'v' } });
      const cached: coreV1.ConfigMap = await eventually(
        () => configMaps.lister.namespace('informed').get('cached'),
        'the informer to cache the config map',
      );
      expect(cached.data).toEqual({ k: 'v' });
      expect(cached.metadata?.managedFields).toBeUndefined();
    } finally {
      await factory.shutdown();
    }
  });

  it('has typed informers expect their resource kind: objects of another kind stay out', async () => {
    const errors: unknown[] = [];
    const factory = newInformerFactory({
      client: cs.restClient,
      namespace: 'kind-checked',
      watchErrorHandler: (err) => void errors.push(err),
    });
    // A ResourceInfo whose kind does not match what the server sends for its resource.
    const mislabelled = { ...coreV1.configMapsResource, kind: 'Secret' };
    const wrong = informerFor<coreV1.ConfigMap>(factory, mislabelled);
    const controller = new AbortController();
    factory.start({ signal: controller.signal });
    try {
      await factory.waitForCacheSync(controller.signal);
      await cs.coreV1.namespaces().create({ metadata: { name: 'kind-checked' } });
      await cs.coreV1.configMaps('kind-checked').create({ metadata: { name: 'x' } });
      const error = await eventually(() => errors[0], 'the rejected watch event');
      expect(error).toMatchObject({ reason: 'UnexpectedEvent' });
      expect(wrong.informer.getStore().listKeys()).toEqual([]);
    } finally {
      await factory.shutdown();
    }
  });

  it('registers every built-in kind in a scheme', () => {
    const scheme = new Scheme();
    addToScheme(scheme);
    addToScheme(scheme);
    expect(scheme.resourceFor({ group: 'apps', version: 'v1', kind: 'Deployment' }).resource).toBe(
      'deployments',
    );
    expect(scheme.isNamespaced({ group: '', version: 'v1', kind: 'Node' })).toBe(false);
    expect(scheme.resourceForShortName('pdb')).toEqual({
      group: 'policy',
      version: 'v1',
      resource: 'poddisruptionbudgets',
    });
  });
});
