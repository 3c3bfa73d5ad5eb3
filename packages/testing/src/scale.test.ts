import { fixtures } from './fixtures';
import { startFixture, type ServerFixture } from './test-support/server-fixture';

/**
 * Scale behaviour: many objects stored, a large list (whole and paginated), and one change fanned
 * out to many watchers. Correctness is asserted; timings are only printed (never asserted).
 * KUBEKIT_SCALE=1 runs the full figures of the issue (100k objects, 10k pods, 100 watchers);
 * the default is a tenth of that so the suite stays cheap on shared machines.
 */
const full = process.env.KUBEKIT_SCALE === '1';
const total = full ? 100_000 : 10_000;
const pods = full ? 10_000 : 1_000;
const watchers = full ? 100 : 20;
const updates = full ? 1_000 : 100;

describe(`scale (${total} objects, ${pods} pods, ${watchers} watchers)`, () => {
  let f: ServerFixture;
  const timings: string[] = [];
  const time = async <T>(label: string, fn: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    const out = await fn();
    const used = process.cpuUsage(cpu);
    timings.push(
      `${label}: ${(performance.now() - start).toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU`,
    );
    return out;
  };
  const podName = (i: number): string => `pod-${(i * 7919) % 1_000_003}-${i}`;

  beforeAll(async () => {
    f = await startFixture();
    f.server.storage.create({ resource: 'namespaces' }, fixtures.namespace('bench'));
    f.server.storage.create({ resource: 'namespaces' }, fixtures.namespace('bulk'));
  });
  afterAll(async () => {
    console.log(timings.join('\n'));
    await f.stop();
  });

  it('holds the objects (keys inserted in random order)', async () => {
    const heap = process.memoryUsage().heapUsed;
    await time(`create ${pods} pods`, () => {
      for (let i = 0; i < pods; i++)
        f.server.storage.create(
          { resource: 'pods' },
          fixtures.pod(podName(i), { namespace: 'bench', labels: { app: `a${i % 10}` } }),
        );
    });
    await time(`create ${total - pods} config maps`, () => {
      for (let i = 0; i < total - pods; i++) {
        f.server.storage.create(
          { resource: 'configmaps' },
          fixtures.configMap(
            `cm-${(i * 104729) % 1_000_003}-${i}`,
            { k: 'v'.repeat(200) },
            { namespace: 'bulk' },
          ),
        );
      }
    });
    timings.push(
      `heap growth: ${((process.memoryUsage().heapUsed - heap) / 1024 / 1024).toFixed(0)} MB`,
    );
    expect(f.server.storage.objectCount).toBeGreaterThanOrEqual(total);
  });

  it('lists every pod in one response, in key order', async () => {
    for (const round of ['cold', 'warm']) {
      const res = await time(`list ${pods} pods (${round} encoding cache)`, () =>
        f.client.get('/api/v1/namespaces/bench/pods'),
      );
      expect(res.body.items).toHaveLength(pods);
      const names = res.body.items.map((p: any) => p.metadata.name);
      expect(names).toEqual([...names].sort());
    }
  });

  it('lists every pod in pages of 500', async () => {
    const seen = await time(`list ${pods} pods paginated (limit 500)`, async () => {
      const out: string[] = [];
      let cont = '';
      do {
        const page = (
          await f.client.get(
            `/api/v1/namespaces/bench/pods?limit=500${cont ? `&continue=${cont}` : ''}`,
          )
        ).body;
        out.push(...page.items.map((p: any) => p.metadata.name));
        cont = page.metadata.continue ?? '';
      } while (cont);
      return out;
    });
    expect(new Set(seen).size).toBe(pods);
  });

  it('fans every change out to every watcher', async () => {
    const rv = f.server.storage.resourceVersion;
    const ws = await Promise.all(
      Array.from({ length: watchers }, () =>
        f.client.watch(`/api/v1/namespaces/bench/pods?watch=true&resourceVersion=${rv}`),
      ),
    );
    const received = Promise.all(ws.map((w) => w.take(updates)));
    await time(`${updates} updates written with ${watchers} watchers open`, () => {
      for (let i = 0; i < updates; i++) {
        const live = f.server.storage.get<any>({ resource: 'pods' }, podName(i), 'bench')!;
        f.server.storage.update(
          { resource: 'pods' },
          {
            ...live,
            metadata: { ...live.metadata, labels: { ...live.metadata.labels, bumped: 'yes' } },
          },
        );
      }
    });
    const got = await time(`all ${updates * watchers} events received`, () => received);
    for (const w of ws) w.close();
    for (const events of got) {
      expect(events).toHaveLength(updates);
      expect(
        events.every((e) => e.type === 'MODIFIED' && e.object.metadata!.labels!.bumped === 'yes'),
      ).toBe(true);
    }
  });
});
