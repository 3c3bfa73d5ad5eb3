import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { ConfigError } from './config-error';
import { sendJson, startTestServer } from './internal/testing/http-test-server';
import { inClusterConfig } from './in-cluster-config';
import { loadConfig } from './load-config';
import { RESTClient } from './rest-client';

describe('inClusterConfig and loadConfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubekit-sa-'));
    await writeFile(join(dir, 'token'), 'sa-token-1\n');
    await writeFile(join(dir, 'namespace'), 'team-a\n');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('builds the config from the service environment and the mounted service account', async () => {
    await writeFile(join(dir, 'ca.crt'), 'pem');
    const env = { KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' };
    expect(inClusterConfig({ env, serviceAccountDir: dir })).toEqual({
      server: 'https://10.0.0.1:443',
      bearerTokenFile: join(dir, 'token'),
      caFile: join(dir, 'ca.crt'),
      namespace: 'team-a',
    });
    const v6 = inClusterConfig({
      env: { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '6443' },
      serviceAccountDir: dir,
    });
    expect(v6.server).toBe('https://[fd00::1]:6443');
  });

  it('fails with NotInCluster outside a pod and FileNotFound without a token', async () => {
    expect(() => inClusterConfig({ env: {}, serviceAccountDir: dir })).toThrow(
      expect.objectContaining({ reason: 'NotInCluster' }) as Error,
    );
    const err = (() => {
      try {
        inClusterConfig({
          env: { KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_SERVICE_PORT: '1' },
          serviceAccountDir: join(dir, 'x'),
        });
      } catch (e) {
        return e;
      }
    })();
    expect(ConfigError.isInstance(err) && err.reason).toBe('FileNotFound');
  });

  it('follows service account token rotation', async () => {
    const server = await startTestServer();
    server.handle((req, res) =>
      req.headers.authorization === 'Bearer sa-token-2'
        ? sendJson(res, 200, {})
        : sendJson(res, 401, { kind: 'Status', code: 401 }),
    );
    const config = inClusterConfig({
      env: { KUBERNETES_SERVICE_HOST: 'h', KUBERNETES_SERVICE_PORT: '1' },
      serviceAccountDir: dir,
    });
    const client = new RESTClient({
      ...config,
      server: server.url,
      caFile: undefined,
      warningHandler: null,
    });
    await expect(client.get().resource('pods').do()).rejects.toMatchObject({ code: 401 });
    await writeFile(join(dir, 'token'), 'sa-token-2\n');
    await expect(client.get().resource('pods').do()).resolves.toEqual({});
    await client.close();
    await server.close();
  });

  it('loadConfig prefers KUBECONFIG, then the service account, then ~/.kube/config', async () => {
    const kc = (name: string) =>
      stringify({
        clusters: [{ name, cluster: { server: `https://${name}:6443` } }],
        users: [{ name, user: {} }],
        contexts: [{ name, context: { cluster: name, user: name } }],
        'current-context': name,
      });
    await writeFile(join(dir, 'env-config'), kc('from-env'));
    await writeFile(join(dir, 'home-config'), kc('from-home'));
    await mkdir(join(dir, 'home/.kube'), { recursive: true });
    await rename(join(dir, 'home-config'), join(dir, 'home/.kube/config'));
    const home = join(dir, 'home');
    const inPod = { KUBERNETES_SERVICE_HOST: 'pod-api', KUBERNETES_SERVICE_PORT: '443' };
    const opts = { serviceAccountDir: dir };
    expect(
      loadConfig({ ...opts, env: { HOME: home, KUBECONFIG: join(dir, 'env-config'), ...inPod } })
        .server,
    ).toBe('https://from-env:6443');
    expect(loadConfig({ ...opts, env: { HOME: home, ...inPod } }).server).toBe(
      'https://pod-api:443',
    );
    expect(loadConfig({ ...opts, env: { HOME: home } }).server).toBe('https://from-home:6443');
    expect(() => loadConfig({ ...opts, env: { HOME: join(dir, 'nobody') } })).toThrow(
      `no Kubernetes configuration found: KUBECONFIG is not set, ${join(dir, 'nobody/.kube/config')} does not exist, and this is not a pod (KUBERNETES_SERVICE_HOST is not set)`,
    );
  });

  it('loadConfig names the KUBECONFIG files it looked at when none gives a context', async () => {
    await writeFile(join(dir, 'empty'), 'apiVersion: v1\nkind: Config\n');
    const list = [join(dir, 'missing-a'), join(dir, 'empty')].join(delimiter);
    const err = (() => {
      try {
        return loadConfig({ env: { KUBECONFIG: list, HOME: dir } });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(err.reason).toBe('NotFound');
    expect(err.message).toBe(
      `no Kubernetes configuration found: KUBECONFIG=${list} lists no usable file (${join(dir, 'missing-a')} does not exist, ${join(dir, 'empty')} defines no context); point KUBECONFIG at a kubeconfig file, or run in a cluster`,
    );
  });
});
