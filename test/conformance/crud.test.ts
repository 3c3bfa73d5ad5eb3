import { connectCluster, type Cluster } from './cluster';

describe('conformance: create / update / delete', () => {
  let c: Cluster;
  let ns: string;
  let base: string;
  beforeAll(async () => {
    c = await connectCluster();
    ns = await c.namespace('crud');
    base = `/api/v1/namespaces/${ns}/configmaps`;
  });
  afterAll(() => c.close());

  it('sets uid, creationTimestamp and a numeric resourceVersion; completes generateName', async () => {
    const res = await c.client.post(base, { metadata: { generateName: 'gen-' }, data: { a: '1' } });
    expect(res.status).toBe(201);
    expect(res.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(res.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.metadata.creationTimestamp).toMatch(/Z$/);
    expect(res.body.metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it('answers 409 AlreadyExists, 404 NotFound and 404 for a missing namespace with kube messages', async () => {
    await c.client.post(base, { metadata: { name: 'dup' } });
    const dup = await c.client.post(base, { metadata: { name: 'dup' } });
    expect(dup.body).toMatchObject({
      kind: 'Status',
      code: 409,
      reason: 'AlreadyExists',
      message: 'configmaps "dup" already exists',
      details: { name: 'dup', kind: 'configmaps' },
    });
    const missing = await c.client.get(`${base}/nope`);
    expect(missing.body).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'configmaps "nope" not found',
    });
    const nsMissing = await c.client.post('/api/v1/namespaces/does-not-exist-kk/configmaps', {
      metadata: { name: 'x' },
    });
    expect(nsMissing.body).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'namespaces "does-not-exist-kk" not found',
    });
  });

  it('answers 409 Conflict for a stale resourceVersion and keeps it for a no-op update', async () => {
    const created = (await c.client.post(base, { metadata: { name: 'occ' }, data: { v: '1' } }))
      .body;
    const same = await c.client.put(`${base}/occ`, created);
    expect(same.body.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    await c.client.put(`${base}/occ`, { ...created, data: { v: '2' } });
    const stale = await c.client.put(`${base}/occ`, { ...created, data: { v: '3' } });
    expect(stale.body).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "occ": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('answers 422 Invalid with field causes', async () => {
    const res = await c.client.post(base, { metadata: { name: 'Bad_Name' } });
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('Invalid');
    expect(res.body.details.causes[0]).toMatchObject({
      reason: 'FieldValueInvalid',
      field: 'metadata.name',
    });
    expect(res.body.message).toMatch(
      /^ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/,
    );
  });

  it('bumps generation on spec changes and splits the status subresource', async () => {
    const d = {
      metadata: { name: 'gen' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'x' }] },
        },
      },
    };
    const path = `/apis/apps/v1/namespaces/${ns}/deployments`;
    const created = (await c.client.post(path, d)).body;
    expect(created.metadata.generation).toBe(1);
    const labelled = (
      await c.client.put(`${path}/gen`, {
        ...created,
        metadata: { ...created.metadata, labels: { x: 'y' } },
      })
    ).body;
    expect(labelled.metadata.generation).toBe(1);
    const scaled = (
      await c.client.put(`${path}/gen`, { ...labelled, spec: { ...labelled.spec, replicas: 2 } })
    ).body;
    expect(scaled.metadata.generation).toBe(2);
    const status = await c.client.put(`${path}/gen/status`, {
      ...scaled,
      spec: { ...scaled.spec, replicas: 9 },
      status: { observedGeneration: 2 },
    });
    expect(status.body.spec.replicas).toBe(2);
    expect(status.body.status.observedGeneration).toBe(2);
  });

  it('answers a delete with a Success Status carrying the uid', async () => {
    const created = (await c.client.post(base, { metadata: { name: 'del' } })).body;
    const res = await c.client.delete(`${base}/del`);
    expect(res.body).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'del', kind: 'configmaps', uid: created.metadata.uid },
    });
  });

  it('holds an object with finalizers until they are removed', async () => {
    await c.client.post(base, { metadata: { name: 'fin', finalizers: ['example.com/hold'] } });
    const marked = (await c.client.delete(`${base}/fin`)).body;
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    const adding = await c.client.put(`${base}/fin`, {
      ...marked,
      metadata: { ...marked.metadata, finalizers: ['example.com/hold', 'example.com/more'] },
    });
    expect(adding.status).toBe(422);
    await c.client.put(`${base}/fin`, {
      ...marked,
      metadata: { ...marked.metadata, finalizers: [] },
    });
    expect((await c.client.get(`${base}/fin`)).status).toBe(404);
  });

  it('checks delete preconditions', async () => {
    const created = (await c.client.post(base, { metadata: { name: 'pre' } })).body;
    const res = await c.client.delete(`${base}/pre`, { preconditions: { uid: 'wrong' } });
    expect(res.body).toMatchObject({
      code: 409,
      reason: 'Conflict',
      details: { name: 'pre', kind: 'ConfigMap' },
      message: `Operation cannot be fulfilled on ConfigMap "pre": the UID in the precondition (wrong) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`,
    });
  });

  it('persists nothing with dryRun=All', async () => {
    expect((await c.client.post(`${base}?dryRun=All`, { metadata: { name: 'dry' } })).status).toBe(
      201,
    );
    expect((await c.client.get(`${base}/dry`)).status).toBe(404);
  });
});
