import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestResponse } from '../http-client';

/** A JSON document as received (plain JSON, typed loosely as tests read it). */
type Json = TestResponse['body'];

/** One response that went through a {@link RecordingProxy}. */
export interface RecordedResponse {
  /** The request's URL (path and query). */
  url: string;
  /** The body received so far. */
  text: string;
  /** Whether the body is complete. */
  ended: boolean;
}

/** A plain-HTTP proxy in front of an API server that keeps every response body it passed on. */
export interface RecordingProxy {
  /** `http://127.0.0.1:<port>`: give it to a client instead of the server's URL. */
  url: string;
  readonly responses: readonly RecordedResponse[];
  /**
   * Every object the client received in complete JSON documents or watch lines: list items,
   * watch event objects and single objects.
   */
  objects(): Json[];
  /** Stops listening and cuts every connection. */
  stop(): Promise<void>;
}

/**
 * Starts a proxy to `target` (a plain-HTTP server such as `startApiServer({ http: true })`) that
 * records what a client under test was sent: for tests of what a client receives, e.g. which
 * pods a kubelet decodes.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const responses: RecordedResponse[] = [];
  const server = http.createServer((req, res) => {
    const upstream = http.request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: req.headers },
      (up) => {
        const rec: RecordedResponse = { url: req.url ?? '/', text: '', ended: false };
        responses.push(rec);
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.on('data', (chunk: Buffer) => {
          rec.text += chunk.toString();
          res.write(chunk);
        });
        up.on('end', () => {
          rec.ended = true;
          res.end();
        });
        up.on('error', () => res.destroy());
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    responses,
    objects() {
      const out: Json[] = [];
      for (const r of responses) {
        const lines = r.text.split('\n');
        if (!r.ended) lines.pop(); // a watch line still arriving
        for (const line of lines) {
          if (!line.trim()) continue;
          const doc = JSON.parse(line);
          if (Array.isArray(doc.items)) out.push(...doc.items);
          else if (doc.type && doc.object) out.push(doc.object);
          else out.push(doc);
        }
      }
      return out;
    },
    stop() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
