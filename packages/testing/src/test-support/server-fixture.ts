import { startApiServer, type ApiServer, type ApiServerOptions } from '../api-server';
import { fixtures } from '../fixtures';
import { TestClient } from '../http-client';

/** A server and a client for one test file; `stop()` in afterAll. */
export interface ServerFixture {
  server: ApiServer;
  client: TestClient;
  stop(): Promise<void>;
}

/** Starts a plain-HTTP server (TLS is covered once in api-server.test.ts) and a client for it. */
export async function startFixture(options: ApiServerOptions = {}): Promise<ServerFixture> {
  const server = await startApiServer({ http: true, ...options });
  const client = new TestClient(server);
  return {
    server,
    client,
    stop: async () => {
      await client.close();
      await server.stop();
    },
  };
}

/**
 * Creates the CRD `gizmos.example.com` (namespaced kind Gizmo, version v1, status and scale
 * subresources) whose `spec` keeps unknown fields, and waits until it is served: the custom
 * resource the hardening suites send arbitrary content to.
 */
export async function installGizmos(f: ServerFixture): Promise<void> {
  const crd = fixtures.crd({
    group: 'example.com',
    kind: 'Gizmo',
    scale: true,
    schema: {
      type: 'object',
      properties: {
        spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        status: { type: 'object', properties: { replicas: { type: 'integer' } } },
      },
    },
  });
  const res = await f.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
  if (res.status !== 201) throw new Error(`creating the Gizmo CRD: ${res.status} ${res.text}`);
  await f.server.settle();
}
