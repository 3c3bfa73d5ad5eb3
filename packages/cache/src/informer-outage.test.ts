/**
 * An informer over HTTP facing an outage: a closed port, then a server answering 429 with
 * Retry-After. Failures must reach the watch error handler (the log) and `health()` at once,
 * not after a request's 60 s deadline, and the informer must sync once the server is back.
 * Everything runs on a fake clock: nothing here waits for real time to pass.
 */
import { FakeClock, StatusError } from '@kubekit/apimachinery';
import { RESTClient, RequestError } from '@kubekit/rest';
import { startApiServer } from '@kubekit/testing';
import { until } from './internal/test-helpers';
import { listWatchFromClient } from './list-watch-from-client';
import type { WatchErrorHandler } from './reflector';
import { informerHealthCheck } from './informer-health-check';
import { newSharedIndexInformer } from './shared-informer';
import { newSharedInformerFactory } from './shared-informer-factory';

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };

describe('an informer facing an outage', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });

  /** An informer on `clock`; its client's deadlines run on real time (they never fire here). */
  function informerAt(url: string, token: string, clock: FakeClock, clientClock?: FakeClock) {
    const client = new RESTClient(
      { server: url, bearerToken: token, qps: Infinity, warningHandler: null },
      clientClock ? { clock: clientClock } : {},
    );
    const logged: { error: unknown; retryInMs: number | undefined }[] = [];
    const onError: WatchErrorHandler = (error, { retryInMs }) => logged.push({ error, retryInMs });
    const informer = newSharedIndexInformer({
      listerWatcher: listWatchFromClient({ client, resource: configMaps }),
      watchErrorHandler: onError,
      clock,
      random: () => 0.5,
    });
    const stop = new AbortController();
    const done = informer.run({ signal: stop.signal });
    stops.push(async () => {
      stop.abort();
      await done;
      await client.destroy();
    });
    return { informer, logged };
  }

  it('reports a refused connection without waiting (log and health), then syncs once the server is up', async () => {
    const first = await startApiServer({ http: true });
    const { url, token } = first;
    const port = Number(new URL(url).port);
    await first.stop();
    const clock = new FakeClock();
    const { informer, logged } = informerAt(url, token, clock);

    await until(() => logged.length > 0, 'a logged error');
    const err = logged[0]!.error as RequestError;
    expect(RequestError.isInstance(err)).toBe(true);
    expect(err.reason).toBe('ConnectionRefused');
    expect(err.message).toContain('connection refused');
    expect(err.cause).toMatchObject({ code: 'ECONNREFUSED', port });
    expect(logged[0]!.retryInMs).toBeUndefined();
    const health = informer.health();
    expect(health.synced).toBe(false);
    expect(health.lastError).toBe(err);
    expect(health.lastErrorTime).toBe(clock.now()); // reported before any backoff
    expect(err.message).not.toContain(token);
    const check = informerHealthCheck([informer]);
    expect(check).toThrow(
      `informers not synced: ${informer.name} (GET ${url}/api/v1/configmaps: connection refused`,
    );
    expect(check).toThrow(`connection refused (connect ECONNREFUSED 127.0.0.1:${port})`);

    const second = await startApiServer({ http: true, port, token });
    stops.unshift(() => second.stop());
    second.storage.create(
      { resource: 'configmaps' },
      { metadata: { name: 'a', namespace: 'default' } },
    );
    // The reflector backs off (800 ms doubling, up to 30 s): step past its wait, and let the
    // next attempt either sync or fail (each failure is logged).
    while (!informer.hasSynced()) {
      const failures = logged.length;
      expect(await clock.waitForWaiters(1)).toBe(true);
      clock.step(30_000);
      await until(() => informer.hasSynced() || logged.length > failures, 'the next attempt');
    }
    expect(informer.getStore().listKeys()).toEqual(['default/a']);
    expect(check).not.toThrow();
  });

  it('reports a 429 with Retry-After while the client is still retrying it', async () => {
    const server = await startApiServer({ http: true });
    stops.push(() => server.stop());
    server.faults.failRequests({ share: 1, code: 429, retryAfterSeconds: 7 });
    const clock = new FakeClock();
    const { informer, logged } = informerAt(server.url, server.token, clock, clock);

    await until(() => logged.length > 0, 'a logged retry');
    expect(logged[0]!.retryInMs).toBe(7000);
    expect(StatusError.isInstance(logged[0]!.error)).toBe(true);
    expect((logged[0]!.error as StatusError).code).toBe(429);
    expect(informer.health().lastError).toBe(logged[0]!.error);
    expect(informer.hasSynced()).toBe(false);

    server.faults.clear();
    clock.step(7000); // the Retry-After wait inside the request
    await until(() => informer.hasSynced(), 'sync');
  });

  it("a factory's started informers make a readiness check that names each unsynced one and why", async () => {
    const gone = await startApiServer({ http: true });
    const { url, token } = gone;
    await gone.stop();
    const clock = new FakeClock();
    const client = new RESTClient({ server: url, bearerToken: token, warningHandler: null });
    const logged: unknown[] = [];
    const factory = newSharedInformerFactory({
      client,
      clock,
      watchErrorHandler: (error) => logged.push(error),
    });
    factory.forResource(configMaps);
    factory.forResource({ group: 'apps', version: 'v1', resource: 'deployments' });
    const check = informerHealthCheck(() => factory.startedInformers());
    expect(check).not.toThrow(); // nothing started yet
    factory.start();
    stops.push(async () => {
      await factory.shutdown();
      await client.destroy();
    });
    expect(factory.startedInformers().map((i) => i.name)).toEqual([
      'core/v1/configmaps',
      'apps/v1/deployments',
    ]);
    await until(() => logged.length >= 2, 'both informers failing');
    expect(check).toThrow(
      /^informers not synced: core\/v1\/configmaps \(GET .*connection refused.*\), apps\/v1\/deployments \(GET .*connection refused/,
    );
  });
});
