import { FakeClock } from '@kubekit/apimachinery';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { HttpTransport, HttpTransportRequest } from '../http-transport';
import { RequestError } from '../request-error';
import { RESTClient } from '../rest-client';
import { eventually, startTestServer, type TestServer } from './testing/http-test-server';

/**
 * The client's own transport ends a request through its Deadline (no AbortSignal reaches
 * undici): before the request has a connection, while the headers are awaited, while the body
 * is read; a custom transport still gets an AbortSignal.
 */
describe('ending a request without an AbortSignal', () => {
  let server: TestServer;
  const clients: RESTClient[] = [];
  const newClient = (url: string, timeoutMs: number, clock?: FakeClock) => {
    const c = new RESTClient(
      { server: url, qps: Infinity, warningHandler: null, timeoutMs, maxRetries: 0 },
      clock ? { clock } : {},
    );
    clients.push(c);
    return c;
  };
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
  });

  const failure = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      (e: unknown) => e,
    );

  it('times out a request still waiting for its connection (a TLS handshake that never ends)', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s)); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const clock = new FakeClock();
      const done = failure(
        newClient(`https://127.0.0.1:${port}`, 3000, clock).get().resource('pods').do(),
      );
      await eventually(() => sockets.length === 1);
      clock.step(3000);
      const err = (await done) as RequestError;
      expect(err).toBeInstanceOf(RequestError);
      expect(err).toMatchObject({ reason: 'Timeout', message: expect.stringContaining('3000 ms') });
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('times out while the body is still arriving, and closes the connection', async () => {
    let closed = false;
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"items": ['); // the rest never comes
      res.on('close', () => (closed = true));
    });
    const clock = new FakeClock();
    const done = failure(newClient(server.url, 2000, clock).get().resource('pods').do());
    await eventually(() => server.requests.length > 0);
    await new Promise((r) => setTimeout(r, 20)); // let the headers arrive
    clock.step(2000);
    expect(await done).toMatchObject({ reason: 'Timeout' });
    await eventually(() => closed);
  });

  it("ends with the caller's AbortError when it aborts during the body, and for a watch", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"type":"ADDED","object":{"kind":"Pod","metadata":{"name":"a"}}}\n');
    });
    const client = newClient(server.url, 60_000);
    const ac = new AbortController();
    const got = failure(client.get().resource('pods').signal(ac.signal).do());
    await eventually(() => server.requests.length === 1);
    await new Promise((r) => setTimeout(r, 20));
    ac.abort();
    expect(await got).toMatchObject({ name: 'AbortError' });

    const watching = new AbortController();
    const stream = await client.get().resource('pods').signal(watching.signal).watch();
    const names: string[] = [];
    for await (const e of stream) {
      names.push(e.object.metadata!.name!);
      watching.abort();
    }
    expect(names).toEqual(['a']);
    expect(stream.endReason).toBe('Aborted');
  });

  it('hands a custom transport an AbortSignal the deadline aborts', async () => {
    const seen: HttpTransportRequest[] = [];
    const transport: HttpTransport = {
      request: (req) => {
        seen.push(req);
        return new Promise((_resolve, reject) =>
          req.signal!.addEventListener('abort', () => reject(req.signal!.reason)),
        );
      },
      close: () => Promise.resolve(),
      destroy: () => Promise.resolve(),
    };
    const clock = new FakeClock();
    const client = new RESTClient(
      { server: 'https://example.test', qps: Infinity, timeoutMs: 1000 },
      { clock, transport },
    );
    const done = failure(client.get().resource('pods').do());
    await eventually(() => seen.length === 1);
    expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
    clock.step(1000);
    expect(await done).toMatchObject({ reason: 'Timeout' });
  });
});
