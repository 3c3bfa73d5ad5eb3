import { InitialEventsEndAnnotation } from '@kubekit/apimachinery';
import { startFixture, type ServerFixture } from './test-support/server-fixture';

const cm = (
  name: string,
  labels: Record<string, string> = {},
  data: Record<string, string> = {},
) => ({ metadata: { name, labels }, data });
const base = '/api/v1/namespaces/default/configmaps';

describe('watch', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture({ historySize: 50, bookmarkIntervalMs: 20 });
  });
  afterAll(() => f.stop());

  it('streams events after a resourceVersion, one JSON object per line', async () => {
    const created = (await f.client.post(base, cm('w1'))).body;
    const w = await f.client.watch(
      `${base}?watch=true&resourceVersion=${created.metadata.resourceVersion}`,
    );
    expect(w.status).toBe(200);
    const updated = (await f.client.put(`${base}/w1`, { ...created, data: { a: '1' } })).body;
    await f.client.delete(`${base}/w1`);
    const [mod, del] = await w.take(2);
    w.close();
    expect(mod).toMatchObject({
      type: 'MODIFIED',
      object: { kind: 'ConfigMap', apiVersion: 'v1', data: { a: '1' } },
    });
    expect(mod!.object.metadata!.resourceVersion).toBe(updated.metadata.resourceVersion);
    expect(del!.type).toBe('DELETED');
    expect(Number(del!.object.metadata!.resourceVersion)).toBeGreaterThan(
      Number(updated.metadata.resourceVersion),
    );
  });

  it('ends the initial events of a watch from "" or "0" with the initial-events-end bookmark when bookmarks are allowed (kube-apiserver 1.34)', async () => {
    await f.client.post('/api/v1/namespaces', { metadata: { name: 'legacy' } });
    await f.client.post('/api/v1/namespaces/legacy/configmaps', cm('l1'));
    for (const rv of ['', '0']) {
      const w = await f.client.watch(
        `/api/v1/namespaces/legacy/configmaps?watch=1&allowWatchBookmarks=true&resourceVersion=${rv}`,
      );
      const [added, end] = await w.take(2);
      w.close();
      expect(added).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'l1' } } });
      expect(end!.type).toBe('BOOKMARK');
      expect(end!.object.metadata!.annotations).toEqual({ [InitialEventsEndAnnotation]: 'true' });
    }
  });

  it('replays history from an older resourceVersion', async () => {
    const a = (await f.client.post(base, cm('r1'))).body;
    await f.client.post(base, cm('r2'));
    const w = await f.client.watch(`${base}?watch=1&resourceVersion=${a.metadata.resourceVersion}`);
    const [e] = await w.take(1);
    w.close();
    expect(e).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'r2' } } });
  });

  it('starts with synthetic ADDED events when no resourceVersion is given', async () => {
    await f.client.post('/api/v1/namespaces', { metadata: { name: 'fresh' } });
    await f.client.post('/api/v1/namespaces/fresh/configmaps', cm('s1'));
    await f.client.post('/api/v1/namespaces/fresh/configmaps', cm('s2'));
    const w = await f.client.watch('/api/v1/namespaces/fresh/configmaps?watch=true');
    const events = await w.take(2);
    w.close();
    expect(events.map((e) => [e.type, e.object.metadata!.name])).toEqual([
      ['ADDED', 's1'],
      ['ADDED', 's2'],
    ]);
  });

  it('sends initial events then the initial-events-end bookmark (watch-list)', async () => {
    await f.client.post('/api/v1/namespaces', { metadata: { name: 'wl' } });
    await f.client.post('/api/v1/namespaces/wl/configmaps', cm('i1'));
    const w = await f.client.watch(
      '/api/v1/namespaces/wl/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true',
    );
    const [added, bookmark] = await w.take(2);
    w.close();
    expect(added).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'i1' } } });
    expect(bookmark!.type).toBe('BOOKMARK');
    expect(bookmark!.object).toMatchObject({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { annotations: { [InitialEventsEndAnnotation]: 'true' } },
    });
    expect(bookmark!.object.metadata!.resourceVersion).toMatch(/^\d+$/);
  });

  it('rejects sendInitialEvents without resourceVersionMatch=NotOlderThan (422)', async () => {
    const res = await f.client.get(`${base}?watch=true&sendInitialEvents=true`);
    expect(res.status).toBe(422);
    expect(res.body.details.causes).toEqual([
      {
        reason: 'FieldValueForbidden',
        message:
          'Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        field: 'resourceVersionMatch',
      },
    ]);
    expect(res.body.details.name).toBeUndefined();
  });

  it('sends periodic BOOKMARK events when allowed', async () => {
    const rv = f.server.storage.resourceVersion;
    const w = await f.client.watch(
      `${base}?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`,
    );
    const [e] = await w.take(1);
    w.close();
    expect(e).toMatchObject({
      type: 'BOOKMARK',
      object: { kind: 'ConfigMap', metadata: { resourceVersion: rv } },
    });
  });

  it('ends the stream after timeoutSeconds', async () => {
    const w = await f.client.watch(
      `${base}?watch=true&timeoutSeconds=1&resourceVersion=${f.server.storage.resourceVersion}`,
    );
    expect(await w.next()).toBeUndefined();
  });

  it('sends an ERROR event with 410 Expired for a compacted resourceVersion', async () => {
    const old = f.server.storage.resourceVersion;
    await f.client.post(base, cm('compact-me'));
    f.server.faults.compactHistory();
    const w = await f.client.watch(`${base}?watch=true&resourceVersion=${Number(old) - 1}`);
    expect(w.status).toBe(200);
    const [e] = await w.take(1);
    expect(e!.type).toBe('ERROR');
    expect(e!.object).toMatchObject({
      kind: 'Status',
      code: 410,
      reason: 'Expired',
      message: `too old resource version: ${Number(old) - 1} (${f.server.storage.resourceVersion})`,
    });
    expect(await w.next()).toBeUndefined();
  });

  it('turns objects moving in and out of a selector into ADDED and DELETED', async () => {
    const obj = (await f.client.post(base, cm('mover', { tier: 'a' }))).body;
    const w = await f.client.watch(
      `${base}?watch=true&labelSelector=tier%3Db&resourceVersion=${obj.metadata.resourceVersion}`,
    );
    const inB = (
      await f.client.put(`${base}/mover`, {
        ...obj,
        metadata: { ...obj.metadata, labels: { tier: 'b' } },
      })
    ).body;
    const stillB = (await f.client.put(`${base}/mover`, { ...inB, data: { x: '1' } })).body;
    const outOfB = (
      await f.client.put(`${base}/mover`, {
        ...stillB,
        metadata: { ...stillB.metadata, labels: { tier: 'c' } },
      })
    ).body;
    const events = await w.take(3);
    w.close();
    expect(events.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    // leaving the selector: the previous content at the new resourceVersion, as the cacher sends
    expect(events[2]!.object.metadata!.labels).toEqual({ tier: 'b' });
    expect(events[2]!.object.metadata!.resourceVersion).toBe(outOfB.metadata.resourceVersion);
  });

  it('filters watches by field selector and by single name', async () => {
    const start = f.server.storage.resourceVersion;
    const byField = await f.client.watch(
      `${base}?watch=true&fieldSelector=metadata.name%3Dtarget&resourceVersion=${start}`,
    );
    const byPath = await f.client.watch(
      `/api/v1/watch/namespaces/default/configmaps/target?resourceVersion=${start}`,
    );
    await f.client.post(base, cm('noise'));
    await f.client.post(base, cm('target'));
    const [a] = await byField.take(1);
    const [b] = await byPath.take(1);
    byField.close();
    byPath.close();
    expect(a!.object.metadata!.name).toBe('target');
    expect(b!.object.metadata!.name).toBe('target');
  });

  it('drops every watch on demand', async () => {
    const w = await f.client.watch(
      `${base}?watch=true&resourceVersion=${f.server.storage.resourceVersion}`,
    );
    f.server.faults.dropWatches();
    expect(await w.next()).toBeUndefined();
  });
});

describe('watch timeouts', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture(); // periodic bookmarks only every 60 s
  });
  afterAll(() => f.stop());

  it('sends a bookmark 2 s before timeoutSeconds ends the watch, as the cacher does', async () => {
    const start = f.server.storage.resourceVersion;
    const w = await f.client.watch(
      `${base}?watch=1&allowWatchBookmarks=true&timeoutSeconds=3&resourceVersion=${start}`,
    );
    await f.client.post('/api/v1/namespaces', { metadata: { name: 'elsewhere' } });
    const events = await w.take(2);
    expect(events.map((e) => e.type)).toEqual(['BOOKMARK']);
    expect(Number(events[0]!.object.metadata!.resourceVersion)).toBeGreaterThan(Number(start));
    const quiet = await f.client.watch(`${base}?watch=1&timeoutSeconds=1&resourceVersion=${start}`);
    expect(await quiet.next()).toBeUndefined();
  });
});
