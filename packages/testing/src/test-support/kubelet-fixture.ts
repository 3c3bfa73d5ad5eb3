import type { TestClient, TestResponse } from '../http-client';

/** A pod as the server sends it (plain JSON). */
export type PodJson = TestResponse['body'];

/** Polls `fn` (every 25 ms, real time) until it returns a value; fails after 60 s naming `what`. */
export async function eventually<T>(fn: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Pods of one namespace as the kubelet tests create and watch them (plain JSON). */
export function podsOf(client: TestClient, namespace = 'default') {
  const base = `/api/v1/namespaces/${namespace}/pods`;
  return {
    create: (name: string, spec: Record<string, unknown>, labels?: Record<string, string>) =>
      client.post(base, { apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec }),
    /** The pod as JSON, or undefined once it is gone. */
    get: async (name: string): Promise<PodJson> => {
      const res = await client.get(`${base}/${name}`);
      return res.status === 404 ? undefined : res.body;
    },
    /** Polls until the pod satisfies `test`, and returns it. */
    until(name: string, what: string, test: (pod: PodJson) => unknown): Promise<PodJson> {
      return eventually(async () => {
        const pod = await this.get(name);
        return pod && test(pod) ? pod : undefined;
      }, `${name}: ${what}`);
    },
    /** Polls until the pod is gone. */
    gone: (name: string) =>
      eventually(
        async () => ((await client.get(`${base}/${name}`)).status === 404 ? true : undefined),
        `${name} gone`,
      ),
  };
}
