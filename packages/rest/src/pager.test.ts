import { isResourceExpired, type KubeList } from '@kubekit/apimachinery';
import { sendJson, startTestServer, type TestServer } from './internal/testing/http-test-server';
import { listAll, listPages } from './pager';
import { RESTClient } from './rest-client';

const items = Array.from({ length: 12 }, (_, i) => ({ metadata: { name: `cm-${i}` } }));

describe('list pagination', () => {
  let server: TestServer;
  let client: RESTClient;
  let expireContinue = false;
  beforeAll(async () => {
    server = await startTestServer();
    client = new RESTClient({ server: server.url, qps: Infinity, warningHandler: null });
    server.handle((req, res) => {
      const q = new URL(req.url!, 'http://x').searchParams;
      const limit = Number(q.get('limit') ?? items.length);
      const start = Number(q.get('continue') ?? 0);
      if (q.get('continue') && expireContinue)
        return sendJson(res, 410, {
          kind: 'Status',
          code: 410,
          reason: 'Expired',
          message: 'The provided continue parameter is too old',
        });
      const end = Math.min(items.length, start + limit);
      sendJson(res, 200, {
        kind: 'ConfigMapList',
        apiVersion: 'v1',
        metadata: {
          resourceVersion: '42',
          ...(end < items.length
            ? { continue: String(end), remainingItemCount: items.length - end }
            : {}),
        },
        items: items.slice(start, end),
      });
    });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
    expireContinue = false;
  });

  it('yields each page, following continue tokens, without changing the request', async () => {
    const request = client.get().namespace('ns').resource('configmaps').labelSelector('a=b');
    const pages: KubeList[] = [];
    for await (const page of listPages(request, { limit: 5 })) pages.push(page);
    expect(pages.map((p) => p.items.length)).toEqual([5, 5, 2]);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v1/namespaces/ns/configmaps?labelSelector=a%3Db&limit=5',
      '/api/v1/namespaces/ns/configmaps?labelSelector=a%3Db&limit=5&continue=5',
      '/api/v1/namespaces/ns/configmaps?labelSelector=a%3Db&limit=5&continue=10',
    ]);
    expect(request.spec.params).toEqual([['labelSelector', 'a=b']]);
  });

  it('collects all items with the snapshot resourceVersion and no continue token', async () => {
    const list = await listAll(client.get().resource('configmaps'), { limit: 5 });
    expect(list.items).toEqual(items);
    expect(list.metadata).toEqual({ resourceVersion: '42' });
    expect(list.kind).toBe('ConfigMapList');
  });

  it('uses pages of 500 by default', async () => {
    await listAll(client.get().resource('configmaps'));
    expect(server.requests[0]!.url).toBe('/api/v1/configmaps?limit=500');
  });

  it('surfaces an expired continue token as a StatusError (isResourceExpired)', async () => {
    expireContinue = true;
    const err = await listAll(client.get().resource('configmaps'), { limit: 5 }).catch(
      (e: unknown) => e,
    );
    expect(isResourceExpired(err)).toBe(true);
  });

  it('falls back to one full list when asked to', async () => {
    expireContinue = true;
    const list = await listAll(client.get().resource('configmaps'), {
      limit: 5,
      fullListIfExpired: true,
    });
    expect(list.items).toEqual(items);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/v1/configmaps?limit=5',
      '/api/v1/configmaps?limit=5&continue=5',
      '/api/v1/configmaps',
    ]);
  });
});
