import { startApiServer, type ApiServer } from '@kubekit/testing';
import type { Readable } from 'node:stream';
import { configFromKubeconfig } from './client-config';
import { RequestError } from './request-error';
import { RESTClient } from './rest-client';
import type { WatchStream } from './watch';
import { WatchError } from './watch-error';

/**
 * Closing or destroying a RESTClient while requests, watches and streams are in flight, in every
 * phase (waiting for a connection, waiting for headers, body streaming): every pending call fails
 * with a kubekit error, and no unhandled rejection or uncaught exception escapes.
 */
describe('RESTClient close() and destroy() with requests in flight', () => {
  let server: ApiServer;
  const escaped: unknown[] = [];
  const onEscape = (err: unknown) => escaped.push(err);
  const newClient = () =>
    new RESTClient(
      configFromKubeconfig(server.kubeconfigYaml, {
        overrides: { warningHandler: null, maxRetries: 0 },
      }),
    );
  const list = (c: RESTClient) => c.get().namespace('default').resource('configmaps').do();
  const watch = (c: RESTClient) =>
    c.get().namespace('default').resource('configmaps').watch() as Promise<WatchStream>;
  const stream = (c: RESTClient): Promise<Readable> =>
    c.get().namespace('default').resource('configmaps').param('watch', 'true').stream();
  const outcome = (p: Promise<unknown>) =>
    p.then(
      (value) => ({ value }),
      (error: unknown) => ({ error }),
    );
  /** Lets undici's deferred destroys and callbacks (microtasks, setImmediate) run. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  /** Reads a watch to its end; what it threw, or undefined. */
  const drain = async (w: WatchStream) => {
    try {
      for await (const _ of w);
      return undefined;
    } catch (err) {
      return err;
    }
  };

  beforeAll(async () => {
    server = await startApiServer();
    process.on('unhandledRejection', onEscape);
    process.on('uncaughtException', onEscape);
  });
  afterAll(async () => {
    process.off('unhandledRejection', onEscape);
    process.off('uncaughtException', onEscape);
    await server.stop();
  });
  afterEach(async () => {
    server.faults.clear();
    await settle();
    expect(escaped).toEqual([]);
    escaped.length = 0;
  });

  it('destroy() fails requests made before the pool exists, or waiting for a connection', async () => {
    const client = newClient();
    const early = [list(client), list(client)].map(outcome);
    await client.destroy();
    const warm = newClient();
    await list(warm); // the pool exists; its connection is dropped: new requests must connect
    server.faults.closeConnections();
    const connecting = [list(warm), list(warm)].map(outcome);
    await new Promise((resolve) => setImmediate(resolve));
    await warm.destroy();
    for (const o of await Promise.all([...early, ...connecting])) {
      expect((o as { error: unknown }).error).toBeInstanceOf(RequestError);
      expect((o as { error: RequestError }).error.message).toMatch(/client .*destroyed/);
    }
  });

  it('destroy() fails requests waiting for headers, and ends open watches and streams', async () => {
    const client = newClient();
    const w = await watch(client);
    const s = await stream(client);
    const streamError = new Promise<unknown>((resolve) => s.once('error', resolve));
    const watchEnd = drain(w);
    server.faults.setLatency(1_000);
    const pending = [list(client), list(client)].map(outcome);
    await new Promise((resolve) => setTimeout(resolve, 50)); // sent: now waiting for headers
    await client.destroy();
    for (const o of await Promise.all(pending))
      expect((o as { error: unknown }).error).toBeInstanceOf(RequestError);
    const ended = await watchEnd;
    expect(ended).toBeInstanceOf(WatchError);
    expect((ended as WatchError).reason).toBe('ConnectionLost');
    expect(await streamError).toBeInstanceOf(Error);
  });

  it('destroy() with watches and streams nobody reads or listens to raises nothing', async () => {
    const client = newClient();
    await watch(client);
    await stream(client);
    await client.destroy();
  });

  it('close() after destroy(), close() twice and destroy() after close() all resolve', async () => {
    const destroyed = newClient();
    await list(destroyed);
    await destroyed.destroy();
    await expect(destroyed.close()).resolves.toBeUndefined();
    await expect(destroyed.destroy()).resolves.toBeUndefined();

    const closed = newClient();
    await list(closed);
    await closed.close();
    await expect(closed.close()).resolves.toBeUndefined();
    await expect(closed.destroy()).resolves.toBeUndefined();

    const unused = newClient();
    await unused.close();
    await expect(unused.close()).resolves.toBeUndefined();
  });

  it('a request after close() or destroy() rejects with RequestError', async () => {
    const closed = newClient();
    await list(closed);
    const closing = closed.close();
    const late = await outcome(list(closed));
    await closing;
    const later = await outcome(list(closed));
    for (const o of [late, later])
      expect((o as { error: unknown }).error).toBeInstanceOf(RequestError);

    const destroyed = newClient();
    await destroyed.destroy();
    const after = await outcome(list(destroyed));
    expect((after as { error: unknown }).error).toBeInstanceOf(RequestError);
  });

  it('close() racing a request and a watch being closed by its owner raises nothing', async () => {
    const client = newClient();
    const w = await watch(client);
    const inFlight = outcome(list(client));
    const closing = client.close();
    w.close();
    await drain(w);
    expect(await inFlight).toHaveProperty('value');
    await closing;
  });
});
