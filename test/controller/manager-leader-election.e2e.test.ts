/**
 * Two controller managers (each with its own client, informers and controller, as two replicas
 * of a Deployment would have) competing for one Lease on the server under test (embedded or
 * real): only the leader reconciles, and leadership moves when the leader shuts down (released
 * at once) or dies (taken over once the lease expires).
 */
import { factoryRunnable, runControllerManager, type ManagerServer } from '@kubekit/controller';
import { LeaseLock, leaseClientFromRest } from '@kubekit/leaderelection';
import type { RESTClient } from '@kubekit/rest';
import { startServerUnderTest, type ServerUnderTest } from '../server-under-test';
import { mirrorController, mirrorLabel } from './configmap-secret-controller';
import { core, eventually, freshNamespace, restClient } from './helpers';

let server: ServerUnderTest;
let admin: RESTClient;
const clients: RESTClient[] = [];

beforeAll(async () => {
  server = await startServerUnderTest();
  admin = restClient(server);
});
afterAll(async () => {
  await Promise.all([admin, ...clients].map((c) => c.close()));
  await server.stop();
});

/** Who reconciled what, in order, across both replicas. */
type Log = { identity: string; key: string }[];

function replica(
  identity: string,
  namespace: string,
  log: Log,
  options: { releaseOnCancel: boolean; leaseName: string },
) {
  const client = restClient(server);
  clients.push(client);
  const mirror = mirrorController({
    client,
    namespace,
    onReconciled: (key) => log.push({ identity, key }),
  });
  const stop = new AbortController();
  let http: ManagerServer | undefined;
  const done = runControllerManager({
    controllers: [mirror.controller],
    runnables: [factoryRunnable(mirror.factory)],
    leaderElection: {
      lock: new LeaseLock({
        client: leaseClientFromRest(client, { namespace }),
        name: options.leaseName,
        namespace,
      }),
      identity,
      leaseDurationMs: 4_000,
      renewDeadlineMs: 3_000,
      retryPeriodMs: 500,
      releaseOnCancel: options.releaseOnCancel,
    },
    server: { healthAddress: '127.0.0.1:0' },
    onServerStarted: (s) => (http = s),
    signal: stop.signal,
  });
  return { stop: () => stop.abort(), done, http: () => http!, mirror };
}

const createConfigMap = (namespace: string, name: string) =>
  admin
    .post()
    .groupVersion(core)
    .namespace(namespace)
    .resource('configmaps')
    .body({ metadata: { name, labels: { [mirrorLabel]: 'true' } }, data: { n: name } })
    .do();

const holder = async (namespace: string, name: string) =>
  (
    await admin
      .get()
      .groupVersion({ group: 'coordination.k8s.io', version: 'v1' })
      .namespace(namespace)
      .resource('leases')
      .name(name)
      .do<{ spec?: { holderIdentity?: string } }>()
  ).spec?.holderIdentity;

describe('runControllerManager with leader election over HTTP', () => {
  it('hands the controllers over when the leader shuts down, never reconciling on both at once', async () => {
    const namespace = await freshNamespace(admin);
    const log: Log = [];
    const a = replica('a', namespace, log, { releaseOnCancel: true, leaseName: 'mirror' });
    await eventually(async () => (await holder(namespace, 'mirror')) === 'a', 'a to lead');
    const b = replica('b', namespace, log, { releaseOnCancel: true, leaseName: 'mirror' });
    await eventually(
      () => b.mirror.controller.hasSynced(),
      "b's caches (it runs informers while not leading)",
    );
    await createConfigMap(namespace, 'one');
    await eventually(() => log.some((e) => e.key === `${namespace}/one`), 'a reconcile of one');
    const health = await fetch(`${a.http().healthUrl}/healthz?verbose`);
    expect(await health.text()).toContain('[+]leaderElection ok');
    const readyB = await fetch(`${b.http().healthUrl}/readyz`);
    expect(readyB.status).toBe(200); // a standby is ready: its caches synced

    a.stop();
    await a.done; // controllers stopped, then the lease released
    const handoff = log.length;
    await eventually(async () => (await holder(namespace, 'mirror')) === 'b', 'b to lead');
    await createConfigMap(namespace, 'two');
    await eventually(() => log.some((e) => e.key === `${namespace}/two`), 'a reconcile of two');

    expect(log.slice(0, handoff).every((e) => e.identity === 'a')).toBe(true);
    expect(log.slice(handoff).every((e) => e.identity === 'b')).toBe(true);
    expect(log.slice(handoff).length).toBeGreaterThan(0);
    b.stop();
    await b.done;
  });

  it('takes over from a leader that vanished without releasing, once the lease expired', async () => {
    const namespace = await freshNamespace(admin);
    const log: Log = [];
    const a = replica('a', namespace, log, { releaseOnCancel: false, leaseName: 'mirror' });
    await eventually(async () => (await holder(namespace, 'mirror')) === 'a', 'a to lead');
    const b = replica('b', namespace, log, { releaseOnCancel: false, leaseName: 'mirror' });
    a.stop();
    await a.done;
    expect(await holder(namespace, 'mirror')).toBe('a'); // not released: b must wait for expiry
    await eventually(async () => (await holder(namespace, 'mirror')) === 'b', 'b to take over');
    await createConfigMap(namespace, 'after');
    await eventually(
      () => log.some((e) => e.key === `${namespace}/after` && e.identity === 'b'),
      'b reconciling',
    );
    b.stop();
    await b.done;
  });
});
