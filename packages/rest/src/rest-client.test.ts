import { inspect } from 'node:util';
import { StatusError, isNotFound } from '@kubekit/apimachinery';
import { sendJson, startTestServer, type TestServer } from './internal/testing/http-test-server';
import { testCerts } from './internal/testing/certs';
import { ConfigError } from './config-error';
import { PatchType } from './patch-type';
import { RequestError } from './request-error';
import { RESTClient } from './rest-client';
import type { Warning } from './warnings';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' } };

describe('RESTClient over HTTPS', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ tls: true });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('verifies the server with the CA and sends the bearer token over kept-alive connections', async () => {
    server.handle((_req, res) => sendJson(res, 200, pod));
    const client = new RESTClient({ server: server.url, caData: server.ca, bearerToken: 's3cret' });
    const before = server.connections;
    for (let i = 0; i < 20; i++) {
      const got = await client
        .get()
        .namespace('default')
        .resource('pods')
        .name('web')
        .do<typeof pod>();
      expect(got).toEqual(pod);
    }
    // undici may open a second socket when the next request starts before the first is released.
    expect(server.connections - before).toBeLessThanOrEqual(2);
    expect(server.requests.map((r) => r.url)).toEqual(
      Array(20).fill('/api/v1/namespaces/default/pods/web'),
    );
    expect(server.requests[0]!.headers['authorization']).toBe('Bearer s3cret');
    expect(server.requests[0]!.headers['user-agent']).toMatch(/^kubekit /);
    await client.close();
  });

  it('rejects a server whose certificate is not signed by the configured CA', async () => {
    const client = new RESTClient({ server: server.url, maxRetries: 0 });
    const err = await client
      .get()
      .absPath('/version')
      .do()
      .catch((e: unknown) => e);
    expect(RequestError.isInstance(err)).toBe(true);
    expect((err as RequestError).reason).toBe('TLSFailed');
    await client.close();
  });

  it('skips verification with insecureSkipTLSVerify', async () => {
    server.handle((_req, res) => sendJson(res, 200, { gitVersion: 'v1.31.0' }));
    const client = new RESTClient({ server: server.url, insecureSkipTLSVerify: true });
    await expect(client.get().absPath('/version').do()).resolves.toEqual({ gitVersion: 'v1.31.0' });
    await client.close();
  });

  it('presents a client certificate', async () => {
    const certs = await testCerts();
    server.handle((_req, res, seen) => sendJson(res, 200, { user: seen.clientCN }));
    const client = new RESTClient({
      server: server.url,
      caData: server.ca,
      certData: certs.clientCert,
      keyData: certs.clientKey,
    });
    await expect(client.get().absPath('/whoami').do()).resolves.toEqual({ user: 'jane' });
    await client.close();
  });

  it('refuses a CA combined with insecureSkipTLSVerify, and a certificate without key', () => {
    expect(
      () => new RESTClient({ server: server.url, caData: server.ca, insecureSkipTLSVerify: true }),
    ).toThrow(ConfigError);
    expect(() => new RESTClient({ server: server.url, certData: 'x' })).toThrow(
      /needs both a certificate and a key/,
    );
    expect(() => new RESTClient({ server: 'ftp://x' })).toThrow(/must be an http\(s\) URL/);
  });
});

