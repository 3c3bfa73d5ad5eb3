/**
 * The bulk seeding of the benchmark stores the pods the API would have stored: the same
 * objects (defaults, status, managedFields, key order) as pods created through the API's create
 * and status update, each with its own uid and resourceVersion, announced to watchers.
 */
import { startApiServer, type ApiServer } from '@kubekit/testing';
import { Pool } from 'undici';
import type { BenchPod } from './bench-pod';
import { seedPods } from './seed-pods';

let server: ApiServer;
let pool: Pool;

beforeAll(async () => {
  server = await startApiServer({ http: true, onError: () => undefined });
  pool = new Pool(server.url);
});

afterAll(async () => {
  await pool.close();
  await server.stop();
});

async function get<T>(path: string): Promise<T> {
  const res = await pool.request({
    method: 'GET',
    path,
    headers: { authorization: `Bearer ${server.token}` },
  });
  const text = await res.body.text();
  if (res.statusCode !== 200) throw new Error(`GET ${path}: HTTP ${res.statusCode} ${text}`);
  return JSON.parse(text) as T;
}

const podsOf = async (namespace: string) =>
  (await get<{ items: BenchPod[] }>(`/api/v1/namespaces/${namespace}/pods`)).items;

/** A pod's JSON without what differs between two creates of it (and its namespace's owner). */
function comparable(pod: BenchPod, namespace: string, ownerUid: string): string {
  const { uid: _u, creationTimestamp: _c, resourceVersion: _r, ...meta } = pod.metadata!;
  return JSON.stringify({ ...pod, metadata: meta })
    .replaceAll(ownerUid, '<owner>')
    .replaceAll(`"namespace":"${namespace}"`, '"namespace":"<ns>"');
}

describe('the benchmark seeding', () => {
  // 300 pods: the pod IPs' third octet changes at 256
  const count = 300;

  it('stores, in bulk, the pods the API stores for a create and a status update each', async () => {
    const viaApi = seedPods(server, 'seed-api', count, { bulk: false });
    const viaBulk = seedPods(server, 'seed-bulk', count);
    const [api, bulk] = await Promise.all([podsOf('seed-api'), podsOf('seed-bulk')]);
    expect(bulk).toHaveLength(count);
    expect(bulk.map((p) => comparable(p, 'seed-bulk', viaBulk))).toEqual(
      api.map((p) => comparable(p, 'seed-api', viaApi)),
    );
    expect(bulk[0]!.metadata!.managedFields).toHaveLength(2);
    expect(bulk[1]!.status).toMatchObject({ phase: 'Running', podIP: expect.any(String) });
    expect(new Set(bulk.map((p) => p.metadata!.uid)).size).toBe(count);
  });

  it('gives every pod its own resourceVersion, in order, and announces each to a watch', async () => {
    const list = await get<{ metadata: { resourceVersion: string } }>(
      '/api/v1/namespaces/seed-watched/pods',
    );
    const res = await pool.request({
      method: 'GET',
      path: `/api/v1/namespaces/seed-watched/pods?watch=true&resourceVersion=${list.metadata.resourceVersion}`,
      headers: { authorization: `Bearer ${server.token}` },
    });
    res.body.setEncoding('utf8');
    const names = Array.from({ length: 5 }, (_, i) => `watched-${i}`);
    seedPods(server, 'seed-watched', names.length, { names });
    const events: Array<{ type: string; object: BenchPod }> = [];
    let buffered = '';
    for await (const chunk of res.body as AsyncIterable<string>) {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop()!;
      events.push(...lines.map((l) => JSON.parse(l) as { type: string; object: BenchPod }));
      if (events.length >= names.length + 1) break;
    }
    // pod 0: its create (ADDED) and status write (MODIFIED); then one ADDED per bulk pod
    expect(events.map((e) => `${e.type} ${e.object.metadata!.name}`)).toEqual([
      'ADDED watched-0',
      'MODIFIED watched-0',
      ...names.slice(1).map((n) => `ADDED ${n}`),
    ]);
    const rvs = events.map((e) => Number(e.object.metadata!.resourceVersion));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(new Set(rvs).size).toBe(rvs.length);
    const stored = await podsOf('seed-watched');
    expect(stored.map((p) => p.metadata!.resourceVersion)).toEqual(
      events.slice(1).map((e) => e.object.metadata!.resourceVersion),
    );
  });

  it('refuses, in bulk, a name that is already stored', () => {
    seedPods(server, 'seed-twice', 2, { names: ['first-a', 'first-b'] });
    // pod 0 (through the API) is new; pod 1 (in bulk) is taken
    expect(() => seedPods(server, 'seed-twice', 2, { names: ['second-a', 'first-b'] })).toThrow(
      /pods "first-b" already exists/,
    );
  });
});
