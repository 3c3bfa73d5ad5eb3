import { Server } from 'node:net';
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '@kubekit/apimachinery';
import { startApiServer, type ApiServer } from './api-server';
import { TestClient } from './http-client';

const pod = (name: string, labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
});

describe('startApiServer', () => {
  let server: ApiServer;
  let client: TestClient;

  beforeAll(async () => {
    server = await startApiServer();
    client = new TestClient(server);
  });

  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('serves HTTPS on 127.0.0.1 with a CA the kubeconfig pins', () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const cluster = server.kubeConfig.clusters[0]!.cluster;
    expect(cluster.server).toBe(server.url);
    expect(Buffer.from(cluster['certificate-authority-data']!, 'base64').toString()).toBe(
      server.caPem,
    );
    expect(server.kubeConfig.users[0]!.user.token).toBe(server.token);
    expect(server.kubeConfig['current-context']).toBe(server.kubeConfig.contexts[0]!.name);
    expect(parseYaml(server.kubeconfigYaml)).toEqual(server.kubeConfig);
  });

  it('answers 401 Unauthorized without the bearer token', async () => {
    const anonymous = new TestClient({ ...server, token: 'wrong' });
    const res = await anonymous.get('/api/v1/namespaces');
    await anonymous.close();
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'Unauthorized',
      code: 401,
    });
  });

  it('lets a test client close more than once', async () => {
    const extra = new TestClient(server);
    expect((await extra.get('/version')).status).toBe(200);
    await Promise.all([extra.close(), extra.close()]);
    await extra.close();
  });

  it('reports a version kubectl dispatches on', async () => {
    const res = await client.get('/version');
    expect(res.body).toMatchObject({
      major: '1',
      minor: '33',
      gitVersion: expect.stringMatching(/^v1\.33\./),
    });
  });

  it('serves discovery documents shaped like kube-apiserver', async () => {
    expect((await client.get('/api')).body).toMatchObject({
      kind: 'APIVersions',
      versions: ['v1'],
    });
    const groups = (await client.get('/apis')).body;
    expect(groups.kind).toBe('APIGroupList');
    const apps = groups.groups.find((g: any) => g.name === 'apps');
    expect(apps).toEqual({
      name: 'apps',
      versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
      preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
    });
    expect((await client.get('/apis/apps')).body).toMatchObject({ kind: 'APIGroup', name: 'apps' });
    const core = (await client.get('/api/v1')).body;
    expect(core).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    const pods = core.resources.find((r: any) => r.name === 'pods');
    expect(pods).toEqual({
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['po'],
      categories: ['all'],
    });
    const names = core.resources.map((r: any) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'pods/status',
        'pods/log',
        'pods/binding',
        'pods/eviction',
        'namespaces/finalize',
      ]),
    );
    const deployScale = (await client.get('/apis/apps/v1')).body.resources.find(
      (r: any) => r.name === 'deployments/scale',
    );
    expect(deployScale).toMatchObject({
      group: 'autoscaling',
      version: 'v1',
      kind: 'Scale',
      verbs: ['get', 'patch', 'update'],
    });
    // an unknown group is no handler's: Go's plain-text 404, as kube-apiserver answers
    const missing = await client.get('/apis/nope.example.com/v1');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('404 page not found\n');
    const unknownVersion = await client.get('/apis/apps/v9');
    expect(unknownVersion.status).toBe(404);
    expect(unknownVersion.body).toMatchObject({
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
  });

  it('starts with the namespaces a cluster has', async () => {
    const res = await client.get('/api/v1/namespaces');
    expect(res.body.items.map((n: any) => n.metadata.name)).toEqual([
      'default',
      'kube-node-lease',
      'kube-public',
      'kube-system',
    ]);
    expect(res.body.items[0].status).toEqual({ phase: 'Active' });
  });

  it('serves plain HTTP when asked', async () => {
    const plain = await startApiServer({ http: true, token: 't' });
    const c = new TestClient(plain);
    try {
      expect(plain.url).toMatch(/^http:\/\//);
      expect(plain.caPem).toBeUndefined();
      expect(plain.kubeConfig.clusters[0]!.cluster['certificate-authority-data']).toBeUndefined();
      expect((await c.get('/api/v1/namespaces/default')).status).toBe(200);
    } finally {
      await c.close();
      await plain.stop();
    }
  });

  it('restarts on the same port keeping data, or empty', async () => {
    const s = await startApiServer({ http: true });
    const c = new TestClient(s);
    try {
      await c.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'kept' } });
      const rv = s.storage.resourceVersion;
      await s.restart();
      expect((await c.get('/api/v1/namespaces/default/configmaps/kept')).status).toBe(200);
      expect(s.storage.resourceVersion).toBe(rv);
      await s.restart({ keepData: false });
      expect((await c.get('/api/v1/namespaces/default/configmaps/kept')).status).toBe(404);
    } finally {
      await c.close();
      await s.stop();
    }
  });

  it('gives direct storage access with API semantics', async () => {
    const created = server.storage.create<KubeObject & { data?: object }>(
      { resource: 'configmaps' },
      { metadata: { name: 'direct' }, data: { a: '1' } },
    );
    expect(created.metadata!.uid).toBeDefined();
    expect((await client.get('/api/v1/namespaces/default/configmaps/direct')).body.data).toEqual({
      a: '1',
    });
    expect(
      server.storage.get({ resource: 'configmaps' }, 'direct')!.metadata!.resourceVersion,
    ).toBe(created.metadata!.resourceVersion);
    expect(
      server.storage.list({ resource: 'configmaps' }, 'default').map((o) => o.metadata!.name),
    ).toContain('direct');
    expect(server.storage.delete({ resource: 'configmaps' }, 'direct')).toBe(true);
    expect(server.storage.get({ resource: 'configmaps' }, 'direct')).toBeUndefined();
  });

  it('counts stored objects and reports changes to one namespace as copies', async () => {
    const cm = { resource: 'configmaps' };
    const seen: string[] = [];
    const stop = server.storage.onChange(
      cm,
      (type, obj) => {
        seen.push(`${type} ${obj.metadata!.name}`);
        obj.metadata!.name = 'mutated';
      },
      'default',
    );
    const before = server.storage.count(cm, 'default');
    server.storage.create(cm, { metadata: { name: 'counted' } });
    server.storage.create(cm, { metadata: { name: 'elsewhere', namespace: 'kube-public' } });
    expect(server.storage.count(cm, 'default')).toBe(before + 1);
    expect(server.storage.count(cm)).toBeGreaterThanOrEqual(before + 2);
    server.storage.delete(cm, 'counted');
    stop();
    server.storage.delete(cm, 'elsewhere', 'kube-public');
    server.storage.create(cm, { metadata: { name: 'unseen' } });
    server.storage.delete(cm, 'unseen');
    expect(seen).toEqual(['ADDED counted', 'DELETED counted']);
    expect(server.storage.get(cm, 'counted')).toBeUndefined();
  });

  it('creates a pod with server-set metadata and defaults', async () => {
    const res = await client.post('/api/v1/namespaces/default/pods', pod('meta'));
    expect(res.status).toBe(201);
    const m = res.body.metadata;
    expect(m.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(m.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(m.resourceVersion).toMatch(/^\d+$/);
    expect(m.namespace).toBe('default');
    expect(res.body.status.phase).toBe('Pending');
    expect(res.body.spec.restartPolicy).toBe('Always');
    expect(Object.keys(res.body).slice(0, 2)).toEqual(['kind', 'apiVersion']);
  });
});

describe('startApiServer: errors of the listening server', () => {
  it('reports an error the server emits (an accept failing with EMFILE) to onError and keeps serving', async () => {
    // the listening server is internal: take it from its listen() call
    const listen = jest.spyOn(Server.prototype, 'listen');
    const errors: unknown[] = [];
    const server = await startApiServer({ onError: (err) => errors.push(err) });
    const listening = [...listen.mock.contexts] as Server[];
    listen.mockRestore();
    const client = new TestClient(server);
    try {
      expect(listening).toHaveLength(1);
      const emfile = Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' });
      // with no 'error' listener after listen() the first of these was an uncaught 'error'
      listening[0]!.emit('error', emfile);
      listening[0]!.emit('error', emfile);
      expect(errors).toEqual([emfile, emfile]);
      expect((await client.get('/api/v1/namespaces/default')).status).toBe(200);
    } finally {
      await client.close();
      await server.stop();
    }
  });
});
