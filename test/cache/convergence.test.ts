/**
 * The randomised convergence test of @kubekit/cache (issue 4): per seed, thousands of random
 * creates, updates and deletes against the in-memory API server, interleaved with dropped
 * watches, compactions (410 on re-watch), broken connections, failing requests and server
 * restarts. After quiescence the informer's cache must equal the server's list exactly, and
 * every handler must have seen a consistent event sequence per key.
 *
 * KUBEKIT_CONVERGENCE_SEEDS (default 20) and KUBEKIT_CONVERGENCE_OPS (default 2000) scale it.
 */
import {
  isGone,
  isResourceExpired,
  sleepOn,
  type Clock,
  type KubeObject,
  type TimerHandle,
} from '@kubekit/apimachinery';
import {
  newSharedIndexInformer,
  isDeletedFinalStateUnknown,
  listWatchFromClient,
  type ResourceEventHandler,
  type SharedIndexInformer,
} from '@kubekit/cache';
import { RESTClient } from '@kubekit/rest';
import { startApiServer, type ApiServer } from '@kubekit/testing';

const seeds = Number(process.env.KUBEKIT_CONVERGENCE_SEEDS ?? 20);
const opsPerSeed = Number(process.env.KUBEKIT_CONVERGENCE_OPS ?? 2000);
const names = 40;

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Real time, 100x faster: backoffs of 800 ms take 8 ms, so faults cost little wall time. */
function fastClock(factor = 100): Clock {
  const origin = Date.now();
  const clock: Clock = {
    now: () => origin + (Date.now() - origin) * factor,
    setTimeout: (fn, ms) => setTimeout(fn, ms / factor) as unknown as TimerHandle,
    clearTimeout: (h) => clearTimeout(h as unknown as ReturnType<typeof setTimeout>),
    sleep: (ms, signal) => sleepOn(clock, ms, signal),
  };
  return clock;
}

const realSetImmediate = globalThis.setImmediate;
const turn = () => new Promise<void>((resolve) => realSetImmediate(resolve));

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** A handler checking that its notifications form a consistent sequence per key. */
function checkedHandler(slow: boolean) {
  const state = new Map<string, ConfigMap>();
  const violations: string[] = [];
  const key = (o: KubeObject) => `${o.metadata?.namespace}/${o.metadata?.name}`;
  const maybeSlow = () => (slow && Math.random() < 0.05 ? turn() : undefined);
  const handler: ResourceEventHandler<ConfigMap> = {
    onAdd(o) {
      if (state.has(key(o))) violations.push(`add of present ${key(o)}`);
      state.set(key(o), o);
      return maybeSlow();
    },
    onUpdate(old, o) {
      const current = state.get(key(o));
      if (!current) violations.push(`update of absent ${key(o)}`);
      else if (current.metadata?.resourceVersion !== old.metadata?.resourceVersion)
        violations.push(`update of ${key(o)} from a state it never saw`);
      state.set(key(o), o);
      return maybeSlow();
    },
    onDelete(o) {
      const k = isDeletedFinalStateUnknown(o) ? o.key : key(o);
      if (!state.has(k)) violations.push(`delete of absent ${k}`);
      state.delete(k);
      return maybeSlow();
    },
  };
  return { state, violations, handler };
}

const rvs = (objects: Iterable<ConfigMap>) =>
  new Map(
    Array.from(objects, (o) => [
      `${o.metadata!.namespace}/${o.metadata!.name}`,
      o.metadata!.resourceVersion,
    ]),
  );

