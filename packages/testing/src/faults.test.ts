import { startFixture, type ServerFixture } from './test-support/server-fixture';

describe('fault injection', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterEach(() => f.server.faults.clear());
  afterAll(() => f.stop());

  it('answers 429 with Retry-After for the given share of requests', async () => {
    f.server.faults.failRequests({ share: 0.5, code: 429, retryAfterSeconds: 3 });
    const codes: number[] = [];
    let retryAfter: unknown;
    for (let i = 0; i < 6; i++) {
      const res = await f.client.get('/api/v1/namespaces/default');
      codes.push(res.status);
      if (res.status === 429) {
        retryAfter = res.headers['retry-after'];
        expect(res.body).toMatchObject({
          reason: 'TooManyRequests',
          details: { retryAfterSeconds: 3 },
        });
      }
    }
    expect(codes.filter((c) => c === 429)).toHaveLength(3);
    expect(retryAfter).toBe('3');
  });

  it('fails only matching requests, up to a limit, with 5xx', async () => {
    f.server.faults.failRequests({
      share: 1,
      code: 503,
      limit: 1,
      match: ({ method }) => method === 'POST',
    });
    expect((await f.client.get('/api/v1/namespaces/default')).status).toBe(200);
    const failed = await f.client.post('/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'f1' },
    });
    expect(failed.status).toBe(503);
    expect(failed.body.reason).toBe('ServiceUnavailable');
    expect(
      (await f.client.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'f1' } }))
        .status,
    ).toBe(201);
    f.server.faults.failRequests({ share: 1, code: 500 });
    expect((await f.client.get('/api/v1/namespaces/default')).body).toMatchObject({
      code: 500,
      reason: 'InternalError',
    });
  });

  it('delays requests by the configured latency', async () => {
    f.server.faults.setLatency(30);
    const res = await f.client.get('/api/v1/namespaces/default');
    expect(res.status).toBe(200);
  });

  it('closes every connection, watches included', async () => {
    const w = await f.client.watch(
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${f.server.storage.resourceVersion}`,
    );
    f.server.faults.closeConnections();
    expect(await w.next()).toBeUndefined();
    expect((await f.client.get('/api/v1/namespaces/default')).status).toBe(200);
  });

  it('shrinks history so older watches expire', async () => {
    const rv = f.server.storage.resourceVersion;
    f.server.storage.setHistorySize(1);
    await f.client.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'h1' } });
    await f.client.post('/api/v1/namespaces/default/configmaps', { metadata: { name: 'h2' } });
    const w = await f.client.watch(
      `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${rv}`,
    );
    const [e] = await w.take(1);
    expect(e).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
    f.server.storage.setHistorySize(10_000);
  });
});
