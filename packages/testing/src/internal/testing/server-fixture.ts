import { startApiServer, type ApiServer, type ApiServerOptions } from '../../api-server';
import { TestClient } from '../../http-client';

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
