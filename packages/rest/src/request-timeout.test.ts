import { startApiServer, type ApiServer } from '@kubekit/testing';
import { RESTClient } from './rest-client';
import type { RestConfig } from './config';

// What the in-memory API server of @kubekit/testing receives as the `timeout` query parameter:
// as client-go's Request.URL(), the request's timeout, else the config's, on every request.
describe('the timeout query parameter', () => {
  let server: ApiServer;
  const received: string[] = [];
  const clients: RESTClient[] = [];
  beforeAll(async () => {
    server = await startApiServer({ http: true, onRequest: ({ url }) => received.push(url) });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    received.length = 0;
  });
  afterAll(() => server.stop());

  function newClient(config: Partial<RestConfig> = {}): RESTClient {
    const client = new RESTClient({
      server: server.url,
      bearerToken: server.token,
      warningHandler: null,
      ...config,
    });
    clients.push(client);
    return client;
  }

  /** The `timeout` parameter of the one request received for `path`. */
  function sentTimeout(path: string): string | null {
    const urls = received.filter((u) => u.split('?')[0] === path);
    expect(urls).toHaveLength(1);
    return new URL(urls[0]!, server.url).searchParams.get('timeout');
  }

  /** A GET, a watch (opened and closed) and a stream of the configmaps of `default`. */
  async function everyKind(client: RESTClient, timeoutMs?: number): Promise<string[]> {
    const req = () => {
      const r = client.get().namespace('default').resource('configmaps');
      return timeoutMs === undefined ? r : r.timeout(timeoutMs);
    };
    const sent: (string | null)[] = [];
    await req().do();
    sent.push(sentTimeout('/api/v1/namespaces/default/configmaps'));
    received.length = 0;
    const watch = await req().param('timeoutSeconds', '1').watch();
    watch.close();
    sent.push(sentTimeout('/api/v1/namespaces/default/configmaps'));
    received.length = 0;
    const stream = await req().stream();
    for await (const _chunk of stream); // the list, read to its end
    sent.push(sentTimeout('/api/v1/namespaces/default/configmaps'));
    received.length = 0;
    return sent.map((s) => s ?? '(none)');
  }

  it("sends the request's timeout in Go's duration form on requests, watches and streams", async () => {
    expect(await everyKind(newClient(), 1500)).toEqual(['1.5s', '1.5s', '1.5s']);
  });

  it("sends the config's timeout when the request has none, and the request's over it", async () => {
    const client = newClient({ timeoutMs: 90_000 });
    expect(await everyKind(client)).toEqual(['1m30s', '1m30s', '1m30s']);
    expect(await everyKind(client, 250)).toEqual(['250ms', '250ms', '250ms']);
  });

  it("sends no timeout for kubekit's default (client-go has none) nor for a timeout of 0", async () => {
    expect(await everyKind(newClient())).toEqual(['(none)', '(none)', '(none)']);
    expect(await everyKind(newClient({ timeoutMs: 30_000 }), 0)).toEqual([
      '(none)',
      '(none)',
      '(none)',
    ]);
  });

  it('replaces a timeout given as a plain parameter, as client-go sets it', async () => {
    const client = newClient();
    await client.get().resource('configmaps').param('timeout', '5s').timeout(2000).do();
    expect(received).toHaveLength(1);
    expect(new URL(received[0]!, server.url).searchParams.getAll('timeout')).toEqual(['2s']);
  });
});
