/**
 * Leader election over real HTTP against the server under test (../server-under-test). Each
 * candidate has its own RESTClient (as separate processes would). The electors run on a FakeClock
 * that only moves while no lease request is in flight, so durations measured here are exact fake
 * time.
 */
import { FakeClock, isConflict, type Clock } from '@kubekit/apimachinery';
import {
  LeaderElector,
  LeaseLock,
  leaseClientFromRest,
  type Lease,
  type LeaseClient,
  type LeaderElectorOptions,
} from '@kubekit/leaderelection';
import { RESTClient } from '@kubekit/rest';
import { denyUpdates } from '../admission-fault';
import { startServerUnderTest, type ServerUnderTest } from '../server-under-test';

const leaseDurationMs = 15_000;
const renewDeadlineMs = 10_000;
const retryPeriodMs = 2_000;

let server: ServerUnderTest;
let clock: FakeClock;
let inflight = 0;
const clients: RESTClient[] = [];

beforeAll(async () => {
  server = await startServerUnderTest();
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.stop();
});
beforeEach(() => {
  clock = new FakeClock();
  inflight = 0;
  server.embedded?.faults.clear();
});

function restClient(): RESTClient {
  const client = new RESTClient({
    server: server.url,
    caData: server.caPem,
    bearerToken: server.token,
    maxRetries: 0,
    qps: 1_000,
    burst: 1_000,
  });
  clients.push(client);
  return client;
}

/** Counts requests in flight, so that fake time stands still while one is outstanding. */
function tracked(client: LeaseClient): LeaseClient {
  const count =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      inflight++;
      try {
        return await call(...args);
      } finally {
        inflight--;
      }
    };
  return {
    get: count(client.get),
    create: count(client.create),
    update: count(client.update),
    ...(client.watch ? { watch: client.watch } : {}),
  };
}

const realTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 1));

/** Moves fake time forward in small steps, each once requests have landed (watch events too). */
async function advance(ms: number, step = 100): Promise<void> {
  for (let elapsed = 0; elapsed < ms; elapsed += step) {
    for (let quiet = 0; quiet < 3;) {
      await realTurn();
      quiet = inflight === 0 ? quiet + 1 : 0;
    }
    await clock.advance(Math.min(step, ms - elapsed));
  }
}

interface Candidate {
  identity: string;
  elector: LeaderElector;
  stop: AbortController;
  done: Promise<void>;
  /** Fake times of onStartedLeading and of the work signal's abort. */
  started: number[];
  stopped: number[];
}

function candidate(
  identity: string,
  lease: string,
  options: Partial<LeaderElectorOptions> = {},
  wrap: (client: LeaseClient) => LeaseClient = (client) => client,
): Candidate {
  const c: Candidate = {
    identity,
    stop: new AbortController(),
    started: [],
    stopped: [],
  } as unknown as Candidate;
  c.elector = new LeaderElector({
    lock: new LeaseLock({
      client: tracked(wrap(leaseClientFromRest(restClient(), { namespace: 'default' }))),
      name: lease,
      namespace: 'default',
    }),
    identity,
    leaseDurationMs,
    renewDeadlineMs,
    retryPeriodMs,
    clock: clock as Clock,
    onStartedLeading: (signal) => {
      c.started.push(clock.now());
      signal.addEventListener('abort', () => c.stopped.push(clock.now()), { once: true });
    },
    onStoppedLeading: () => {},
    ...options,
  });
  c.done = c.elector.run({ signal: c.stop.signal });
  return c;
}

/** Another holder takes the lease (see {@link writeLease}). */
async function takeLease(name: string, holderIdentity: string): Promise<void> {
  await writeLease(name, (lease) => ({ ...lease, spec: { ...lease.spec, holderIdentity } }));
}

async function storedLease(name: string): Promise<Lease> {
  return restClient()
    .get()
    .groupVersion({ group: 'coordination.k8s.io', version: 'v1' })
    .namespace('default')
    .resource('leases')
    .name(name)
    .do<Lease>();
}

async function stopAll(candidates: Candidate[]): Promise<void> {
  for (const c of candidates) c.stop.abort();
  await advance(retryPeriodMs);
  await Promise.all(candidates.map((c) => c.done));
}

