/** Shared setup of the controller e2e suites: a client per test process and polling helpers. */
import type { KubeList, KubeObject } from '@kubekit/apimachinery';
import { RESTClient } from '@kubekit/rest';
import { randomBytes } from 'node:crypto';

export const core = { group: '', version: 'v1' };

/** A client of the server under test (embedded or real). */
export function restClient(server: {
  readonly url: string;
  readonly token: string;
  readonly caPem?: string;
}): RESTClient {
  return new RESTClient({
    server: server.url,
    caData: server.caPem,
    bearerToken: server.token,
    qps: 1_000,
    burst: 1_000,
  });
}

/**
 * Creates a fresh namespace with a random name, so that tests sharing a server (the real one is
 * shared by every suite and run) do not see each other's objects.
 */
export async function freshNamespace(client: RESTClient): Promise<string> {
  const name = `e2e-${randomBytes(4).toString('hex')}`;
  await client.post().groupVersion(core).resource('namespaces').body({ metadata: { name } }).do();
  return name;
}

export async function list<T extends KubeObject>(
  client: RESTClient,
  namespace: string,
  resource: string,
): Promise<T[]> {
  const result = await client
    .get()
    .groupVersion(core)
    .namespace(namespace)
    .resource(resource)
    .do<KubeList<T>>();
  return result.items;
}

/**
 * Polls `check` until it returns a value other than `undefined` / `false`, or fails after
 * `timeoutMs` (a deadline for "eventually", never a timing assertion).
 */
export async function eventually<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  what: string,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