describe('informer convergence under faults', () => {
  let server: ApiServer;
  let client: RESTClient;
  const ref = { resource: 'configmaps' };
  const seen = { expired: 0, restarts: 0, errors: 0 };

  beforeAll(async () => {
    server = await startApiServer({
      http: true,
      bookmarkIntervalMs: 100,
      onError: () => undefined,
    });
    client = new RESTClient({
      server: server.url,
      bearerToken: server.token,
      qps: Infinity,
      warningHandler: null,
    });
  });
  afterAll(async () => {
    await client.destroy();
    await server.stop();
    // The run is meaningless unless the faults actually forced relists and re-watches.
    expect(seen.expired).toBeGreaterThan(0);
    expect(seen.restarts).toBeGreaterThan(seeds);
  });

  it.each(Array.from({ length: seeds }, (_, i) => i + 1))(
    'converges exactly with seed %i',
    async (seed) => {
      const random = prng(seed);
      const namespace = `conv-${seed}`;
      server.storage.create({ resource: 'namespaces' }, { metadata: { name: namespace } });
      const informer: SharedIndexInformer<ConfigMap> = newSharedIndexInformer<ConfigMap>({
        name: namespace,
        listerWatcher: listWatchFromClient<ConfigMap>({
          client,
          resource: { group: '', version: 'v1', resource: 'configmaps' },
          namespace,
        }),
        clock: fastClock(),
        random,
        useWatchList: random() < 0.5,
        bufferSize: 16,
        watchErrorHandler: (err) => {
          seen.errors++;
          if (isResourceExpired(err) || isGone(err)) seen.expired++;
        },
      });
      const fast = checkedHandler(false);
      const slow = checkedHandler(true);
      informer.addEventHandler(fast.handler);
      informer.addEventHandler(slow.handler);
      const controller = new AbortController();
      const running = informer.run({ signal: controller.signal });
      try {
        await exercise(seed, random, informer, fast, slow);
      } finally {
        server.faults.clear();
        controller.abort();
        await running;
      }
    },
  );

  async function exercise(
    seed: number,
    random: () => number,
    informer: SharedIndexInformer<ConfigMap>,
    fast: ReturnType<typeof checkedHandler>,
    slow: ReturnType<typeof checkedHandler>,
  ): Promise<void> {
    const namespace = `conv-${seed}`;
    await until(() => informer.hasSynced(), 'initial sync');
    for (let op = 0; op < opsPerSeed; op++) {
      const name = `cm-${Math.floor(random() * names)}`;
      const existing = server.storage.get<ConfigMap>(ref, name, namespace);
      try {
        if (!existing) {
          server.storage.create<ConfigMap>(ref, {
            metadata: { name, namespace },
            data: { op: String(op) },
          });
        } else if (random() < 0.3) {
          server.storage.delete(ref, name, namespace);
        } else {
          server.storage.update<ConfigMap>(ref, { ...existing, data: { op: String(op) } });
        }
      } catch {
        // A write racing a restart may fail; the server's list stays the truth.
      }
      const dice = random();
      if (op === Math.floor(opsPerSeed / 2)) {
        // Always at least once per seed: the watch drops, a change happens while it is down and
        // history is compacted past it, so the re-watch gets 410 and the informer must relist.
        server.faults.dropWatches();
        server.storage.create<ConfigMap>(ref, { metadata: { name: 'while-down', namespace } });
        server.faults.compactHistory();
      } else if (op === Math.floor((opsPerSeed * 3) / 4)) {
        await server.restart({ keepData: true });
      } else if (dice < 0.004) server.faults.dropWatches();
      else if (dice < 0.006) {
        server.faults.compactHistory();
        server.faults.dropWatches();
      } else if (dice < 0.008) server.faults.closeConnections();
      else if (dice < 0.0095) {
        server.faults.failRequests({ code: random() < 0.5 ? 500 : 429, share: 0.5, limit: 4 });
      } else if (dice < 0.0102) {
        await server.restart({ keepData: true });
      }
      if (op % 5 === 0) await turn();
    }
    server.faults.clear();
    const expected = () => rvs(server.storage.list<ConfigMap>(ref, namespace));
    const cacheMatches = () => {
      const want = expected();
      const have = rvs(informer.getStore().list());
      return want.size === have.size && [...want].every(([k, v]) => have.get(k) === v);
    };
    await until(cacheMatches, `seed ${seed}: cache equals the server`);
    expect(
      informer
        .getStore()
        .list()
        .sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!)),
    ).toEqual(
      server.storage
        .list<ConfigMap>(ref, namespace)
        .sort((a, b) => a.metadata!.name!.localeCompare(b.metadata!.name!)),
    );
    await until(
      () =>
        rvs(slow.state.values()).size === expected().size &&
        rvs(fast.state.values()).size === expected().size,
      'handlers caught up',
    );
    await until(
      () =>
        [fast, slow].every((h) =>
          [...expected()].every(([k, v]) => h.state.get(k)?.metadata?.resourceVersion === v),
        ),
      'handlers at the final state',
    );
    expect(fast.violations).toEqual([]);
    expect(slow.violations).toEqual([]);
    seen.restarts += informer.health().watchRestarts;
  }
});