const leaders = (candidates: Candidate[]) => candidates.filter((c) => c.elector.isLeader());

it('elects exactly one of three candidates, and all of them agree on it', async () => {
  const all = ['a', 'b', 'c'].map((id) => candidate(id, 'three'));
  await advance(30_000);
  expect(leaders(all)).toHaveLength(1);
  const [leader] = leaders(all);
  expect(all.map((c) => c.elector.getLeader())).toEqual([
    leader!.identity,
    leader!.identity,
    leader!.identity,
  ]);
  expect((await storedLease('three')).spec).toMatchObject({
    holderIdentity: leader!.identity,
    leaseDurationSeconds: 15,
    leaseTransitions: 0,
  });
  expect(all.reduce((n, c) => n + c.started.length, 0)).toBe(1);
  await stopAll(all);
});

it.each([
  ['with releaseOnCancel, a new leader within one retry period', true, retryPeriodMs],
  [
    'without it, a new leader within leaseDuration + retryPeriod',
    false,
    leaseDurationMs + retryPeriodMs,
  ],
])('when the leader is cancelled: %s', async (_, releaseOnCancel, within) => {
  const lease = `handover-${releaseOnCancel}`;
  const all = ['a', 'b', 'c'].map((id) => candidate(id, lease, { releaseOnCancel }));
  await advance(7_000);
  const [old] = leaders(all);
  const cancelledAt = clock.now();
  old!.stop.abort();
  await advance(within);
  await old!.done;
  const next = leaders(all);
  expect(next).toHaveLength(1);
  expect(next[0]).not.toBe(old);
  const tookOver = next[0]!.started[0]! - cancelledAt;
  expect(tookOver).toBeLessThanOrEqual(within);
  if (!releaseOnCancel) expect(tookOver).toBeGreaterThan(leaseDurationMs - retryPeriodMs);
  expect((await storedLease(lease)).spec?.leaseTransitions).toBe(1);
  await stopAll(all);
});

/**
 * Makes every write of Lease `name` fail until the returned function is called: a 503 from the
 * embedded server's fault injection, a 403 from a ValidatingAdmissionPolicy on a real one.
 */
async function failLeaseWrites(name: string): Promise<() => Promise<void>> {
  if (server.embedded) {
    server.embedded.faults.failRequests({ share: 1, code: 503, match: (r) => r.method === 'PUT' });
    return async () => server.embedded!.faults.clear();
  }
  const target = { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', name };
  return denyUpdates(restClient(), { ...target, namespace: 'default' });
}

it('a leader whose API calls fail stops leading before its lease can be taken', async () => {
  const all = ['a', 'b', 'c'].map((id) => candidate(id, 'failing'));
  await advance(7_000);
  const [old] = leaders(all);
  const before = (await storedLease('failing')).spec!;
  // every write fails: the leader cannot renew, and nobody else can acquire
  const restore = await failLeaseWrites('failing');
  await advance(renewDeadlineMs + retryPeriodMs);
  expect(old!.stopped).toHaveLength(1);
  expect(leaders(all)).toEqual([]);
  const lastRenew = Date.parse(before.renewTime!);
  expect(Date.parse((await storedLease('failing')).spec!.renewTime!)).toBeLessThanOrEqual(
    lastRenew + retryPeriodMs,
  );
  // the leader stopped at most renewDeadline after its last successful renewal was sent
  expect(old!.stopped[0]! - lastRenew).toBeLessThanOrEqual(renewDeadlineMs + retryPeriodMs);
  await restore();
  await advance(leaseDurationMs + retryPeriodMs);
  const next = all.filter((c) => c.started.length > 0 && c !== old);
  expect(next).toHaveLength(1);
  // the margin: the old leader's work stopped well before anyone else's started
  expect(next[0]!.started[0]! - old!.stopped[0]!).toBeGreaterThanOrEqual(
    leaseDurationMs - renewDeadlineMs,
  );
  await stopAll(all);
});

/**
 * Somebody else (kubectl, another tool) writes the Lease: read, change, update, so its
 * resourceVersion moves on. A Conflict (on a real server the elector's own write may still land
 * after the read) reads again.
 */
async function writeLease(name: string, change: (lease: Lease) => Lease): Promise<Lease> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await restClient()
        .put()
        .groupVersion({ group: 'coordination.k8s.io', version: 'v1' })
        .namespace('default')
        .resource('leases')
        .name(name)
        .body(change(await storedLease(name)))
        .do<Lease>();
    } catch (err) {
      if (!isConflict(err) || attempt === 5) throw err;
    }
  }
}

