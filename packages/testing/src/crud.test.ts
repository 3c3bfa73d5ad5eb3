import { startFixture, type ServerFixture } from './test-support/server-fixture';

const cm = (name: string, data: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});
const deploy = (name: string, replicas = 1) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name },
  spec: {
    replicas,
    selector: { matchLabels: { app: name } },
    template: {
      metadata: { labels: { app: name } },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    },
  },
});

describe('create / get / update / delete semantics', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.stop());

  it('completes generateName with a random suffix', async () => {
    const res = await f.client.post('/api/v1/namespaces/default/configmaps', {
      metadata: { generateName: 'gen-' },
    });
    expect(res.status).toBe(201);
    expect(res.body.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(res.body.metadata.generateName).toBe('gen-');
  });

  it('refuses a second create of a name with 409 AlreadyExists', async () => {
    await f.client.post('/api/v1/namespaces/default/configmaps', cm('dup'));
    const res = await f.client.post('/api/v1/namespaces/default/configmaps', cm('dup'));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      reason: 'AlreadyExists',
      message: 'configmaps "dup" already exists',
      details: { name: 'dup', kind: 'configmaps' },
    });
  });

  it('answers 404 for a missing namespace', async () => {
    const res = await f.client.post('/api/v1/namespaces/missing/configmaps', cm('x'));
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      reason: 'NotFound',
      message: 'namespaces "missing" not found',
    });
  });

  it('answers 422 with field causes for a missing or invalid name', async () => {
    const missing = await f.client.post('/api/v1/namespaces/default/configmaps', { metadata: {} });
    expect(missing.status).toBe(422);
    expect(missing.body.message).toBe(
      'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    );
    expect(missing.body.details.causes).toEqual([
      {
        reason: 'FieldValueRequired',
        message: 'Required value: name or generateName is required',
        field: 'metadata.name',
      },
    ]);
    const bad = await f.client.post('/api/v1/namespaces/default/configmaps', cm('Bad_Name'));
    expect(bad.status).toBe(422);
    expect(bad.body.message).toMatch(
      /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
  });

  it('rejects a resourceVersion on create (a bare 500, as kube) and a mismatched namespace with 400', async () => {
    const rv = await f.client.post('/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'rv', resourceVersion: '5' },
    });
    expect(rv.status).toBe(500);
    expect(rv.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'resourceVersion should not be set on objects to be created',
      code: 500,
    });
    const ns = await f.client.post('/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'ns', namespace: 'kube-system' },
    });
    expect(ns.status).toBe(400);
    expect(ns.body.message).toBe(
      'the namespace of the provided object does not match the namespace sent on the request',
    );
  });

  it('answers 409 Conflict for an update with a stale resourceVersion', async () => {
    const created = (
      await f.client.post('/api/v1/namespaces/default/configmaps', cm('stale', { v: '1' }))
    ).body;
    const first = await f.client.put('/api/v1/namespaces/default/configmaps/stale', {
      ...created,
      data: { v: '2' },
    });
    expect(first.status).toBe(200);
    expect(Number(first.body.metadata.resourceVersion)).toBeGreaterThan(
      Number(created.metadata.resourceVersion),
    );
    const second = await f.client.put('/api/v1/namespaces/default/configmaps/stale', {
      ...created,
      data: { v: '3' },
    });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('keeps the resourceVersion on an update that changes nothing', async () => {
    const created = (
      await f.client.post('/api/v1/namespaces/default/configmaps', cm('noop', { a: '1' }))
    ).body;
    const res = await f.client.put('/api/v1/namespaces/default/configmaps/noop', created);
    expect(res.body.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('answers 400 when the body names another object than the URL', async () => {
    await f.client.post('/api/v1/namespaces/default/configmaps', cm('url-name'));
    const res = await f.client.put('/api/v1/namespaces/default/configmaps/url-name', cm('other'));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'the name of the object (other) does not match the name on the URL (url-name)',
    );
  });

  it('bumps generation on spec changes only, and splits status from the main resource', async () => {
    const created = (
      await f.client.post('/apis/apps/v1/namespaces/default/deployments', {
        ...deploy('gen'),
        status: { replicas: 9 },
      })
    ).body;
    expect(created.metadata.generation).toBe(1);
    expect(created.status).toEqual({});
    const labelled = (
      await f.client.put('/apis/apps/v1/namespaces/default/deployments/gen', {
        ...created,
        metadata: { ...created.metadata, labels: { x: 'y' } },
      })
    ).body;
    expect(labelled.metadata.generation).toBe(1);
    const scaled = (
      await f.client.put('/apis/apps/v1/namespaces/default/deployments/gen', {
        ...labelled,
        spec: { ...labelled.spec, replicas: 3 },
        status: { replicas: 7 },
      })
    ).body;
    expect(scaled.metadata.generation).toBe(2);
    expect(scaled.status).toEqual({});
    const status = (
      await f.client.put('/apis/apps/v1/namespaces/default/deployments/gen/status', {
        ...scaled,
        spec: { ...scaled.spec, replicas: 50 },
        status: { replicas: 3, observedGeneration: 2 },
      })
    ).body;
    expect(status.status).toEqual({ replicas: 3, observedGeneration: 2 });
    expect(status.spec.replicas).toBe(3);
    expect(status.metadata.generation).toBe(2);
  });

  it('serves the scale subresource of workloads', async () => {
    await f.client.post('/apis/apps/v1/namespaces/default/deployments', deploy('scaled', 2));
    const scale = (await f.client.get('/apis/apps/v1/namespaces/default/deployments/scaled/scale'))
      .body;
    expect(scale).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=scaled' },
    });
    const updated = await f.client.put(
      '/apis/apps/v1/namespaces/default/deployments/scaled/scale',
      { ...scale, spec: { replicas: 5 } },
    );
    expect(updated.body.spec.replicas).toBe(5);
    expect(
      (await f.client.get('/apis/apps/v1/namespaces/default/deployments/scaled')).body.spec
        .replicas,
    ).toBe(5);
    const stale = await f.client.put('/apis/apps/v1/namespaces/default/deployments/scaled/scale', {
      ...scale,
      spec: { replicas: 6 },
    });
    expect(stale.status).toBe(409);
  });

  it('persists nothing on dryRun=All', async () => {
    const rv = f.server.storage.resourceVersion;
    const res = await f.client.post('/api/v1/namespaces/default/configmaps?dryRun=All', cm('dry'));
    expect(res.status).toBe(201);
    expect(res.body.metadata.uid).toBeDefined();
    expect((await f.client.get('/api/v1/namespaces/default/configmaps/dry')).status).toBe(404);
    expect(f.server.storage.resourceVersion).toBe(rv);
  });

  it('refuses creates in a terminating namespace with 403 Forbidden', async () => {
    await f.client.post('/api/v1/namespaces', { metadata: { name: 'doomed' } });
    await f.client.post('/api/v1/namespaces/doomed/configmaps', {
      metadata: { name: 'held', finalizers: ['example.com/hold'] },
    });
    const del = await f.client.delete('/api/v1/namespaces/doomed');
    expect(del.status).toBe(200);
    expect(del.body.status.phase).toBe('Terminating');
    const res = await f.client.post('/api/v1/namespaces/doomed/configmaps', cm('late'));
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({
      reason: 'Forbidden',
      message:
        'configmaps "late" is forbidden: unable to create new content in namespace doomed because it is being terminated',
    });
  });

  it('answers 404 for a missing object and 405 for a verb a resource lacks', async () => {
    const get = await f.client.get('/api/v1/namespaces/default/configmaps/none');
    expect(get.body).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'configmaps "none" not found',
      details: { name: 'none', kind: 'configmaps' },
    });
    const grouped = await f.client.get('/apis/apps/v1/namespaces/default/deployments/none');
    expect(grouped.body).toMatchObject({
      message: 'deployments.apps "none" not found',
      details: { group: 'apps', kind: 'deployments' },
    });
    const dc = await f.client.delete('/api/v1/namespaces');
    expect(dc.status).toBe(405);
    expect(dc.body.reason).toBe('MethodNotAllowed');
  });

  it('serves pod logs from the runner hook, binding and eviction', async () => {
    const logs = await startFixture({
      podLogs: ({ name, container }) => `hello from ${name}/${container}\nline 2\n`,
    });
    try {
      await logs.client.post('/api/v1/namespaces/default/pods', {
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'x' }] },
      });
      const log = await logs.client.get('/api/v1/namespaces/default/pods/p/log');
      expect(log.text).toBe('hello from p/c\nline 2\n');
      expect(
        (await logs.client.get('/api/v1/namespaces/default/pods/p/log?tailLines=1')).text,
      ).toBe('line 2\n');
      expect(
        (await logs.client.get('/api/v1/namespaces/default/pods/p/log?container=nope')).body
          .message,
      ).toBe('container nope is not valid for pod p');
      const bind = await logs.client.post('/api/v1/namespaces/default/pods/p/binding', {
        apiVersion: 'v1',
        kind: 'Binding',
        metadata: { name: 'p' },
        target: { kind: 'Node', name: 'n1' },
      });
      expect(bind.status).toBe(201);
      expect((await logs.client.get('/api/v1/namespaces/default/pods/p')).body.spec.nodeName).toBe(
        'n1',
      );
      expect(
        (
          await logs.client.post('/api/v1/namespaces/default/pods/p/binding', {
            target: { name: 'n2' },
          })
        ).status,
      ).toBe(409);
      const evict = await logs.client.post('/api/v1/namespaces/default/pods/p/eviction', {
        apiVersion: 'policy/v1',
        kind: 'Eviction',
        metadata: { name: 'p' },
        deleteOptions: { gracePeriodSeconds: 0 },
      });
      expect(evict.status).toBe(201);
      expect((await logs.client.get('/api/v1/namespaces/default/pods/p')).status).toBe(404);
    } finally {
      await logs.stop();
    }
  });
});
