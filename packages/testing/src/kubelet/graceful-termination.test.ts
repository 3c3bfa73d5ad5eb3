import { FakeClock } from '@kubekit/apimachinery';
import { startApiServer, type ApiServer } from '../api-server';
import { TestClient } from '../http-client';
import { eventually, podsOf, type PodJson } from '../test-support/kubelet-fixture';
import { LocalKubelet } from './local-kubelet';

let server: ApiServer;
let client: TestClient;
let kubelet: LocalKubelet | undefined;
const logs: { hook?: LocalKubelet['podLogs'] } = {};

beforeEach(async () => {
  server = await startApiServer({ http: true, podLogs: (req) => logs.hook?.(req) });
  client = new TestClient(server);
});
afterEach(async () => {
  await kubelet?.stop();
  kubelet = undefined;
  await client.close();
  await server.stop();
});

/** Logs `up`, then ignores SIGTERM (logging it) until it is killed. */
const stubborn =
  'process.on("SIGTERM",()=>console.log("got SIGTERM"));console.log("up");setInterval(()=>{},1000)';

describe('LocalKubelet graceful termination', () => {
  it('stops an evicted pod as the kubelet does: SIGTERM, SIGKILL after its grace period, final state, then removal', async () => {
    const clock = new FakeClock();
    kubelet = await LocalKubelet.start({ server, clock });
    logs.hook = kubelet.podLogs;
    const pods = podsOf(client);
    await pods.create('stubborn', {
      terminationGracePeriodSeconds: 60,
      containers: [{ name: 'main', image: 'node', command: [process.execPath, '-e', stubborn] }],
    });
    const log = () => client.get('/api/v1/namespaces/default/pods/stubborn/log');
    await eventually(async () => ((await log()).text.includes('up') ? true : undefined), 'up');
    const running = await pods.get('stubborn');
    const watch = await client.watch(
      `/api/v1/namespaces/default/pods?watch=true&resourceVersion=${running.metadata.resourceVersion}`,
    );
    const evicted = await client.post('/api/v1/namespaces/default/pods/stubborn/eviction', {
      metadata: { name: 'stubborn' },
      deleteOptions: { gracePeriodSeconds: 20 },
    });
    expect(evicted.status).toBe(201);
    await eventually(
      async () => ((await log()).text.includes('got SIGTERM') ? true : undefined),
      'SIGTERM',
    );
    // still there, still running: the kill timer of the 20 s grace period is pending (and the
    // node's heartbeat)
    expect((await pods.get('stubborn')).metadata.deletionGracePeriodSeconds).toBe(20);
    expect(clock.waiters()).toBe(2);
    clock.step(20_000);
    await pods.gone('stubborn');
    const seen: PodJson[] = [];
    for (let e = await watch.next(); e && e.type !== 'DELETED'; e = await watch.next())
      seen.push(e.object);
    watch.close();
    const last = seen.at(-1);
    expect(last.status.phase).toBe('Failed');
    expect(last.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 137,
      reason: 'Error',
    });
    expect(last.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'DisruptionTarget', reason: 'EvictionByEvictionAPI' }),
    );
  });
});
