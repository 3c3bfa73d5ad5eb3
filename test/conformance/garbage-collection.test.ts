import { clusterHasControllers, connectCluster, type Cluster } from './cluster';

if (!clusterHasControllers) {
  console.warn(
    'garbage collection suite skipped: set KUBEKIT_CONFORMANCE_CONTROLLERS=1 when the cluster runs kube-controller-manager',
  );
}
const gcIt = clusterHasControllers ? it : it.skip;

/** Needs controllers (kube-controller-manager on a real cluster): see cluster.ts. */
describe('conformance: garbage collection and namespace cleanup', () => {
  let c: Cluster;
  let ns: string;
  beforeAll(async () => {
    c = await connectCluster();
    ns = await c.namespace('gc');
  });
  afterAll(() => c.close());

  const owner = async (name: string) =>
    (await c.client.post(`/api/v1/namespaces/${ns}/configmaps`, { metadata: { name } })).body;
  const dependent = (name: string, o: any, block = false) =>
    c.client.post(`/api/v1/namespaces/${ns}/secrets`, {
      metadata: {
        name,
        ownerReferences: [
          {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: o.metadata.name,
            uid: o.metadata.uid,
            blockOwnerDeletion: block,
          },
        ],
      },
    });
  const status = async (path: string) =>
    (await c.client.get(`/api/v1/namespaces/${ns}/${path}`)).status;

  gcIt('deletes dependents of a deleted owner (background)', async () => {
    const o = await owner('bg');
    await dependent('bg-dep', o);
    await c.client.delete(`/api/v1/namespaces/${ns}/configmaps/bg`);
    await c.eventually(async () => expect(await status('secrets/bg-dep')).toBe(404));
  });

  gcIt('orphans dependents (Orphan)', async () => {
    const o = await owner('or');
    await dependent('or-dep', o);
    await c.client.delete(`/api/v1/namespaces/${ns}/configmaps/or`, {
      propagationPolicy: 'Orphan',
    });
    await c.eventually(async () => expect(await status('configmaps/or')).toBe(404));
    const dep = (await c.client.get(`/api/v1/namespaces/${ns}/secrets/or-dep`)).body;
    expect(dep.metadata.ownerReferences).toBeUndefined();
  });

  gcIt('deletes blocking dependents before the owner (Foreground)', async () => {
    const o = await owner('fg');
    await dependent('fg-dep', o, true);
    const marked = (
      await c.client.delete(`/api/v1/namespaces/${ns}/configmaps/fg`, {
        propagationPolicy: 'Foreground',
      })
    ).body;
    expect(marked.metadata.finalizers).toContain('foregroundDeletion');
    await c.eventually(async () => {
      expect(await status('secrets/fg-dep')).toBe(404);
      expect(await status('configmaps/fg')).toBe(404);
    });
  });

  gcIt('empties and removes a deleted namespace', async () => {
    const doomed = await c.namespace('doomed');
    const cms = `/api/v1/namespaces/${doomed}/configmaps`;
    await c.client.post(cms, { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
    const marked = (await c.client.delete(`/api/v1/namespaces/${doomed}`)).body;
    expect(marked.status.phase).toBe('Terminating');
    const refused = await c.client.post(cms, { metadata: { name: 'late' } });
    expect(refused.body).toMatchObject({ code: 403, reason: 'Forbidden' });
    const held = await c.eventually(async () => {
      const got = (await c.client.get(`${cms}/held`)).body;
      expect(got.metadata.deletionTimestamp).toBeDefined();
      return got;
    });
    await c.client.put(`${cms}/held`, { ...held, metadata: { ...held.metadata, finalizers: [] } });
    await c.eventually(async () =>
      expect((await c.client.get(`/api/v1/namespaces/${doomed}`)).status).toBe(404),
    );
  });
});
