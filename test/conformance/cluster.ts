/**
 * Where the conformance suite runs: the embedded @kubekit/testing server by default, or the
 * cluster of the kubeconfig named by KUBECONFIG (current context; inline CA, token or client
 * certificate data only). The same assertions then compare the two.
 *
 * On a real cluster, suites that need kube-controller-manager (garbage collection, namespace
 * cleanup) run only with KUBEKIT_CONFORMANCE_CONTROLLERS=1: a bare kube-apiserver + etcd has
 * no controllers and would leave those objects in place.
 */
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { startApiServer, type ApiServer } from '@kubekit/testing';
import { TestClient, clusterAccessFromKubeconfig } from '@kubekit/testing/http';

/** A connection to the cluster under test. */
export interface Cluster {
  client: TestClient;
  /** The embedded server, when no KUBECONFIG was given. */
  embedded?: ApiServer;
  /** Creates a namespace with a unique name for one suite. */
  namespace(prefix: string): Promise<string>;
  /** Polls `check` until it stops throwing (controllers act asynchronously), up to 30 s. */
  eventually<T>(check: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** True when the suite targets a real cluster. */
export const realCluster = !!process.env.KUBECONFIG;

/** True when the cluster runs controllers (always for the embedded server). */
export const clusterHasControllers =
  !realCluster || process.env.KUBEKIT_CONFORMANCE_CONTROLLERS === '1';

/** Connects to the cluster under test (see the module notes). */
export async function connectCluster(): Promise<Cluster> {
  let embedded: ApiServer | undefined;
  let client: TestClient;
  if (realCluster) {
    client = new TestClient(
      clusterAccessFromKubeconfig(readFileSync(process.env.KUBECONFIG!, 'utf8')),
    );
  } else {
    embedded = await startApiServer();
    client = new TestClient(embedded);
  }
  const created: string[] = [];
  return {
    client,
    embedded,
    async namespace(prefix) {
      const name = `${prefix}-${randomBytes(3).toString('hex')}`;
      const res = await client.post('/api/v1/namespaces', { metadata: { name } });
      if (res.status !== 201)
        throw new Error(`creating namespace ${name}: ${res.status} ${res.text}`);
      created.push(name);
      return name;
    },
    async eventually(check) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          return await check();
        } catch (err) {
          if (Date.now() > deadline) throw err;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    },
    async close() {
      for (const ns of created) await client.delete(`/api/v1/namespaces/${ns}`);
      await client.close();
      await embedded?.stop();
    },
  };
}
