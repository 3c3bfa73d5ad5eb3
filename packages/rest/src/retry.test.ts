import { isTooManyRequests, type StatusError } from '@kubekit/apimachinery';
import { getEventListeners } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeClock } from '@kubekit/apimachinery';
import {
  eventually,
  sendJson,
  startTestServer,
  type TestServer,
} from './internal/testing/http-test-server';
import { RequestError } from './request-error';
import { TokenBucketRateLimiter } from './token-bucket';
import { RESTClient } from './rest-client';
import type { RESTClientOptions } from './rest-client-options';
import type { RestConfig } from './config';

const fastBackoff = { duration: 1 };

describe('RESTClient retries, timeouts, abort and rate limiting', () => {
  let server: TestServer;
  const clients: RESTClient[] = [];
  const newClient = (config: Partial<RestConfig> = {}, options: RESTClientOptions = {}) => {
    const c = new RESTClient(
      { server: server.url, qps: Infinity, warningHandler: null, ...config },
      { retryBackoff: fastBackoff, ...options },
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
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
  });

  const failTimes = (n: number, status: number, headers: Record<string, string> = {}) => {
    let left = n;
    server.handle((_req, res) =>
      left-- > 0
        ? sendJson(res, status, { kind: 'Status', code: status }, headers)
        : sendJson(res, 200, { ok: true }),
    );
  };

  it('retries a GET answered 503 without Retry-After, then succeeds', async () => {
    failTimes(2, 503);
    await expect(newClient().get().resource('pods').do()).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
  });

  it('waits an exponential backoff between retries without Retry-After', async () => {
    const clock = new FakeClock();
    failTimes(2, 503);
    const client = newClient(
      {},
      { clock, retryBackoff: { duration: 100, factor: 2, steps: Infinity, cap: 1000 } },
    );
    const done = client.get().resource('pods').do();
    await eventually(() => server.requests.length === 1);
    expect(await clock.waitForWaiters(2)).toBe(true); // the deadline and the first backoff
    clock.step(99);
    expect(clock.waiters()).toBe(2); // the backoff has not fired yet
    clock.step(1);
    await eventually(() => server.requests.length === 2);
    expect(await clock.waitForWaiters(2)).toBe(true);
    clock.step(199);
    expect(clock.waiters()).toBe(2);
    clock.step(1);
    await expect(done).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(3);
  });

  it.each([429, 502, 504])('retries a GET answered %i', async (status) => {
    failTimes(1, status);
    await expect(newClient().get().resource('pods').do()).resolves.toEqual({ ok: true });
    expect(server.requests).toHaveLength(2);
  });

  it('does not retry a POST answered 503 without Retry-After, nor a GET answered 500', async () => {
    failTimes(1, 503);
    const err = await newClient()
      .post()
      .resource('pods')
      .body({})
      .do()
      .catch((e: unknown) => e);
    expect((err as StatusError).code).toBe(503);
    failTimes(1, 500);
    expect(
      (
        (await newClient()
          .get()
          .resource('pods')
          .do()
          .catch((e: unknown) => e)) as StatusError
      ).code,
    ).toBe(500);
    expect(server.requests).toHaveLength(2);
  });

  it('retries any verb after the seconds in Retry-After', async () => {
    const clock = new FakeClock();
    failTimes(1, 429, { 'retry-after': '7' });
    const done = newClient({}, { clock }).post().resource('pods').body({}).do();
    await eventually(() => server.requests.length === 1);
    expect(await clock.waitForWaiters(2)).toBe(true); // the request's deadline and the retry wait
    clock.step(6999);
    expect(clock.waiters()).toBe(2); // the Retry-After wait has not fired yet
    clock.step(1);
    await expect(done).resolves.toEqual({ ok: true });
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
  });

  it('gives up after maxRetries and reports Retry-After on the StatusError', async () => {
    failTimes(100, 429, { 'retry-after': '0' });
    const err = await newClient({ maxRetries: 3 })
      .get()
      .resource('pods')
      .do()
      .catch((e: unknown) => e);
    expect(isTooManyRequests(err)).toBe(true);
    expect((err as StatusError).retryAfterSeconds).toBe(0);
    expect(server.requests).toHaveLength(4);
    await newClient()
      .get()
      .resource('pods')
      .maxRetries(0)
      .do()
      .catch(() => undefined);
    expect(server.requests).toHaveLength(5);
  });

  it('retries a GET whose connection was reset, but not a POST', async () => {
    let left = 1;
    server.handle((req, res) => {
      if (left-- > 0) req.socket.destroy();
      else sendJson(res, 200, { ok: true });
    });
    await expect(newClient().get().resource('pods').do()).resolves.toEqual({ ok: true });
    left = 1;
    const err = await newClient()
      .post()
      .resource('pods')
      .body({})
      .do()
      .catch((e: unknown) => e);
    expect(RequestError.isInstance(err)).toBe(true);
    expect((err as RequestError).reason).toBe('ConnectionFailed');
    expect((err as RequestError).cause).toBeDefined();
  });

  it('fails a refused connection at once, for any verb, as ConnectionRefused with the OS error', async () => {
    const dead = await startTestServer();
    const url = dead.url;
    await dead.close();
    // On a fake clock nothing advances: a retry or backoff wait would hang this test.
    const clock = new FakeClock();
    const client = newClient({ server: url }, { clock, retryBackoff: undefined });
    for (const request of [
      client.get().resource('pods'),
      client.post().resource('pods').body({}),
    ]) {
      const err = (await request.do().catch((e: unknown) => e)) as RequestError;
      expect(RequestError.isInstance(err)).toBe(true);
      expect(err.reason).toBe('ConnectionRefused');
      expect(err.message).toContain(
        `${request.spec.method} ${url}/api/v1/pods: connection refused`,
      );
      expect(err.message).toContain('ECONNREFUSED');
      const port = Number(new URL(url).port);
      expect(err.cause).toMatchObject({ code: 'ECONNREFUSED', syscall: 'connect', port });
    }
    expect(clock.waiters()).toBe(0);
  });

  // DNS failures are classified in net-errors.test.ts (no resolver is needed there).
  it('fails a TLS failure at once as TLSFailed', async () => {
    const clock = new FakeClock();
    const tlsServer = await startTestServer({ tls: true });
    try {
      // The test CA is not trusted, so the server certificate fails verification.
      const untrusted = (await newClient({ server: tlsServer.url }, { clock })
        .get()
        .resource('pods')
        .do()
        .catch((e: unknown) => e)) as RequestError;
      expect(untrusted.reason).toBe('TLSFailed');
      expect(untrusted.message).toContain('TLS handshake failed');
      // https:// to a server speaking plain HTTP.
      const plain = (await newClient({ server: server.url.replace('http:', 'https:') }, { clock })
        .get()
        .resource('pods')
        .do()
        .catch((e: unknown) => e)) as RequestError;
      expect(plain.reason).toBe('TLSFailed');
    } finally {
      await tlsServer.close();
    }
    expect(clock.waiters()).toBe(0);
  });

  it('tells onRetry of each retried failure before waiting, and a timeout names the last one', async () => {
    const clock = new FakeClock();
    failTimes(100, 503, { 'retry-after': '30' });
    const seen: { status: unknown; attempt: number; delayMs: number }[] = [];
    const done = newClient({ timeoutMs: 45_000 }, { clock })
      .get()
      .resource('pods')
      .onRetry(({ error, attempt, delayMs }) =>
        seen.push({ status: (error as StatusError).code, attempt, delayMs }),
      )
      .do();
    await eventually(() => seen.length === 1);
    expect(seen).toEqual([{ status: 503, attempt: 1, delayMs: 30_000 }]);
    clock.step(30_000);
    await eventually(() => seen.length === 2);
    expect(seen[1]).toEqual({ status: 503, attempt: 2, delayMs: 30_000 });
    clock.step(15_000);
    const err = (await done.catch((e: unknown) => e)) as RequestError;
    expect(err.reason).toBe('Timeout');
    expect(err.message).toContain('timed out after 45000 ms; the last attempt failed:');
    expect((err.cause as StatusError).code).toBe(503);
  });

  it('times out a request with no answer, measured on the clock', async () => {
    const clock = new FakeClock();
    server.handle(() => undefined); // never answers
    const done = newClient({ timeoutMs: 5000 }, { clock }).get().resource('pods').do();
    await eventually(() => server.requests.length === 1);
    clock.step(5000);
    const err = (await done.catch((e: unknown) => e)) as RequestError;
    expect(err.reason).toBe('Timeout');
    expect(err.message).toContain('timed out after 5000 ms');
  });

  it('sends a per-request timeout to the server too', async () => {
    server.handle((_req, res) => sendJson(res, 200, {}));
    await newClient().get().resource('pods').timeout(1500).do();
    expect(server.requests[0]!.url).toBe('/api/v1/pods?timeout=1.5s');
  });

  it('rejects with the AbortError of the signal, while waiting for the server or a retry', async () => {
    server.handle(() => undefined);
    const ac = new AbortController();
    const pending = newClient().get().resource('pods').signal(ac.signal).do();
    await eventually(() => server.requests.length === 1);
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });

    const clock = new FakeClock();
    failTimes(1, 503, { 'retry-after': '30' });
    const ac2 = new AbortController();
    const retrying = newClient({}, { clock }).get().resource('pods').signal(ac2.signal).do();
    await eventually(() => server.requests.length === 2);
    expect(await clock.waitForWaiters(2)).toBe(true);
    ac2.abort();
    await expect(retrying).rejects.toMatchObject({ name: 'AbortError' });
    expect(clock.waiters()).toBe(0);
  });

  it('leaves no listener on a long-lived signal shared by many requests and watches', async () => {
    const shared = new AbortController();
    const client = newClient();
    failTimes(1, 503);
    for (let i = 0; i < 20; i++) await client.get().resource('pods').signal(shared.signal).do();
    expect(server.requests).toHaveLength(21);
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"type":"ADDED","object":{"kind":"Pod"}}\n');
    });
    const stream = await client.get().resource('pods').signal(shared.signal).watch();
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    for await (const _e of stream) void _e;
    await eventually(() => getEventListeners(shared.signal, 'abort').length === 0);
  });

  it('limits to burst requests at once, then qps per second', async () => {
    const clock = new FakeClock();
    server.handle((_req, res) => sendJson(res, 200, {}));
    const client = newClient({ qps: 2, burst: 3 }, { clock });
    const calls = Array.from({ length: 6 }, () => client.get().resource('pods').do());
    await Promise.all(calls.slice(0, 3));
    expect(server.requests).toHaveLength(3);
    clock.step(499);
    clock.step(1);
    await calls[3];
    expect(server.requests).toHaveLength(4);
    clock.step(999);
    clock.step(1);
    await Promise.all(calls);
    expect(server.requests).toHaveLength(6);
  });

  it('does not limit with a negative qps, and shares a limiter passed in', async () => {
    const clock = new FakeClock();
    server.handle((_req, res) => sendJson(res, 200, {}));
    const unlimited = newClient({ qps: -1 }, { clock });
    await Promise.all(Array.from({ length: 40 }, () => unlimited.get().resource('pods').do()));
    expect(server.requests).toHaveLength(40);
    const shared = new TokenBucketRateLimiter({ qps: 1, burst: 1, clock });
    const a = newClient({}, { clock, rateLimiter: shared });
    const b = newClient({}, { clock, rateLimiter: shared });
    await a.get().resource('pods').do();
    const second = b.get().resource('pods').do();
    expect(await clock.waitForWaiters(2)).toBe(true); // b's deadline and its wait for a token
    expect(server.requests).toHaveLength(41);
    clock.step(1000);
    await second;
    expect(server.requests).toHaveLength(42);
  });

  it('re-reads a rotated token file after a 401 and repeats the request once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kubekit-token-'));
    const file = join(dir, 'token');
    await writeFile(file, 'old\n');
    server.handle((req, res) =>
      req.headers.authorization === 'Bearer new'
        ? sendJson(res, 200, { ok: true })
        : sendJson(res, 401, { kind: 'Status', code: 401, reason: 'Unauthorized' }),
    );
    const client = newClient({ bearerTokenFile: file });
    await expect(client.get().resource('pods').do()).rejects.toMatchObject({ code: 401 });
    await writeFile(file, 'new\n');
    await expect(client.get().resource('pods').do()).resolves.toEqual({ ok: true });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer old',
      'Bearer old',
      'Bearer new',
    ]);
    await rm(dir, { recursive: true });
  });
});