/** {@link writeLease} setting labels (`null` removes one). */
function labelLease(name: string, labels: Record<string, string | null>): Promise<Lease> {
  return writeLease(name, (lease) => {
    const merged: Record<string, string> = { ...lease.metadata.labels };
    for (const [key, value] of Object.entries(labels)) {
      if (value === null) delete merged[key];
      else merged[key] = value;
    }
    return { ...lease, metadata: { ...lease.metadata, labels: merged } };
  });
}

describe('release (client-go LeaderElector.release)', () => {
  /** A leader with releaseOnCancel on `lease`, once it leads; errors collects its onError. */
  async function releasingLeader(lease: string) {
    const errors: unknown[] = [];
    const a = candidate('a', lease, { releaseOnCancel: true, onError: (err) => errors.push(err) });
    await advance(retryPeriodMs);
    expect(a.elector.isLeader()).toBe(true);
    return { a, errors };
  }

  /** Cancels `a` and waits until its run() ended (released or not). */
  async function cancel(a: Candidate): Promise<void> {
    a.stop.abort();
    await advance(retryPeriodMs);
    await a.done;
  }

  it('gets the lease before clearing the holder, so a lease written since the last renewal is still released', async () => {
    const { a, errors } = await releasingLeader('release-fresh');
    await labelLease('release-fresh', { team: 'x' }); // a's cached Lease is now stale
    await cancel(a);
    const released = await storedLease('release-fresh');
    expect(released.spec).toMatchObject({
      holderIdentity: '',
      leaseDurationSeconds: 1,
      leaseTransitions: 0,
    });
    expect(released.metadata.labels).toEqual({ team: 'x' });
    expect(errors).toEqual([]);
  });

  it('leaves a lease that another holder took alone', async () => {
    const { a, errors } = await releasingLeader('release-taken');
    await takeLease('release-taken', 'intruder');
    await cancel(a);
    expect((await storedLease('release-taken')).spec?.holderIdentity).toBe('intruder');
    expect(errors).toEqual([]);
  });

  it('reports a Conflict on the release update once, without retrying: the lease then expires', async () => {
    const errors: unknown[] = [];
    let interfere = false;
    let updatesAfterCancel = 0;
    const a = candidate(
      'a',
      'release-conflict',
      { releaseOnCancel: true, onError: (err) => errors.push(err) },
      (client) => ({
        ...client,
        async get(name, options) {
          const lease = await client.get(name, options);
          if (interfere) await labelLease(name, { raced: 'yes' }); // a write between Get and Update
          return lease;
        },
        update(lease, options) {
          if (interfere) updatesAfterCancel++;
          return client.update(lease, options);
        },
      }),
    );
    await advance(retryPeriodMs);
    interfere = true;
    await cancel(a);
    expect(updatesAfterCancel).toBe(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      name: 'LeaderElectionError',
      reason: 'ReleaseFailed',
      message: expect.stringMatching(/^failed to release lock default\/release-conflict: /),
    });
    expect(isConflict((errors[0] as Error).cause)).toBe(true);
    expect((await storedLease('release-conflict')).spec?.holderIdentity).toBe('a');
  });
});

it('LeaseLock.update re-applies its labels, keeping the others (client-go LeaseLock.Update)', async () => {
  const lock = new LeaseLock({
    client: leaseClientFromRest(restClient(), { namespace: 'default' }),
    name: 'labelled',
    namespace: 'default',
    labels: { app: 'ctrl', tier: 'control' },
  });
  const record = { holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 };
  await lock.create(record);
  await labelLease('labelled', { app: null, tier: 'changed', owner: 'ops' });
  await lock.get();
  await lock.update(record);
  expect((await storedLease('labelled')).metadata.labels).toEqual({
    app: 'ctrl',
    tier: 'control',
    owner: 'ops',
  });
});