describe('RESTClient requests', () => {
  let server: TestServer;
  let client: RESTClient;
  beforeAll(async () => {
    server = await startTestServer();
    client = new RESTClient({
      server: `${server.url}/prefix/`,
      qps: Infinity,
      warningHandler: null,
    });
  });
  afterAll(async () => {
    await client.close();
    await server.close();
  });
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('builds core and group paths, subresources, encoded params and sends JSON bodies', async () => {
    server.handle((_req, res, seen) => sendJson(res, 201, JSON.parse(seen.body || '{}')));
    const created = await client
      .post()
      .groupVersion({ group: 'apps', version: 'v1' })
      .namespace('ns1')
      .resource('deployments')
      .dryRun()
      .fieldManager('me')
      .param('labels', ['a', 'b c'])
      .body({ metadata: { name: 'd' } })
      .do();
    expect(created).toEqual({ metadata: { name: 'd' } });
    await client.put().resource('namespaces').name('ns1').subresource('finalize').body('{}').do();
    await client.get().namespace('').resource('pods').labelSelector('app=web,tier!=db').do();
    expect(server.requests.map((r) => r.url)).toEqual([
      '/prefix/apis/apps/v1/namespaces/ns1/deployments?dryRun=All&fieldManager=me&labels=a&labels=b+c',
      '/prefix/api/v1/namespaces/ns1/finalize',
      '/prefix/api/v1/pods?labelSelector=app%3Dweb%2Ctier%21%3Ddb',
    ]);
    expect(server.requests[0]!.headers['content-type']).toBe('application/json');
  });

  it.each([
    [PatchType.JSONPatch, 'application/json-patch+json'],
    [PatchType.MergePatch, 'application/merge-patch+json'],
    [PatchType.StrategicMergePatch, 'application/strategic-merge-patch+json'],
    [PatchType.ApplyPatch, 'application/apply-patch+yaml'],
  ])('sends patch type %s with content type %s', async (patchType, contentType) => {
    server.handle((_req, res) => sendJson(res, 200, pod));
    await client
      .patch(patchType)
      .resource('pods')
      .namespace('a')
      .name('web')
      .fieldManager('m')
      .force()
      .body({})
      .do();
    expect(server.requests[0]!.method).toBe('PATCH');
    expect(server.requests[0]!.headers['content-type']).toBe(contentType);
    expect(server.requests[0]!.url).toBe(
      '/prefix/api/v1/namespaces/a/pods/web?fieldManager=m&force=true',
    );
  });

  it('turns an error Status into a StatusError carrying it', async () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'pods "x" not found',
      details: { name: 'x', kind: 'pods' },
    };
    server.handle((_req, res) => sendJson(res, 404, status));
    const err = await client
      .get()
      .resource('pods')
      .name('x')
      .do()
      .catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect((err as StatusError).status).toMatchObject(status);
    expect((err as StatusError).message).toBe('pods "x" not found');
  });

  it('turns a non-JSON error body into a StatusError with the HTTP code', async () => {
    server.handle((_req, res) => {
      res.writeHead(403, { 'content-type': 'text/plain' });
      res.end('forbidden by proxy');
    });
    const err = (await client
      .get()
      .resource('pods')
      .do()
      .catch((e: unknown) => e)) as StatusError;
    expect(StatusError.isInstance(err)).toBe(true);
    expect(err.code).toBe(403);
    expect(err.reason).toBe('Forbidden');
    expect(err.message).toContain('forbidden by proxy');
  });

  it('reports a 2xx body that is not JSON as InvalidResponse, and doRaw returns bytes', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('hello');
    });
    const err = await client
      .get()
      .resource('pods')
      .do()
      .catch((e: unknown) => e);
    expect((err as RequestError).reason).toBe('InvalidResponse');
    expect((err as RequestError).message).toContain('5 bytes, content-type text/plain');
    expect(inspect(err)).not.toContain('hello'); // a 2xx body is object data, never quoted
    const raw = await client.get().resource('pods').doRaw();
    expect(raw.statusCode).toBe(200);
    expect(raw.body.toString()).toBe('hello');
  });

  it('fails requests after close() or destroy(), even when none was sent before', async () => {
    for (const end of ['close', 'destroy'] as const) {
      const closed = new RESTClient({ server: server.url, warningHandler: null });
      await closed[end]();
      const err = (await closed
        .get()
        .resource('pods')
        .do()
        .catch((e: unknown) => e)) as RequestError;
      expect(err.reason).toBe('ConnectionFailed');
      expect(err.message).toMatch(/closed|destroyed/);
    }
    expect(server.requests).toHaveLength(0);
  });

  it('rejects invalid path segments before sending anything', async () => {
    const err = await client
      .get()
      .resource('pods')
      .name('a/b')
      .do()
      .catch((e: unknown) => e);
    expect((err as RequestError).reason).toBe('InvalidRequest');
    expect((err as Error).message).toContain(`invalid resource name "a/b": may not contain '/'`);
    expect(server.requests).toHaveLength(0);
  });

  it('streams a response body (pod logs)', async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('line 1\n');
      setImmediate(() => res.end('line 2\n'));
    });
    const stream = await client
      .get()
      .namespace('a')
      .resource('pods')
      .name('web')
      .subresource('log')
      .param('follow', true)
      .stream();
    let text = '';
    for await (const chunk of stream) text += String(chunk);
    expect(text).toBe('line 1\nline 2\n');
    expect(server.requests[0]!.url).toBe('/prefix/api/v1/namespaces/a/pods/web/log?follow=true');
  });

  it('passes Warning headers to the handler, deduplicated by the default wrapper', async () => {
    const seen: Warning[] = [];
    const { deduplicateWarnings } = await import('./warnings');
    const warned = new RESTClient({
      server: server.url,
      warningHandler: deduplicateWarnings((w) => seen.push(w)),
    });
    server.handle((_req, res) => {
      res.setHeader('warning', [
        '299 - "v1beta1 is deprecated, use v1"',
        '299 - "a, \\"quoted\\" one"',
      ]);
      sendJson(res, 200, {});
    });
    await warned.get().resource('pods').do();
    await warned.get().resource('pods').do();
    expect(seen.map((w) => w.text)).toEqual(['v1beta1 is deprecated, use v1', 'a, "quoted" one']);
    await warned.close();
  });
});
