import { inspect } from 'node:util';
import {
  FakeClock,
  StatusError,
  isResourceExpired,
  watchEventBatchesOf,
  type WatchEvent,
} from '@kubekit/apimachinery';
import {
  eventually,
  sendJson,
  useServerAndClient,
  type TestServer,
} from './internal/testing/http-test-server';
import { event, line, startStream } from './internal/testing/watch-frames';
import { RESTClient } from './rest-client';
import { MaxWatchFrameLength, type WatchStream } from './watch';
import { WatchError } from './watch-error';

const tick = () => new Promise((r) => setImmediate(r));
const expired = {
  type: 'ERROR',
  object: { kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 410, reason: 'Expired' },
};
const names = (batch: readonly WatchEvent[]): string[] =>
  batch.map((e) => e.object.metadata!.name!);

async function collect(stream: WatchStream): Promise<{ events: WatchEvent[]; error: unknown }> {
  const events: WatchEvent[] = [];
  try {
    for await (const e of stream) events.push(e);
    return { events, error: undefined };
  } catch (error) {
    return { events, error };
  }
}

describe('watch', () => {
  const setup = useServerAndClient();
  let server: TestServer;
  let client: RESTClient;
  beforeEach(() => {
    ({ server, client } = setup);
  });

  it('decodes frames split across chunks (even inside a UTF-8 character) and several per chunk; a server close ends the iteration', async () => {
    const events = [
      event('ADDED', 'a', '1'),
      event('MODIFIED', 'a', '2'),
      event('DELETED', 'a', '3'),
      event('BOOKMARK', 'b', '4'),
    ];
    const bytes = Buffer.from(events.map((e) => JSON.stringify(e) + '\n').join(''));
    server.handle(async (_req, res) => {
      startStream(res);
      // byte-sized pieces for the first two events, then the rest in one chunk
      const firstTwo = bytes.indexOf('\n', bytes.indexOf('\n') + 1) + 1;
      for (let i = 0; i < firstTwo; i += 7) {
        res.write(bytes.subarray(i, Math.min(i + 7, firstTwo)));
        await tick();
      }
      res.end(bytes.subarray(firstTwo));
    });
    const stream = await client
      .get()
      .namespace('ns')
      .resource('configmaps')
      .param('resourceVersion', '0')
      .watch();
    const got = await collect(stream);
    expect(got.error).toBeUndefined();
    expect(got.events).toEqual(events);
    expect(stream.endReason).toBe('ServerClosed');
    expect(server.requests[0]!.url).toBe(
      '/api/v1/namespaces/ns/configmaps?resourceVersion=0&watch=true',
    );
  });

  it('accepts a last frame without a trailing newline', async () => {
    server.handle((_req, res) => {
      startStream(res);
      res.end(JSON.stringify(event('ADDED', 'x', '9')));
    });
    const got = await collect(await client.get().resource('configmaps').watch());
    expect(got.events.map((e) => e.object.metadata?.name)).toEqual(['x']);
  });

  it('skips blank and whitespace-only lines between frames', async () => {
    server.handle((_req, res) => {
      startStream(res);
      const a = JSON.stringify(event('ADDED', 'a', '1'));
      const b = JSON.stringify(event('ADDED', 'b', '2'));
      res.end(`\n \t\r\n${a}\r\n\n\u00a0\n${b}\n  `);
    });
    const stream = await client.get().resource('configmaps').watch();
    const got = await collect(stream);
    expect(got.error).toBeUndefined();
    expect(got.events.map((e) => e.object.metadata?.name)).toEqual(['a', 'b']);
    expect(stream.endReason).toBe('ServerClosed');
  });

  it.each([
    ['not JSON', '{"type":"ADDED","object":{"kind":', 'is not JSON'],
    ['not an event', '{"kind":"ConfigMap"}', 'is not a watch event'],
  ])('throws MalformedFrame naming a frame that is %s', async (_what, frame, message) => {
    server.handle((_req, res) => {
      startStream(res);
      res.end(
        `${JSON.stringify(event('ADDED', 'a', '1'))}\n${frame}\n${JSON.stringify(event('ADDED', 'b', '2'))}\n`,
      );
    });
    const stream = await client.get().resource('configmaps').watch();
    const got = await collect(stream);
    expect(got.events).toHaveLength(1);
    expect(WatchError.isInstance(got.error)).toBe(true);
    const err = got.error as WatchError;
    expect(err.reason).toBe('MalformedFrame');
    expect(err.frameLength).toBe(frame.length);
    expect(err.message).toContain(message);
    // the frame's text (object data: a Secret's, on a watch of Secrets) is not in the error
    expect(inspect(err)).not.toContain('"kind"');
    expect(stream.endReason).toBe('MalformedFrame');
  });

  it('closes a watch whose frame passes 16 MiB (FrameTooLarge) without buffering the rest', async () => {
    const mib = Buffer.alloc(1024 * 1024, 'x');
    let written = 0;
    server.handle((_req, res) => {
      startStream(res);
      res.write(`${JSON.stringify(event('ADDED', 'a', '1'))}\n{"type":"ADDED","object":{"data":"`);
      // An endless frame, written as fast as the client reads it.
      const pump = () => {
        while (!res.destroyed && written < 64 * mib.length) {
          written += mib.length;
          if (!res.write(mib)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end('"}}\n'); // without a limit, a 64 MiB event is decoded
      };
      res.on('close', () => res.removeAllListeners('drain'));
      pump();
    });
    const stream = await client.get().resource('configmaps').watch();
    const got = await collect(stream);
    expect(got.events).toHaveLength(1);
    expect((got.error as WatchError).reason).toBe('FrameTooLarge');
    expect(stream.endReason).toBe('FrameTooLarge');
    expect(MaxWatchFrameLength).toBe(16 * 1024 * 1024);
    // The client stopped reading soon after 16 MiB (socket buffers hold a few MiB more).
    expect(written).toBeLessThan(32 * mib.length);
  });

  it('throws the StatusError of an ERROR event', async () => {
    server.handle((_req, res) => {
      startStream(res);
      res.write(
        JSON.stringify({
          type: 'ERROR',
          object: {
            kind: 'Status',
            apiVersion: 'v1',
            status: 'Failure',
            code: 410,
            reason: 'Expired',
            message: 'too old resource version: 1 (5)',
          },
        }) + '\n',
      );
    });
    const stream = await client.get().resource('configmaps').watch();
    const got = await collect(stream);
    expect(StatusError.isInstance(got.error)).toBe(true);
    expect(isResourceExpired(got.error)).toBe(true);
    expect((got.error as Error).message).toBe('too old resource version: 1 (5)');
    expect(stream.endReason).toBe('Error');
  });

  it('surfaces an error status of the watch request itself as StatusError', async () => {
    server.handle((_req, res) =>
      sendJson(res, 403, {
        kind: 'Status',
        code: 403,
        reason: 'Forbidden',
        message: 'no watch for you',
      }),
    );
    await expect(client.get().resource('secrets').watch()).rejects.toMatchObject({
      code: 403,
      reason: 'Forbidden',
    });
  });

  it('ends normally with endReason Aborted when the signal aborts', async () => {
    server.handle((_req, res) => {
      startStream(res);
      res.write(JSON.stringify(event('ADDED', 'a', '1')) + '\n');
    });
    const ac = new AbortController();
    const stream = await client.get().resource('configmaps').signal(ac.signal).watch();
    const events: WatchEvent[] = [];
    for await (const e of stream) {
      events.push(e);
      ac.abort();
    }
    expect(events).toHaveLength(1);
    expect(stream.endReason).toBe('Aborted');
  });

  it('throws WatchError ConnectionLost when the connection drops mid-stream', async () => {
    server.handle(async (req, res) => {
      startStream(res);
      res.write(JSON.stringify(event('ADDED', 'a', '1')) + '\n');
      await tick();
      req.socket.destroy();
    });
    const stream = await client.get().resource('configmaps').watch();
    const got = await collect(stream);
    expect(got.events).toHaveLength(1);
    expect((got.error as WatchError).reason).toBe('ConnectionLost');
    expect(stream.endReason).toBe('ConnectionLost');
  });

  it('closes the HTTP stream when the loop breaks or close() is called', async () => {
    let closedResponses = 0;
    server.handle((_req, res) => {
      res.on('close', () => closedResponses++);
      startStream(res);
      res.write(JSON.stringify(event('ADDED', 'a', '1')) + '\n');
    });
    const stream = await client.get().resource('configmaps').watch();
    for await (const _e of stream) break;
    expect(stream.endReason).toBe('Closed');
    await eventually(() => closedResponses === 1);

    const other = await client.get().resource('configmaps').watch();
    const it = other[Symbol.asyncIterator]();
    await it.next();
    const pending = it.next();
    other.close();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(other.endReason).toBe('Closed');
    await eventually(() => closedResponses === 2);
  });

  it('fails with Inactive only after inactivityTimeoutMs without a byte, never on a healthy stream', async () => {
    const clock = new FakeClock();
    const quiet = new RESTClient(
      { server: server.url, qps: Infinity, warningHandler: null },
      { clock },
    );
    let send: (name: string) => void = () => undefined;
    server.handle((_req, res) => {
      startStream(res);
      send = (name) => res.write(JSON.stringify(event('ADDED', name, '1')) + '\n');
    });
    const stream = await quiet.get().resource('configmaps').watch({ inactivityTimeoutMs: 1000 });
    const seen: string[] = [];
    const done = (async () => {
      try {
        for await (const e of stream) seen.push(e.object.metadata!.name!);
      } catch (err) {
        return err;
      }
      return undefined;
    })();
    for (let i = 0; i < 5; i++) {
      send(`e${i}`);
      await eventually(() => seen.length === i + 1);
      clock.step(600); // 3 s in total, but never 1 s without data
    }
    expect(stream.endReason).toBeUndefined();
    clock.step(1000);
    const err = (await done) as WatchError;
    expect(err.reason).toBe('Inactive');
    expect(stream.endReason).toBe('Inactive');
    await quiet.destroy();
  });

  it.each([
    ['an ERROR event', line(expired), (err: unknown) => isResourceExpired(err), 'Error'],
    [
      'a broken frame',
      '{"type":"ADDED","object":\n',
      (err: unknown) => (err as WatchError).reason === 'MalformedFrame',
      'MalformedFrame',
    ],
  ])(
    'in the middle of a chunk, %s comes after the batch of the events before it; those after it are never handed over',
    async (_what, bad, isIt, endReason) => {
      let closed = false;
      server.handle((_req, res) => {
        res.on('close', () => (closed = true));
        startStream(res);
        // one write: however the client's reads split it, the order is what counts
        res.write(
          line(event('ADDED', 'a', '1')) +
            line(event('BOOKMARK', 'b', '2')) +
            bad +
            line(event('ADDED', 'c', '3')),
        );
      });
      const stream = await client.get().resource('configmaps').watch();
      const batches = watchEventBatchesOf(stream)!;
      const seen: string[] = [];
      let error: unknown;
      try {
        for (let r = await batches.next(); !r.done; r = await batches.next())
          seen.push(...names(r.value));
      } catch (err) {
        error = err;
      }
      expect(seen).toEqual(['a', 'b']);
      expect(isIt(error)).toBe(true);
      expect(StatusError.isInstance(error) || WatchError.isInstance(error)).toBe(true);
      expect(stream.endReason).toBe(endReason);
      await eventually(() => closed);
    },
  );
});
