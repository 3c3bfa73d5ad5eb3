import { Agent, request } from 'undici';
import type { WatchEvent } from '@kubekit/apimachinery';

/** A response as the tests look at it. */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The parsed JSON body (undefined when the body is not JSON). */
  body: any;
}

/** An open watch: events as they arrive, and a way to stop it. */
export interface TestWatch {
  /** Resolves with the next event, or undefined once the stream has ended. */
  next(): Promise<WatchEvent | undefined>;
  /** Collects events until `n` have arrived (or the stream ends). */
  take(n: number): Promise<WatchEvent[]>;
  close(): void;
  status: number;
}

/**
 * A minimal HTTP client for the server's own tests (plain undici, never @kubekit/rest): sends
 * the bearer token, trusts the server's CA, parses JSON, reads watch streams line by line.
 */
export class TestClient {
  private readonly agent: Agent;

  constructor(private readonly server: { url: string; token: string; caPem?: string }) {
    this.agent = new Agent({ connect: server.caPem ? { ca: server.caPem } : {} });
  }

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestResponse> {
    const payload =
      body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const res = await request(this.server.url + path, {
      method: method as 'GET',
      dispatcher: this.agent,
      headers: {
        authorization: `Bearer ${this.server.token}`,
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: payload,
    });
    const text = await res.body.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return { status: res.statusCode, headers: res.headers, text, body: parsed };
  }

  get(path: string, headers?: Record<string, string>): Promise<TestResponse> {
    return this.request('GET', path, undefined, headers);
  }

  post(path: string, body: unknown): Promise<TestResponse> {
    return this.request('POST', path, body);
  }

  put(path: string, body: unknown): Promise<TestResponse> {
    return this.request('PUT', path, body);
  }

  patch(path: string, body: unknown, contentType: string): Promise<TestResponse> {
    return this.request('PATCH', path, body, { 'content-type': contentType });
  }

  delete(path: string, body?: unknown): Promise<TestResponse> {
    return this.request('DELETE', path, body);
  }

  /** Opens a watch (`path` must carry `watch=true` or the `/watch/` prefix). */
  async watch(path: string): Promise<TestWatch> {
    const controller = new AbortController();
    const res = await request(this.server.url + path, {
      method: 'GET',
      dispatcher: this.agent,
      headers: { authorization: `Bearer ${this.server.token}` },
      signal: controller.signal,
    });
    const queue: WatchEvent[] = [];
    const waiters: Array<(e: WatchEvent | undefined) => void> = [];
    let ended = false;
    const push = (e: WatchEvent | undefined): void => {
      const w = waiters.shift();
      if (w) w(e);
      else if (e) queue.push(e);
    };
    void (async () => {
      let buf = '';
      try {
        for await (const chunk of res.body) {
          buf += chunk.toString();
          let i: number;
          while ((i = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, i);
            buf = buf.slice(i + 1);
            if (line.trim()) push(JSON.parse(line) as WatchEvent);
          }
        }
      } catch {
        // aborted or connection closed: the stream ends
      }
      ended = true;
      while (waiters.length) push(undefined);
    })();
    const next = (): Promise<WatchEvent | undefined> => {
      if (queue.length) return Promise.resolve(queue.shift());
      if (ended) return Promise.resolve(undefined);
      return new Promise((resolve) => waiters.push(resolve));
    };
    return {
      status: res.statusCode,
      next,
      take: async (n: number) => {
        const out: WatchEvent[] = [];
        while (out.length < n) {
          const e = await next();
          if (!e) break;
          out.push(e);
        }
        return out;
      },
      close: () => controller.abort(),
    };
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}
