import { isAlreadyExists, isConflict, type StatusError } from '@kubekit/apimachinery';
import { sendJson, startTestServer, type TestServer } from './internal/testing/http-test-server';
import { RequestError } from './request-error';
import { RESTClient } from './rest-client';

/** Behaviours of client-go's rest.Request (request_test.go) the builder and client port. */
describe('Request parity with client-go', () => {
  let server: TestServer;
  const clients: RESTClient[] = [];
  const newClient = (path = '', maxRetries = 3) => {
    const c = new RESTClient(
      { server: server.url + path, qps: Infinity, warningHandler: null, maxRetries },
      { retryBackoff: { duration: 1 } },
    );
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
    server.handle((_req, res) => sendJson(res, 200, {}));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
  });

  it.each([
    ['', ['/'], '/'],
    ['', [''], '/'],
    ['', ['/apis/'], '/apis/'],
    ['', ['apis', 'apps/'], '/apis/apps'],
    ['', ['/a//b/../c'], '/a/c'],
    ['/prefix', ['/'], '/prefix/'],
    ['/prefix/', [''], '/prefix'],
    ['/prefix', ['/version'], '/prefix/version'],
    ['/prefix', ['/apis/'], '/prefix/apis/'],
  ])('TestAbsPath: server path %p, AbsPath(%p) requests %p', async (prefix, segments, path) => {
    await newClient(prefix)
      .get()
      .absPath(...segments)
      .do();
    expect(server.requests[0]!.url).toBe(path);
  });

  it('AbsPath with a trailing slash, then a resource, joins without a double slash', () => {
    const spec = newClient().get().absPath('/apis/').resource('pods').spec;
    expect(newClient().pathOf(spec)).toBe('/apis/pods');
  });

  it('TestRequestSetTwiceError: a second subresource, namespace, resource or name is an error', async () => {
    const cases = [
      [
        newClient().get().resource('pods').name('a').subresource('status').subresource('scale'),
        'subresource already set to "status", cannot change to "scale"',
      ],
      [
        newClient().get().namespace('a').namespace('b'),
        'namespace already set to "a", cannot change to "b"',
      ],
      [
        newClient().get().resource('pods').resource('nodes'),
        'resource already set to "pods", cannot change to "nodes"',
      ],
      [
        newClient().get().resource('pods').name('a').name('b'),
        'resource name already set to "a", cannot change to "b"',
      ],
    ] as const;
    for (const [request, message] of cases) {
      const err = (await request.do().catch((e: unknown) => e)) as RequestError;
      expect(err.reason).toBe('InvalidRequest');
      expect(err.message).toContain(message);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('TestRequestSetsValidations: invalid segments are named with client-go texts', async () => {
    const cases = [
      [newClient().get().namespace('a/b'), `invalid namespace "a/b": may not contain '/'`],
      [newClient().get().resource('..'), `invalid resource "..": may not be '..'`],
      [
        newClient().get().resource('pods').name('a%b'),
        `invalid resource name "a%b": may not contain '%'`,
      ],
      [newClient().get().resource('pods').name(''), 'resource name may not be empty'],
      [
        newClient().get().resource('pods').name('a').subresource('.'),
        `invalid subresource ".": may not be '.'`,
      ],
    ] as const;
    for (const [request, message] of cases) {
      const err = (await request.do().catch((e: unknown) => e)) as Error;
      expect(err.message).toContain(message);
    }
  });

  it('TestRequestTimeout: the timeout parameter is a Go duration', async () => {
    const client = newClient();
    await client.get().resource('pods').timeout(1000).do();
    await client.get().resource('pods').timeout(1500).do();
    await client.get().resource('pods').timeout(250).do();
    await client.get().resource('pods').timeout(90_000).do();
    expect(
      server.requests.map((r) => new URL(r.url, server.url).searchParams.get('timeout')),
    ).toEqual(['1s', '1.5s', '250ms', '1m30s']);
  });

  it('sends Accept: application/json, */* as client-go does for JSON', async () => {
    await newClient().get().resource('pods').do();
    expect(server.requests[0]!.headers['accept']).toBe('application/json, */*');
  });

  it('TestRequestStream: a reset connection is not retried', async () => {
    let resets = 1;
    server.handle((req, res) => {
      if (resets-- > 0) req.socket.destroy();
      else sendJson(res, 200, {});
    });
    const err = (await newClient()
      .get()
      .resource('pods')
      .name('web')
      .subresource('log')
      .stream()
      .catch((e: unknown) => e)) as RequestError;
    expect(RequestError.isInstance(err)).toBe(true);
    expect(err.reason).toBe('ConnectionFailed');
    expect(server.requests).toHaveLength(1);
  });

  it('TestRequestWatch: a watch whose request hits EOF ends empty after its retries', async () => {
    server.handle((req) => {
      req.socket.destroy();
    });
    const stream = await newClient('', 2).get().resource('configmaps').watch();
    const events: unknown[] = [];
    for await (const e of stream) events.push(e);
    expect(events).toEqual([]);
    expect(stream.endReason).toBe('ServerClosed');
    expect(server.requests).toHaveLength(3);
  });

  it('a watch to a closed port still rejects (only a broken connection ends empty)', async () => {
    const dead = await startTestServer();
    const url = dead.url;
    await dead.close();
    const client = new RESTClient({ server: url, maxRetries: 0, warningHandler: null });
    clients.push(client);
    await expect(client.get().resource('configmaps').watch()).rejects.toMatchObject({
      reason: 'ConnectionRefused',
    });
  });

  describe('TestTransformUnstructuredError: a body that is not a Status', () => {
    const answer = (status: number, body: string, type = 'text/plain') =>
      server.handle((_req, res) => {
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      });

    it('a 409 on POST is AlreadyExists naming the resource and object', async () => {
      answer(409, 'exists');
      const err = (await newClient()
        .post()
        .namespace('ns')
        .resource('configmaps')
        .body({ metadata: { name: 'web' } })
        .name('web')
        .do()
        .catch((e: unknown) => e)) as StatusError;
      expect(isAlreadyExists(err)).toBe(true);
      expect(err.message).toBe('the server reported a conflict (post configmaps web)');
      expect(err.status.details?.causes).toEqual([
        { reason: 'UnexpectedServerResponse', message: 'exists' },
      ]);
    });

    it('a 409 on PUT is Conflict; the group is named for a grouped resource', async () => {
      answer(409, 'busy');
      const err = (await newClient()
        .put()
        .groupVersion({ group: 'apps', version: 'v1' })
        .resource('deployments')
        .name('d')
        .body({})
        .do()
        .catch((e: unknown) => e)) as StatusError;
      expect(isConflict(err)).toBe(true);
      expect(err.message).toBe('the server reported a conflict (put deployments.apps d)');
    });

    it('a 5xx quotes a text body; an HTML body is "unknown"', async () => {
      answer(502, 'upstream gone\n');
      const text = (await newClient()
        .get()
        .absPath('/healthz')
        .maxRetries(0)
        .do()
        .catch((e: unknown) => e)) as StatusError;
      expect(text.message).toBe(
        'an error on the server ("upstream gone") has prevented the request from succeeding',
      );
      answer(500, '<html>x</html>', 'application/xhtml+xml');
      const html = (await newClient()
        .get()
        .resource('pods')
        .do()
        .catch((e: unknown) => e)) as StatusError;
      expect(html.message).toBe(
        'an error on the server ("unknown") has prevented the request from succeeding (get pods)',
      );
    });
  });
});
