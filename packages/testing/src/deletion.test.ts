import { startFixture, type ServerFixture } from './test-support/server-fixture';

const ns = '/api/v1/namespaces/default';
const owner = (name: string) => ({ metadata: { name }, data: {} });
const dependent = (name: string, o: any, blockOwnerDeletion = false) => ({
  metadata: {
    name,
    ownerReferences: [
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: o.metadata.name,
        uid: o.metadata.uid,
        blockOwnerDeletion,
      },
    ],
  },
});

describe('deletion', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.stop());

  const get = (path: string) => f.client.get(path);

  it('answers a delete with a Success Status, or the object for pods', async () => {
    const created = (await f.client.post(`${ns}/configmaps`, owner('plain'))).body;
    const res = await f.client.delete(`${ns}/configmaps/plain`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      details: { name: 'plain', kind: 'configmaps', uid: created.metadata.uid },
    });
    await f.client.post(`${ns}/pods`, {
      metadata: { name: 'gone' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    const pod = await f.client.delete(`${ns}/pods/gone`);
    expect(pod.body).toMatchObject({ kind: 'Pod', metadata: { name: 'gone' } });
  });

  it('marks objects with finalizers and deletes them when the last finalizer goes', async () => {
    await f.client.post(`${ns}/configmaps`, {
      metadata: { name: 'fin', finalizers: ['example.com/a'] },
    });
    const marked = (await f.client.delete(`${ns}/configmaps/fin`)).body;
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);
    const added = await f.client.put(`${ns}/configmaps/fin`, {
      ...marked,
      metadata: { ...marked.metadata, finalizers: ['example.com/a', 'example.com/b'] },
    });
    expect(added.status).toBe(422);
    expect(added.body.details.causes[0]).toMatchObject({
      field: 'metadata.finalizers',
      reason: 'FieldValueForbidden',
    });
    const w = await f.client.watch(
      `${ns}/configmaps?watch=true&resourceVersion=${marked.metadata.resourceVersion}`,
    );
    const released = await f.client.put(`${ns}/configmaps/fin`, {
      ...marked,
      metadata: { ...marked.metadata, finalizers: [] },
    });
    expect(released.status).toBe(200);
    expect((await get(`${ns}/configmaps/fin`)).status).toBe(404);
    const [e] = await w.take(1);
    w.close();
    expect(e!.type).toBe('DELETED');
  });

  it('checks uid and resourceVersion preconditions', async () => {
    const created = (await f.client.post(`${ns}/configmaps`, owner('pre'))).body;
    const badUid = await f.client.delete(`${ns}/configmaps/pre`, {
      preconditions: { uid: 'other' },
    });
    expect(badUid.status).toBe(409);
    expect(badUid.body.message).toBe(
      `Operation cannot be fulfilled on ConfigMap "pre": the UID in the precondition (other) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`,
    );
    const badRv = await f.client.delete(`${ns}/configmaps/pre`, {
      preconditions: { resourceVersion: '1' },
    });
    expect(badRv.body.message).toMatch(
      /the ResourceVersion in the precondition \(1\) does not match the ResourceVersion in record \(\d+\)\. The object might have been modified$/,
    );
    expect(
      (
        await f.client.delete(`${ns}/configmaps/pre`, {
          preconditions: { uid: created.metadata.uid },
        })
      ).status,
    ).toBe(200);
  });

  it('deletes pods on a node gracefully and at once with gracePeriodSeconds=0', async () => {
    await f.client.post(`${ns}/pods`, {
      metadata: { name: 'graceful' },
      spec: { nodeName: 'n', containers: [{ name: 'c', image: 'x' }] },
    });
    const marked = (await f.client.delete(`${ns}/pods/graceful`, { gracePeriodSeconds: 10 })).body;
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(10);
    expect((await get(`${ns}/pods/graceful`)).status).toBe(200);
    await f.client.delete(`${ns}/pods/graceful?gracePeriodSeconds=0`);
    expect((await get(`${ns}/pods/graceful`)).status).toBe(404);
  });

  it('collects dependents in the background once their owner is gone', async () => {
    const o = (await f.client.post(`${ns}/configmaps`, owner('bg-owner'))).body;
    await f.client.post(`${ns}/secrets`, dependent('bg-dep', o));
    await f.client.delete(`${ns}/configmaps/bg-owner`);
    await f.server.settle();
    expect((await get(`${ns}/secrets/bg-dep`)).status).toBe(404);
  });

  it('orphans dependents with propagationPolicy=Orphan', async () => {
    const o = (await f.client.post(`${ns}/configmaps`, owner('orphan-owner'))).body;
    await f.client.post(`${ns}/secrets`, dependent('orphan-dep', o));
    const marked = (
      await f.client.delete(`${ns}/configmaps/orphan-owner`, { propagationPolicy: 'Orphan' })
    ).body;
    expect(marked.metadata.finalizers).toEqual(['orphan']);
    await f.server.settle();
    expect((await get(`${ns}/configmaps/orphan-owner`)).status).toBe(404);
    const dep = (await get(`${ns}/secrets/orphan-dep`)).body;
    expect(dep.metadata.ownerReferences).toBeUndefined();
  });

  it('deletes blocking dependents before the owner with Foreground', async () => {
    const o = (await f.client.post(`${ns}/configmaps`, owner('fg-owner'))).body;
    await f.client.post(`${ns}/secrets`, {
      ...dependent('fg-dep', o, true),
      metadata: { ...dependent('fg-dep', o, true).metadata, finalizers: ['example.com/hold'] },
    });
    const marked = (
      await f.client.delete(`${ns}/configmaps/fg-owner`, { propagationPolicy: 'Foreground' })
    ).body;
    expect(marked.metadata.finalizers).toEqual(['foregroundDeletion']);
    await f.server.settle();
    const dep = (await get(`${ns}/secrets/fg-dep`)).body;
    expect(dep.metadata.deletionTimestamp).toBeDefined();
    expect((await get(`${ns}/configmaps/fg-owner`)).status).toBe(200);
    await f.client.put(`${ns}/secrets/fg-dep`, {
      ...dep,
      metadata: { ...dep.metadata, finalizers: [] },
    });
    await f.server.settle();
    expect((await get(`${ns}/configmaps/fg-owner`)).status).toBe(404);
  });

  it('keeps dependents that still have another owner, dropping the dead reference', async () => {
    const a = (await f.client.post(`${ns}/configmaps`, owner('owner-a'))).body;
    const b = (await f.client.post(`${ns}/configmaps`, owner('owner-b'))).body;
    const refs = [a, b].map((o) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: o.metadata.name,
      uid: o.metadata.uid,
    }));
    await f.client.post(`${ns}/secrets`, { metadata: { name: 'shared', ownerReferences: refs } });
    await f.client.delete(`${ns}/configmaps/owner-a`);
    await f.server.settle();
    const dep = (await get(`${ns}/secrets/shared`)).body;
    expect(dep.metadata.ownerReferences.map((r: any) => r.name)).toEqual(['owner-b']);
  });

  it('cascades a namespace deletion to its content, then removes the namespace', async () => {
    await f.client.post('/api/v1/namespaces', { metadata: { name: 'cascade' } });
    await f.client.post('/api/v1/namespaces/cascade/configmaps', owner('c1'));
    await f.client.post('/apis/apps/v1/namespaces/cascade/deployments', {
      metadata: { name: 'd' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: { containers: [{ name: 'c', image: 'x' }] },
        },
      },
    });
    const marked = (await f.client.delete('/api/v1/namespaces/cascade')).body;
    expect(marked.status.phase).toBe('Terminating');
    expect(marked.spec.finalizers).toEqual(['kubernetes']);
    await f.server.settle();
    expect((await get('/api/v1/namespaces/cascade')).status).toBe(404);
    expect((await get('/api/v1/namespaces/cascade/configmaps')).body.items).toEqual([]);
  });

  it('dry-run deletes nothing', async () => {
    await f.client.post(`${ns}/configmaps`, owner('dry-del'));
    expect((await f.client.delete(`${ns}/configmaps/dry-del?dryRun=All`)).status).toBe(200);
    expect((await get(`${ns}/configmaps/dry-del`)).status).toBe(200);
  });
});
