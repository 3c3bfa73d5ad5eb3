import { startFixture, type ServerFixture } from './test-support/server-fixture';

const pod = (
  name: string,
  labels: Record<string, string>,
  extra: Record<string, unknown> = {},
) => ({
  metadata: { name, labels },
  spec: { containers: [{ name: 'c', image: 'x' }], ...extra },
});

describe('list', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture({ historySize: 1000 });
    await f.client.post('/api/v1/namespaces', { metadata: { name: 'other' } });
    for (let i = 0; i < 10; i++) {
      await f.client.post(
        '/api/v1/namespaces/default/pods',
        pod(
          `p${i}`,
          { app: i % 2 ? 'odd' : 'even', idx: String(i) },
          i < 3 ? { nodeName: 'node-a' } : {},
        ),
      );
    }
    await f.client.post('/api/v1/namespaces/other/pods', pod('elsewhere', { app: 'odd' }));
  });
  afterAll(() => f.stop());

  const names = (body: any): string[] => body.items.map((o: any) => o.metadata.name);

  it('lists across namespaces or in one, in key order, items without kind', async () => {
    const all = (await f.client.get('/api/v1/pods')).body;
    expect(all.kind).toBe('PodList');
    expect(all.apiVersion).toBe('v1');
    expect(names(all)).toEqual([
      'p0',
      'p1',
      'p2',
      'p3',
      'p4',
      'p5',
      'p6',
      'p7',
      'p8',
      'p9',
      'elsewhere',
    ]);
    expect(all.items[0].kind).toBeUndefined();
    expect(all.metadata.resourceVersion).toBe(f.server.storage.resourceVersion);
    expect(names((await f.client.get('/api/v1/namespaces/other/pods')).body)).toEqual([
      'elsewhere',
    ]);
  });

  it('filters by label selector', async () => {
    const q = encodeURIComponent('app=odd,idx notin (1,3)');
    expect(
      names((await f.client.get(`/api/v1/namespaces/default/pods?labelSelector=${q}`)).body),
    ).toEqual(['p5', 'p7', 'p9']);
    const bad = await f.client.get(`/api/v1/pods?labelSelector=${encodeURIComponent('app in (')}`);
    expect(bad.status).toBe(400);
    expect(bad.body.reason).toBe('BadRequest');
  });

  it('filters by field selector on the fields a resource indexes', async () => {
    const byNode = (await f.client.get('/api/v1/pods?fieldSelector=spec.nodeName%3Dnode-a')).body;
    expect(names(byNode)).toEqual(['p0', 'p1', 'p2']);
    const unscheduled = (
      await f.client.get(
        '/api/v1/namespaces/default/pods?fieldSelector=spec.nodeName%3D,status.phase%3DPending',
      )
    ).body;
    expect(names(unscheduled)).toHaveLength(7);
    expect(
      names((await f.client.get('/api/v1/pods?fieldSelector=metadata.namespace!%3Ddefault')).body),
    ).toEqual(['elsewhere']);
    const unknown = await f.client.get('/api/v1/pods?fieldSelector=spec.bogus%3Dx');
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toBe('field label not supported: spec.bogus');
  });

  it('pages with limit and continue at the first page revision', async () => {
    const first = (await f.client.get('/api/v1/namespaces/default/pods?limit=4')).body;
    expect(names(first)).toEqual(['p0', 'p1', 'p2', 'p3']);
    expect(first.metadata.remainingItemCount).toBe(6);
    const rv = first.metadata.resourceVersion;
    await f.client.post('/api/v1/namespaces/default/pods', pod('p45', {}));
    await f.client.delete('/api/v1/namespaces/default/pods/p8');
    const second = (
      await f.client.get(
        `/api/v1/namespaces/default/pods?limit=4&continue=${first.metadata.continue}`,
      )
    ).body;
    expect(second.metadata.resourceVersion).toBe(rv);
    expect(names(second)).toEqual(['p4', 'p5', 'p6', 'p7']);
    const third = (
      await f.client.get(
        `/api/v1/namespaces/default/pods?limit=4&continue=${second.metadata.continue}`,
      )
    ).body;
    expect(names(third)).toEqual(['p8', 'p9']);
    expect(third.metadata.continue).toBeUndefined();
  });

  it('ignores limit at resourceVersion 0 (served whole from the watch cache, as kube-apiserver 1.34)', async () => {
    const all = (await f.client.get('/api/v1/namespaces/default/pods')).body;
    const zero = (await f.client.get('/api/v1/namespaces/default/pods?resourceVersion=0&limit=2'))
      .body;
    expect(names(zero)).toEqual(names(all));
    expect(zero.metadata.continue).toBeUndefined();
  });

  it('answers 410 Expired with a fresh continue token once the page revision is compacted', async () => {
    const first = (await f.client.get('/api/v1/namespaces/default/pods?limit=2')).body;
    await f.client.post('/api/v1/namespaces/default/pods', pod('late', {}));
    f.server.faults.compactHistory();
    const res = await f.client.get(
      `/api/v1/namespaces/default/pods?limit=2&continue=${first.metadata.continue}`,
    );
    expect(res.status).toBe(410);
    expect(res.body.reason).toBe('Expired');
    expect(res.body.message).toMatch(
      /^The provided continue parameter is too old to display a consistent list result\./,
    );
    const resumed = (
      await f.client.get(
        `/api/v1/namespaces/default/pods?limit=100&continue=${res.body.metadata.continue}`,
      )
    ).body;
    expect(names(first)).toEqual(['p0', 'p1']);
    expect(names(resumed)[0]).toBe('p2');
  });

  it('rejects an invalid continue token with 400', async () => {
    const res = await f.client.get('/api/v1/pods?limit=1&continue=garbage');
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/^invalid continue token/);
  });

  it('reads an exact past revision from history', async () => {
    const before = (await f.client.get('/api/v1/namespaces/default/configmaps')).body.metadata
      .resourceVersion;
    await f.client.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'later' } });
    const exact = (
      await f.client.get(
        `/api/v1/namespaces/default/configmaps?resourceVersion=${before}&resourceVersionMatch=Exact`,
      )
    ).body;
    expect(exact.metadata.resourceVersion).toBe(before);
    expect(names(exact)).not.toContain('later');
    const notOlder = (
      await f.client.get(
        `/api/v1/namespaces/default/configmaps?resourceVersion=${before}&resourceVersionMatch=NotOlderThan`,
      )
    ).body;
    expect(names(notOlder)).toContain('later');
    expect(
      (await f.client.get('/api/v1/namespaces/default/configmaps?resourceVersion=0')).body.items
        .length,
    ).toBeGreaterThan(0);
  });

  it('answers 410 for an exact revision older than history', async () => {
    await f.client.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'bump' } });
    f.server.faults.compactHistory();
    const res = await f.client.get(
      '/api/v1/namespaces/default/configmaps?resourceVersion=2&resourceVersionMatch=Exact',
    );
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({
      reason: 'Expired',
      message: 'The resourceVersion for the provided list is too old.',
    });
  });

  it('answers 504 for a revision from the future', async () => {
    const res = await f.client.get(
      '/api/v1/pods?resourceVersion=999999&resourceVersionMatch=NotOlderThan',
    );
    expect(res.status).toBe(504);
    expect(res.body.message).toMatch(/Too large resource version: 999999, current: \d+/);
    expect(res.body.details.causes[0].reason).toBe('ResourceVersionTooLarge');
  });

  it('validates resourceVersionMatch like kube-apiserver (422 on ListOptions)', async () => {
    const noRv = await f.client.get('/api/v1/pods?resourceVersionMatch=Exact');
    expect(noRv.status).toBe(422);
    expect(noRv.body.message).toBe(
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
    );
    const zero = await f.client.get('/api/v1/pods?resourceVersion=0&resourceVersionMatch=Exact');
    expect(zero.body.details.causes[0].message).toBe(
      'Forbidden: resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
    );
  });

  it('answers a Table when kubectl asks for one', async () => {
    const res = await f.client.get(
      '/api/v1/namespaces/default/pods?fieldSelector=metadata.name%3Dp0',
      { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    );
    expect(res.body.kind).toBe('Table');
    expect(res.body.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    expect(res.body.rows[0].cells[0]).toBe('p0');
    expect(res.body.rows[0].object.kind).toBe('PartialObjectMetadata');
  });

  it('deletes a collection matching a selector and returns the deleted items', async () => {
    const res = await f.client.delete('/api/v1/namespaces/default/pods?labelSelector=app%3Deven');
    expect(res.status).toBe(200);
    expect(res.body.kind).toBe('PodList');
    expect(names(res.body).sort()).toEqual(['p0', 'p2', 'p4', 'p6']);
    // p0 and p2 run on a node: graceful deletion keeps them, marked, for their grace period
    const left = (await f.client.get('/api/v1/namespaces/default/pods?labelSelector=app%3Deven'))
      .body.items;
    expect(left.map((p: any) => [p.metadata.name, p.metadata.deletionGracePeriodSeconds])).toEqual([
      ['p0', 30],
      ['p2', 30],
    ]);
    expect(left[0].metadata.deletionTimestamp).toBeDefined();
  });
});
