import { FakeClock } from '@kubekit/apimachinery';
import { startApiServer, type ApiServer } from '../api-server';
import { TestClient } from '../http-client';
import { eventually, podsOf, type PodJson } from '../test-support/kubelet-fixture';
import { LocalKubelet } from './local-kubelet';

let server: ApiServer;
let client: TestClient;
let clock: FakeClock;
const kubelets: LocalKubelet[] = [];

beforeEach(async () => {
  clock = new FakeClock();
  server = await startApiServer({ http: true, clock });
  client = new TestClient(server);
});
afterEach(async () => {
  await Promise.all(kubelets.splice(0).map((k) => k.stop()));
  await client.close();
  await server.stop();
});

const start = async (options: Partial<Parameters<typeof LocalKubelet.start>[0]>) => {
  const kubelet = await LocalKubelet.start({ server, clock, ...options });
  kubelets.push(kubelet);
  return kubelet;
};
const node = async (name: string): Promise<PodJson> =>
  (await client.get(`/api/v1/nodes/${name}`)).body;
const lease = async (name: string): Promise<PodJson> =>
  (await client.get(`/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/${name}`)).body;
const condition = (obj: PodJson, type: string) =>
  obj.status.conditions.find((c: { type: string }) => c.type === type);

describe('LocalKubelet nodes', () => {
  it('registers a Node with capacity, labels and Ready, and a Lease it renews every 10 s', async () => {
    const capacity = { cpu: '2', memory: '4Gi', pods: '10' };
    await start({ nodeName: 'n1', capacity, labels: { zone: 'a' }, script: () => undefined });
    const n1 = await node('n1');
    expect(n1.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'n1', zone: 'a' });
    expect(n1.status).toMatchObject({ capacity, allocatable: capacity });
    expect(condition(n1, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    const first = await lease('n1');
    expect(first.spec).toEqual({
      holderIdentity: 'n1',
      leaseDurationSeconds: 40,
      renewTime: '2024-01-01T00:00:00.000000Z',
    });
    expect(first.metadata.ownerReferences).toEqual([
      { apiVersion: 'v1', kind: 'Node', name: 'n1', uid: n1.metadata.uid },
    ]);
    await clock.advance(10_000);
    await eventually(
      async () =>
        (await lease('n1')).spec.renewTime === '2024-01-01T00:00:10.000000Z' ? true : undefined,
      'lease renewed',
    );
  });

  it('runs only the pods bound to its node, and binds only pods that fit it', async () => {
    const seen: Record<string, string[]> = { n1: [], n2: [] };
    for (const name of ['n1', 'n2']) {
      await start({
        nodeName: name,
        labels: { zone: name === 'n1' ? 'a' : 'b' },
        script: (pod) => {
          seen[name]!.push(pod.metadata.name);
          return { phase: 'Running' };
        },
      });
    }
    const pods = podsOf(client);
    const spec = (extra: Record<string, unknown>) => ({
      containers: [{ name: 'c', image: 'x' }],
      ...extra,
    });
    await pods.create('on-n1', spec({ nodeName: 'n1' }));
    await pods.create('on-n2', spec({ nodeName: 'n2' }));
    await pods.create('zone-b', spec({ nodeSelector: { zone: 'b' } }));
    await pods.create('zone-c', spec({ nodeSelector: { zone: 'c' } }));
    for (const name of ['on-n1', 'on-n2', 'zone-b'])
      await pods.until(name, 'Running', (p) => p.status?.phase === 'Running');
    expect((await pods.get('zone-b')).spec.nodeName).toBe('n2');
    expect(seen).toEqual({ n1: ['on-n1'], n2: ['on-n2', 'zone-b'] });
    expect((await pods.get('zone-c')).spec.nodeName).toBeUndefined();
  });

  it('a lost node turns Unknown and tainted, its pods are evicted after their toleration, and it comes back', async () => {
    const kubelet = await start({ nodeName: 'n1', script: () => ({ phase: 'Running' }) });
    const pods = podsOf(client);
    await pods.create('p', { containers: [{ name: 'c', image: 'x' }] });
    await pods.until('p', 'Running', (p) => p.status?.phase === 'Running');
    kubelet.loseNode();
    await clock.advance(50_000); // the node monitor grace period
    const lost = await eventually(async () => {
      const n = await node('n1');
      return condition(n, 'Ready').status === 'Unknown' && n.spec.taints?.length === 2
        ? n
        : undefined;
    }, 'node Unknown and tainted');
    expect(condition(lost, 'Ready')).toMatchObject({
      reason: 'NodeStatusUnknown',
      message: 'Kubelet stopped posting node status.',
    });
    expect(lost.spec.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' },
      {
        key: 'node.kubernetes.io/unreachable',
        effect: 'NoExecute',
        timeAdded: '2024-01-01T00:00:50Z',
      },
    ]);
    const unready = await pods.until(
      'p',
      'not ready',
      (p) => condition(p, 'Ready').status === 'False',
    );
    expect(unready.metadata.deletionTimestamp).toBeUndefined();
    // the default toleration of node.kubernetes.io/unreachable: 300 s
    await clock.advance(300_000);
    const evicted = await pods.until('p', 'terminating', (p) => p.metadata.deletionTimestamp);
    expect(condition(evicted, 'DisruptionTarget')).toMatchObject({
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
    });
    await kubelet.restoreNode();
    await pods.gone('p'); // the kubelet, back, completes the deletion
    const back = await eventually(async () => {
      const n = await node('n1');
      return condition(n, 'Ready').status === 'True' && !n.spec.taints ? n : undefined;
    }, 'node Ready, untainted');
    expect(condition(back, 'Ready').reason).toBe('KubeletReady');
  });
});
