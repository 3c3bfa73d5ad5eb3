/**
 * Where the conformance suite runs: `startServerUnderTest()` of @kubekit/testing decides from
 * KUBEKIT_SERVER (embedded by default; `real` for the kube-apiserver of the real tier;
 * `kubeconfig` for the cluster of KUBECONFIG). The same assertions then compare the servers.
 *
 * On a real cluster, suites that need kube-controller-manager (garbage collection, namespace
 * cleanup) run only with KUBEKIT_CONFORMANCE_CONTROLLERS=1: a bare kube-apiserver + etcd has
 * no controllers and would leave those objects in place. The real tier's globalSetup sets it,
 * as its shared cluster runs kube-controller-manager.
 */
import { startServerUnderTest, testServerKind, type ApiServer } from '@kubekit/testing';
import { TestClient } from '@kubekit/testing/http';

/** A connection to the cluster under test. */
export interface Cluster {
  client: TestClient;
  /** The embedded server, when KUBEKIT_SERVER selects it. */
  embedded?: ApiServer;
  /** Creates a namespace with a unique name for one suite. */
  namespace(prefix: string): Promise<string>;
  /** Polls `check` until it stops throwing (controllers act asynchronously), up to 30 s. */
  eventually<T>(check: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** True when the suite targets a real cluster. */
export const realCluster = testServerKind() !== 'embedded';

/** True when the cluster runs controllers (always for the embedded server). */
export const clusterHasControllers =
  !realCluster || process.env.KUBEKIT_CONFORMANCE_CONTROLLERS === '1';

/** Connects to the cluster under test (see the module notes). */
export async function connectCluster(): Promise<Cluster> {
  const server = await startServerUnderTest();
  const client = new TestClient(server);
  return {
    client,
    embedded: server.embedded,
    namespace: (prefix) => server.namespace(prefix),
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
      await client.close();
      await server.stop();
    },
  };
}
