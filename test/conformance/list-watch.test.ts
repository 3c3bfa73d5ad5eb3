import { InitialEventsEndAnnotation } from '@kubekit/apimachinery';
import { fixtures } from '@kubekit/testing';
import { connectCluster, type Cluster } from './cluster';

describe('conformance: list and watch', () => {
  let c: Cluster;
  let ns: string;
  let base: string;
  const names = (body: any): string[] => body.items.map((o: any) => o.metadata.name);
  beforeAll(async () => {
    c = await connectCluster();
    ns = await c.namespace('lw');
    base = `/api/v1/namespaces/${ns}/configmaps`;
    for (let i = 0; i < 6; i++)
      await c.client.post(base, {
        metadata: { name: `cm${i}`, labels: { parity: i % 2 ? 'odd' : 'even' } },
      });
  });
  afterAll(() => c.close());

  it('filters by label and field selectors', async () => {
    expect(names((await c.client.get(`${base}?labelSelector=parity%3Dodd`)).body)).toEqual([
      'cm1',
      'cm3',
      'cm5',
    ]);
    expect(names((await c.client.get(`${base}?fieldSelector=metadata.name%3Dcm2`)).body)).toEqual([
      'cm2',
    ]);
    const bad = await c.client.get(`${base}?fieldSelector=spec.bogus%3Dx`);
    expect(bad.body).toMatchObject({ code: 400, reason: 'BadRequest' });
  });

  it('pages with limit / continue and reports remainingItemCount', async () => {
    const first = (await c.client.get(`${base}?limit=4`)).body;
    expect(names(first)).toEqual(['cm0', 'cm1', 'cm2', 'cm3']);
    expect(first.metadata.remainingItemCount).toBe(2);
    await c.client.post(base, { metadata: { name: 'cm9' } });
    const second = (
      await c.client.get(`${base}?limit=4&continue=${encodeURIComponent(first.metadata.continue)}`)
    ).body;
    expect(names(second)).toEqual(['cm4', 'cm5']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(second.metadata.continue).toBeUndefined();
  });

  it('lists at an exact past revision', async () => {
    const rv = (await c.client.get(base)).body.metadata.resourceVersion;
    await c.client.post(base, { metadata: { name: 'after-rv' } });
    const exact = (await c.client.get(`${base}?resourceVersion=${rv}&resourceVersionMatch=Exact`))
      .body;
    expect(names(exact)).not.toContain('after-rv');
    expect(exact.metadata.resourceVersion).toBe(rv);
  });

  it('validates resourceVersionMatch', async () => {
    const res = await c.client.get(`${base}?resourceVersionMatch=Exact`);
    expect(res.body).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(res.body.details.causes[0]).toMatchObject({
      field: 'resourceVersionMatch',
      reason: 'FieldValueForbidden',
    });
  });

  it('watches from a resourceVersion: MODIFIED, then DELETED', async () => {
    const obj = (await c.client.post(base, { metadata: { name: 'watched' } })).body;
    const w = await c.client.watch(
      `${base}?watch=true&resourceVersion=${obj.metadata.resourceVersion}`,
    );
    await c.client.put(`${base}/watched`, { ...obj, data: { a: '1' } });
    await c.client.delete(`${base}/watched`);
    const events = await w.take(2);
    w.close();
    expect(events.map((e) => [e.type, e.object.metadata!.name])).toEqual([
      ['MODIFIED', 'watched'],
      ['DELETED', 'watched'],
    ]);
  });

  it('sends ADDED / DELETED when an object moves in and out of a label selector', async () => {
    const obj = (await c.client.post(base, { metadata: { name: 'mover', labels: { tier: 'a' } } }))
      .body;
    const w = await c.client.watch(
      `${base}?watch=true&labelSelector=tier%3Db&resourceVersion=${obj.metadata.resourceVersion}`,
    );
    const inB = (
      await c.client.put(`${base}/mover`, {
        ...obj,
        metadata: { ...obj.metadata, labels: { tier: 'b' } },
      })
    ).body;
    await c.client.put(`${base}/mover`, {
      ...inB,
      metadata: { ...inB.metadata, labels: { tier: 'c' } },
    });
    const events = await w.take(2);
    w.close();
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'DELETED']);
    expect(events[1]!.object.metadata!.labels).toEqual({ tier: 'b' });
  });

  it('streams initial events and the initial-events-end bookmark', async () => {
    const w = await c.client.watch(
      `${base}?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&labelSelector=parity%3Dodd`,
    );
    const events = await w.take(4);
    w.close();
    expect(events.slice(0, 3).map((e) => [e.type, e.object.metadata!.name])).toEqual([
      ['ADDED', 'cm1'],
      ['ADDED', 'cm3'],
      ['ADDED', 'cm5'],
    ]);
    expect(events[3]).toMatchObject({
      type: 'BOOKMARK',
      object: { metadata: { annotations: { [InitialEventsEndAnnotation]: 'true' } } },
    });
  });

  it('ends a watch after timeoutSeconds', async () => {
    const w = await c.client.watch(
      `${base}?watch=true&timeoutSeconds=1&resourceVersion=${(await c.client.get(base)).body.metadata.resourceVersion}`,
    );
    expect(await w.next()).toBeUndefined();
  });

  it('answers a watch from a resourceVersion older than the server keeps with an ERROR 410 Expired event', async () => {
    // A revision from before the resource's watch history: on kube-apiserver, which answers
    // watches from its watch cache (an etcd compaction does not move it), a custom resource's
    // cache starts at the revision it lists on the first request for the resource, after its
    // CRD was established, so the CRD's creation revision is older than any event it keeps
    // (k8s.io/apiserver v0.34 pkg/storage/cacher/watch_cache.go getAllEventsSinceLocked:
    // `resourceVersion < oldest-1` -> NewResourceExpired, oldest-1 = listResourceVersion).
    // The embedded server keeps every revision until it is compacted, so it is compacted here.
    const group = `${ns}.conformance.kubekit.dev`;
    const crd = fixtures.crd({ group, kind: 'Expiring' });
    const crdPath = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/expirings.${group}`;
    const created = await c.client.post(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      crd,
    );
    expect(created.status).toBe(201);
    try {
      const old = Number(created.body.metadata.resourceVersion);
      await c.eventually(async () => {
        const got = (await c.client.get(crdPath)).body;
        expect(got.status.conditions.find((x: any) => x.type === 'Established')?.status).toBe(
          'True',
        );
      });
      const path = `/apis/${group}/v1/namespaces/${ns}/expirings`;
      const first = await c.client.post(path, {
        apiVersion: `${group}/v1`,
        kind: 'Expiring',
        metadata: { name: 'e' },
      });
      expect(first.status).toBe(201);
      c.embedded?.faults.compactHistory();
      // kube-apiserver answers 429 while the watch cache is still initialising (cacher.go Watch)
      const w = await c.eventually(async () => {
        const opened = await c.client.watch(`${path}?watch=true&resourceVersion=${old}`);
        if (opened.status === 200) return opened;
        opened.close();
        throw new Error(`watch: HTTP ${opened.status}`);
      });
      const [e] = await w.take(1);
      w.close();
      expect(e).toMatchObject({
        type: 'ERROR',
        object: { kind: 'Status', status: 'Failure', code: 410, reason: 'Expired' },
      });
      const message = (e!.object as any).message as string;
      const [, from, oldest] = /^too old resource version: (\d+) \((\d+)\)$/.exec(message) ?? [];
      expect(Number(from)).toBe(old);
      expect(Number(oldest)).toBeGreaterThan(old);
    } finally {
      await c.client.delete(crdPath);
    }
  });

  it('rejects an invalid timeout parameter with 400 BadRequest, which a watch ignores', async () => {
    const bad = await c.client.get(`${base}?timeout=abc`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ kind: 'Status', code: 400, reason: 'BadRequest' });
    expect(bad.body.message).toMatch(/^invalid timeout specified in the request URL - .*"abc"/);
    expect((await c.client.get(`${base}?timeout=5s`)).status).toBe(200);
    const w = await c.client.watch(
      `${base}?watch=true&timeout=abc&fieldSelector=metadata.name%3Dtimeout-watch`,
    );
    expect(w.status).toBe(200);
    await c.client.post(base, { metadata: { name: 'timeout-watch' } });
    const event = await w.next();
    w.close();
    expect(event).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'timeout-watch' } } });
  });

  it('answers a request whose timeout has passed on arrival with a bare 504 Timeout Status', async () => {
    for (const path of [base, `${base}/cm0`]) {
      const res = await c.client.get(`${path}?timeout=1ns`);
      expect(res.status).toBe(504);
      expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(res.text).toBe(
        '{"metadata":{},"status":"Failure","message":"Timeout: request did not complete within the allotted timeout","reason":"Timeout","details":{},"code":504}\n',
      );
    }
  });
});
