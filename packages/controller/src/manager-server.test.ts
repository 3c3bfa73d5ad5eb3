import * as http from 'node:http';
import * as promClient from 'prom-client';
import { ControllerError } from './controller-error';
import { startManagerServer, type ManagerServer } from './manager-server';

const servers: ManagerServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(options: Parameters<typeof startManagerServer>[0]) {
  const server = await startManagerServer(options);
  servers.push(server);
  return server;
}

async function get(url: string): Promise<{ status: number; body: string; type: string | null }> {
  const res = await fetch(url);
  return { status: res.status, body: await res.text(), type: res.headers.get('content-type') };
}

describe('startManagerServer', () => {
  it('serves the registry on /metrics and health on a separate address', async () => {
    const registry = new promClient.Registry();
    new promClient.Counter({ name: 'reconciles_total', help: 'h', registers: [registry] }).inc(3);
    const server = await start({
      metricsAddress: '127.0.0.1:0',
      healthAddress: 'localhost:0',
      registry,
    });
    expect(server.metricsUrl).not.toEqual(server.healthUrl);
    const metrics = await get(`${server.metricsUrl}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toBe(registry.contentType);
    expect(metrics.body).toContain('reconciles_total 3');
    expect((await get(`${server.metricsUrl}/healthz`)).status).toBe(404);
    expect((await get(`${server.healthUrl}/metrics`)).status).toBe(404);
    expect(await get(`${server.healthUrl}/healthz`)).toMatchObject({ status: 200, body: 'ok' });
  });

  it('answers like kube healthz: ok, verbose lines with reasons, per-check endpoints, exclusions', async () => {
    const failures: string[] = [];
    let synced = false;
    const server = await start({
      healthAddress: '127.0.0.1:0',
      healthChecks: { informers: () => {} },
      readyChecks: {
        'informer-sync': async () => {
          if (!synced) throw new Error('informers not synced: pods (connection refused)\nmore');
        },
      },
      onCheckFailed: (endpoint, name, err) =>
        failures.push(`${endpoint}/${name}: ${(err as Error).message}`),
    });
    const url = server.healthUrl!;
    expect(await get(`${url}/readyz`)).toEqual({
      status: 500,
      type: 'text/plain; charset=utf-8',
      body: '[+]ping ok\n[-]informer-sync failed: informers not synced: pods (connection refused)\nreadyz check failed\n',
    });
    expect(failures).toEqual([
      'readyz/informer-sync: informers not synced: pods (connection refused)\nmore',
    ]);
    expect(await get(`${url}/readyz/informer-sync`)).toMatchObject({
      status: 500,
      body: 'internal server error: informers not synced: pods (connection refused)',
    });
    expect(await get(`${url}/readyz?exclude=informer-sync`)).toMatchObject({
      status: 200,
      body: 'ok',
    });
    synced = true;
    expect(await get(`${url}/readyz`)).toMatchObject({ status: 200, body: 'ok' });
    expect(await get(`${url}/readyz?verbose`)).toMatchObject({
      status: 200,
      body: '[+]ping ok\n[+]informer-sync ok\nreadyz check passed\n',
    });
    expect(await get(`${url}/livez?verbose=1`)).toMatchObject({
      body: '[+]ping ok\n[+]informers ok\nlivez check passed\n',
    });
    expect(await get(`${url}/healthz/informers`)).toMatchObject({ status: 200, body: 'ok' });
    expect((await get(`${url}/healthz/nope`)).status).toBe(404);
    expect((await get(`${url}/readyz?exclude=nope&verbose`)).body).toContain(
      'warn: some health checks cannot be excluded: no matches for "nope"',
    );
  });

  it('withholds reasons when asked to, as kube-apiserver does', async () => {
    const server = await start({
      healthAddress: '127.0.0.1:0',
      withholdReasons: true,
      readyChecks: {
        secret: () => {
          throw new Error('token s3cr3t');
        },
      },
    });
    const readyz = await get(`${server.healthUrl}/readyz`);
    expect(readyz.body).toBe(
      '[+]ping ok\n[-]secret failed: reason withheld\nreadyz check failed\n',
    );
    expect((await get(`${server.healthUrl}/readyz/secret`)).body).not.toContain('s3cr3t');
  });

  it('takes checks added later, and serves everything from one server when the addresses are equal', async () => {
    const registry = new promClient.Registry();
    const server = await start({ healthAddress: '127.0.0.1:0', registry });
    server.addHealthCheck('wedged', () => {
      throw new Error('no');
    });
    expect((await get(`${server.healthUrl}/healthz`)).status).toBe(500);
    expect((await get(`${server.healthUrl}/livez`)).body).toContain('[-]wedged failed');

    // The same address text (port 0 included) means one listener for both.
    const shared = await start({
      metricsAddress: '127.0.0.1:0',
      healthAddress: '127.0.0.1:0',
      registry,
    });
    expect(shared.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(shared.metricsUrl).toBe(shared.healthUrl);
    expect((await get(`${shared.metricsUrl}/metrics`)).status).toBe(200);
    expect((await get(`${shared.healthUrl}/readyz`)).status).toBe(200);
  });

  it('serves nothing for "0" or omitted addresses', async () => {
    const server = await start({ metricsAddress: '0' });
    expect(server.metricsUrl).toBeUndefined();
    expect(server.healthUrl).toBeUndefined();
  });

  it('rejects malformed addresses and ports already in use', async () => {
    await expect(startManagerServer({ healthAddress: 'localhost' })).rejects.toMatchObject({
      reason: 'InvalidOptions',
    });
    const first = await start({ healthAddress: '127.0.0.1:0' });
    const port = new URL(first.healthUrl!).port;
    const err = await startManagerServer({
      metricsAddress: '127.0.0.1:0',
      healthAddress: `127.0.0.1:${port}`,
    }).catch((e: unknown) => e);
    expect(ControllerError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ reason: 'ServerFailed' });
  });

  it('reports errors a listening server emits (an accept failing with EMFILE) and keeps serving', async () => {
    // the server object is internal: take it from its listen() call
    const listen = jest.spyOn(http.Server.prototype, 'listen');
    const errors: Error[] = [];
    try {
      const server = await start({
        healthAddress: '127.0.0.1:0',
        onServerError: (err) => errors.push(err),
      });
      expect(listen.mock.contexts).toHaveLength(1);
      const listening = listen.mock.contexts[0] as http.Server;
      const emfile = Object.assign(new Error('accept EMFILE'), { code: 'EMFILE' });
      // without a listener after listen(), the second of these was an uncaught 'error'
      listening.emit('error', emfile);
      listening.emit('error', emfile);
      expect(errors).toEqual([emfile, emfile]);
      expect(await get(`${server.healthUrl}/healthz`)).toMatchObject({ status: 200, body: 'ok' });
    } finally {
      listen.mockRestore();
    }
  });
});
