import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  createSecureServer,
  type Http2SecureServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import type { AddressInfo, Socket } from 'node:net';
import { testCerts } from './internal/testing/certs';
import { RESTClient } from './rest-client';
import type { WatchStream } from './watch';

/**
 * The protocol RESTClient speaks to a server that offers HTTP/2 as well as HTTP/1.1 in ALPN, as
 * kube-apiserver does: HTTP/1.1 (packages/rest/README.md, "HTTP/1.1"). Over HTTP/2, undici ends
 * a request aborted while it is being written without a RST_STREAM; the server's response then
 * opens a stream in Node that nobody listens to, and closing the client destroyed it with an
 * 'error' no listener handled: an uncaught ClientDestroyedError, a process crash.
 */
describe('RESTClient against a server offering HTTP/2 and HTTP/1.1', () => {
  let server: Http2SecureServer;
  let url: string;
  let ca: string;
  /** Every connection accepted, destroyed when the suite ends (a watch never ends by itself). */
  const sockets = new Set<Socket>();
  /** The HTTP version of every request the server received, in order. */
  const versions: string[] = [];
  const escaped: unknown[] = [];
  const onEscape = (err: unknown) => escaped.push(err);

  /** A watch that sends its headers and one event at once, then stays open; an empty list. */
  function handle(req: Http2ServerRequest, res: Http2ServerResponse): void {
    versions.push(req.httpVersion);
    res.on('error', () => undefined);
    res.writeHead(200, { 'content-type': 'application/json' });
    if (!req.url.includes('watch=true')) {
      res.end(JSON.stringify({ kind: 'ConfigMapList', apiVersion: 'v1', items: [] }));
      return;
    }
    res.write(`${JSON.stringify({ type: 'BOOKMARK', object: { metadata: {} } })}\n`);
  }

  beforeAll(async () => {
    const certs = await testCerts();
    ca = certs.ca;
    server = createSecureServer(
      { key: certs.serverKey, cert: certs.serverCert, allowHTTP1: true },
      handle,
    );
    server.on('sessionError', () => undefined);
    server.on('secureConnection', (socket: Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    process.on('uncaughtException', onEscape);
  });
  afterAll(async () => {
    process.off('uncaughtException', onEscape);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    versions.length = 0;
    escaped.length = 0;
  });

  const newClient = () =>
    new RESTClient({ server: url, caData: ca, warningHandler: null, maxRetries: 0 });
  const list = (c: RESTClient) => c.get().namespace('default').resource('configmaps').do();

  it('speaks HTTP/1.1', async () => {
    const client = newClient();
    await list(client);
    const w = (await client
      .get()
      .namespace('default')
      .resource('configmaps')
      .watch()) as WatchStream;
    w.close();
    await client.close();
    expect(versions).toEqual(['1.1', '1.1']);
  });

  it('closing the client after watches were aborted while being sent raises nothing', async () => {
    const client = newClient();
    await list(client); // connected: the watches below are written at once
    const stop = new AbortController();
    // The moment a watch's request has been handed to the connection (its 'finish' not yet
    // seen), as a loaded event loop stretches it: the watch is aborted then.
    const onSent = (message: unknown) => {
      const { request } = message as { request: { path: string } };
      if (request.path.includes('watch=true')) stop.abort(new Error('informer stopped'));
    };
    subscribe('undici:request:bodySent', onSent);
    try {
      const watches = Array.from({ length: 4 }, () =>
        client
          .get()
          .namespace('default')
          .resource('configmaps')
          .signal(stop.signal)
          .watch()
          .then(
            () => 'started',
            () => 'aborted',
          ),
      );
      expect(await Promise.all(watches)).toEqual(['aborted', 'aborted', 'aborted', 'aborted']);
    } finally {
      unsubscribe('undici:request:bodySent', onSent);
    }
    // The server answered the watches; a later response on the connection has been read.
    await list(client);
    await client.close();
    for (const socket of sockets) socket.destroy(); // and the server goes away
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
    expect(escaped).toEqual([]);
  });
});
