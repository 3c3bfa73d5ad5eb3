import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { startApiServer, type ApiServer, type ApiServerOptions } from './api-server';
import { TestClient, clusterAccessFromKubeconfig } from './http-client';
import type { KubeConfigFile } from './server/kubeconfig';

/**
 * Which server a test suite talks to, from the `KUBEKIT_SERVER` environment variable:
 * - `embedded` (or unset): a fresh in-memory server of {@link startApiServer} per call;
 * - `real`: the kube-apiserver + etcd the real tier of kubekit's own repository builds and
 *   starts (its jest globalSetup points KUBECONFIG at it);
 * - `kubeconfig`: the cluster of the current context of `$KUBECONFIG`, whatever it is.
 *
 * A set KUBECONFIG alone never sends tests to a cluster: a developer's shell often points it
 * at a cluster nobody wants test objects in.
 */
export type TestServerKind = 'embedded' | 'real' | 'kubeconfig';

/** Reads {@link TestServerKind} from `env` (default `process.env`); throws on an unknown value. */
export function testServerKind(env: NodeJS.ProcessEnv = process.env): TestServerKind {
  const value = env.KUBEKIT_SERVER ?? 'embedded';
  if (value === '' || value === 'embedded') return 'embedded';
  if (value === 'real' || value === 'kubeconfig') return value;
  throw new Error(
    `KUBEKIT_SERVER=${JSON.stringify(value)} is not one of embedded, real, kubeconfig`,
  );
}

/** Options of {@link startServerUnderTest}. */
export interface ServerUnderTestOptions {
  /** Options of the embedded server (ignored on a real one). */
  readonly embedded?: ApiServerOptions;
  /** The environment to read KUBEKIT_SERVER and KUBECONFIG from (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
}

/** The server a suite talks to: the subset of {@link ApiServer} every kind offers. */
export interface ServerUnderTest {
  readonly kind: TestServerKind;
  /** The server's base URL. */
  readonly url: string;
  /** A kubeconfig object reaching the server. */
  readonly kubeConfig: KubeConfigFile;
  /** {@link ServerUnderTest.kubeConfig} as YAML. */
  readonly kubeconfigYaml: string;
  /** The bearer token of the kubeconfig's current user. */
  readonly token: string;
  /** PEM of the CA that signed the serving certificate (undefined over plain HTTP). */
  readonly caPem?: string;
  /**
   * The embedded server with its test-only facilities (fault injection, storage, restart);
   * undefined on a real server, so a test needing them must skip itself there.
   */
  readonly embedded?: ApiServer;
  /**
   * Creates a namespace with a unique name (`prefix-xxxxxx`), deleted again by `stop()`.
   * Suites share a real server, so tests isolate their objects this way.
   */
  namespace(prefix: string): Promise<string>;
  /** Waits for the embedded server's built-in controllers; returns at once on a real server. */
  settle(): Promise<void>;
  /** Deletes the namespaces of `namespace()`, then stops an embedded server. */
  stop(): Promise<void>;
}

/**
 * Starts the embedded in-memory server, or connects to the real one, as `KUBEKIT_SERVER` says
 * (see {@link TestServerKind}): one switch runs a suite against either. The counterpart of
 * controller-runtime envtest's `USE_EXISTING_CLUSTER`.
 *
 * Errors: `real` or `kubeconfig` without KUBECONFIG, or a kubeconfig whose current user has no
 * bearer token, throw and say so.
 *
 * @example
 * ```ts
 * const server = await startServerUnderTest();
 * const ns = await server.namespace('informer');
 * // ... a client on server.url with server.token ...
 * await server.stop();
 * ```
 * @see https://pkg.go.dev/sigs.k8s.io/controller-runtime/pkg/envtest
 */
export async function startServerUnderTest(
  options: ServerUnderTestOptions = {},
): Promise<ServerUnderTest> {
  const env = options.env ?? process.env;
  const kind = testServerKind(env);
  const base = kind === 'embedded' ? await embeddedBase(options) : realBase(kind, env);
  const client = new TestClient(base);
  const namespaces: string[] = [];
  return {
    ...base,
    kind,
    async namespace(prefix) {
      const name = `${prefix}-${randomBytes(3).toString('hex')}`;
      const res = await client.post('/api/v1/namespaces', { metadata: { name } });
      if (res.status !== 201)
        throw new Error(`creating namespace ${name}: HTTP ${res.status} ${res.text}`);
      namespaces.push(name);
      return name;
    },
    settle: () => base.embedded?.settle() ?? Promise.resolve(),
    async stop() {
      // Without kube-controller-manager a real server leaves these Terminating, which is harmless.
      for (const name of namespaces.splice(0)) await client.delete(`/api/v1/namespaces/${name}`);
      await client.close();
      await base.embedded?.stop();
    },
  };
}

type Base = Pick<
  ServerUnderTest,
  'url' | 'kubeConfig' | 'kubeconfigYaml' | 'token' | 'caPem' | 'embedded'
>;

async function embeddedBase(options: ServerUnderTestOptions): Promise<Base> {
  const embedded = await startApiServer(options.embedded);
  const { url, kubeConfig, kubeconfigYaml, token, caPem } = embedded;
  return { url, kubeConfig, kubeconfigYaml, token, caPem, embedded };
}

function realBase(kind: TestServerKind, env: NodeJS.ProcessEnv): Base {
  const path = env.KUBECONFIG;
  if (!path)
    throw new Error(
      `KUBEKIT_SERVER=${kind} needs KUBECONFIG (npm run test:real starts a real server and sets it)`,
    );
  const kubeconfigYaml = readFileSync(path, 'utf8');
  const access = clusterAccessFromKubeconfig(kubeconfigYaml);
  if (!access.token) throw new Error(`kubeconfig ${path}: the current user has no bearer token`);
  return {
    url: access.url,
    kubeConfig: parseYaml(kubeconfigYaml) as KubeConfigFile,
    kubeconfigYaml,
    token: access.token,
    caPem: access.caPem,
  };
}
