import {
  createServer as createHttpServer,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { RESTClient } from '../../rest-client';
import { testCerts } from './certs';

/** What the test server saw of one request. */
export interface SeenRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  /** The CN of the client certificate, when one was presented. */
  clientCN: string | undefined;
}

/** Handles one request; `seen` has the fully read body. */
export type TestHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  seen: SeenRequest,
) => void | Promise<void>;

/** A running local server for tests. */
export interface TestServer {
  /** `http(s)://127.0.0.1:<port>` */
  url: string;
  /** The CA to trust (HTTPS only). */
  ca: string;
  /** Every request received, in order. */
  requests: SeenRequest[];
  /** Sockets accepted (connection reuse shows as a count below the request count). */
  connections: number;
  /** Replaces the handler. */
  handle(handler: TestHandler): void;
  close(): Promise<void>;
}

/** Replies with a JSON body. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * Starts a node:http or node:https server on 127.0.0.1, port 0. With `tls`, the server
 * requests (but does not require) a client certificate signed by the test CA.
 */
export async function startTestServer(
  options: { tls?: boolean; handler?: TestHandler } = {},
): Promise<TestServer> {
  const certs = options.tls ? await testCerts() : undefined;
  let handler: TestHandler = options.handler ?? ((_req, res) => sendJson(res, 404, {}));
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const peer = (req.socket as TLSSocket).getPeerCertificate?.();
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        clientCN: peer && 'subject' in peer && peer.subject ? String(peer.subject.CN) : undefined,
      };
      requests.push(seen);
      Promise.resolve(handler(req, res, seen)).catch((err: unknown) => {
        if (!res.headersSent) sendJson(res, 599, { message: String(err) });
        else res.destroy();
      });
    });
  };
  const server = certs
    ? createHttpsServer(
        {
          cert: certs.serverCert,
          key: certs.serverKey,
          ca: certs.ca,
          requestCert: true,
          rejectUnauthorized: false,
        },
        listener,
      )
    : createHttpServer(listener);
  server.on(certs ? 'secureConnection' : 'connection', (s: Socket) => {
    connections++;
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${certs ? 'https' : 'http'}://127.0.0.1:${port}`,
    ca: certs?.ca ?? '',
    requests,
    get connections() {
      return connections;
    },
    handle(h) {
      handler = h;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `condition` (each macrotask) until it holds; fails after `ms` of real time. */
export async function eventually(condition: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * A {@link TestServer} and a RESTClient of it (no client-side rate limit, warnings dropped) for
 * the tests of one `describe` block: started before them, destroyed and closed after them, the
 * server's seen requests cleared before each. Read `server` and `client` inside the tests.
 */
export function useServerAndClient(): { readonly server: TestServer; readonly client: RESTClient } {
  let server: TestServer | undefined;
  let client: RESTClient | undefined;
  beforeAll(async () => {
    server = await startTestServer();
    client = new RESTClient({ server: server.url, qps: Infinity, warningHandler: null });
  });
  beforeEach(() => {
    server!.requests.length = 0;
  });
  afterAll(async () => {
    await client?.destroy();
    await server?.close();
  });
  return {
    get server() {
      return server!;
    },
    get client() {
      return client!;
    },
  };
}
