/**
 * What kube-apiserver v1.34 adds to created pods, services and nodes (v1 defaults, the
 * Priority, DefaultTolerationSeconds and TaintNodesByCondition admission plugins), to binding
 * and to deletion, as recorded against the real server (KUBEKIT_SERVER=real runs it there too).
 */
import { TestClient } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('defaults');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const create = async (path: string, body: object) => {
  const res = await client.post(path, body);
  expect(res.status).toBe(201);
  return res.body;
};
const notReady = { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' };
const unreachable = { ...notReady, key: 'node.kubernetes.io/unreachable' };

describe('created pods', () => {
  it('get container, security, priority and toleration defaults and generation 1', async () => {
    const pod = await create(`/api/v1/namespaces/${ns}/pods`, {
      metadata: { name: 'plain' },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox' }],
        containers: [{ name: 'main', image: 'app:1', ports: [{ containerPort: 80 }] }],
      },
    });
    expect(pod.metadata.generation).toBe(1);
    expect(pod.spec).toMatchObject({
      securityContext: {},
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { ...notReady, tolerationSeconds: 300 },
        { ...unreachable, tolerationSeconds: 300 },
      ],
    });
    expect(pod.spec.initContainers[0]).toMatchObject({
      resources: {},
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    });
    expect(pod.spec.containers[0]).toMatchObject({
      resources: {},
      imagePullPolicy: 'IfNotPresent',
      ports: [{ containerPort: 80, protocol: 'TCP' }],
    });
    expect(pod.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
    // defaults belong to the creating manager, what admission plugins added to nobody
    const owned = Object.keys(pod.metadata.managedFields[0].fieldsV1['f:spec']);
    expect(owned).toEqual(expect.arrayContaining(['f:securityContext', 'f:enableServiceLinks']));
    for (const admitted of ['f:tolerations', 'f:priority', 'f:preemptionPolicy'])
      expect(owned).not.toContain(admitted);
  });

  it('keep their own tolerations, take requests from limits and get their QoS class', async () => {
    const limits = { cpu: '1', memory: '1Gi' };
    const pod = await create(`/api/v1/namespaces/${ns}/pods`, {
      metadata: { name: 'critical' },
      spec: {
        priorityClassName: 'system-node-critical',
        tolerations: [notReady],
        containers: [{ name: 'main', image: 'app:1', resources: { limits } }],
      },
    });
    expect(pod.spec.priority).toBe(2000001000);
    expect(pod.spec.tolerations).toEqual([notReady, { ...unreachable, tolerationSeconds: 300 }]);
    expect(pod.spec.containers[0].resources).toEqual({ limits, requests: limits });
    expect(pod.status.qosClass).toBe('Guaranteed');
    const burstable = await create(`/api/v1/namespaces/${ns}/pods`, {
      metadata: { name: 'burstable' },
      spec: { containers: [{ name: 'main', image: 'app:1', resources: { limits: { cpu: '1' } } }] },
    });
    expect(burstable.status.qosClass).toBe('Burstable');
  });

  it('take a PUT of the body first sent: defaults and admitted fields are applied again', async () => {
    const body = {
      metadata: { name: 'resent' },
      spec: { containers: [{ name: 'main', image: 'app:1', resources: { limits: { cpu: '1' } } }] },
    };
    const created = await create(`/api/v1/namespaces/${ns}/pods`, body);
    const res = await client.put(`/api/v1/namespaces/${ns}/pods/resent`, {
      ...body,
      metadata: { ...body.metadata, labels: { resent: 'yes' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.metadata).toMatchObject({ generation: 1, labels: { resent: 'yes' } });
    expect(res.body.spec).toEqual(created.spec);
  });

  it('are bound with a PodScheduled condition, and a graceful deletion bumps the generation', async () => {
    await create(`/api/v1/namespaces/${ns}/pods`, {
      metadata: { name: 'bound' },
      spec: { containers: [{ name: 'main', image: 'app:1' }] },
    });
    await create(`/api/v1/namespaces/${ns}/pods/bound/binding`, {
      metadata: { name: 'bound' },
      target: { kind: 'Node', name: `${ns}-node` },
    });
    const bound = (await client.get(`/api/v1/namespaces/${ns}/pods/bound`)).body;
    expect(bound.metadata.generation).toBe(1);
    expect(bound.spec.nodeName).toBe(`${ns}-node`);
    expect(bound.status.conditions).toEqual([
      {
        type: 'PodScheduled',
        status: 'True',
        lastProbeTime: null,
        lastTransitionTime: expect.any(String),
      },
    ]);
    const marked = await client.delete(`/api/v1/namespaces/${ns}/pods/bound`);
    expect(marked.body.metadata).toMatchObject({ generation: 2, deletionGracePeriodSeconds: 30 });
    const shorter = await client.delete(`/api/v1/namespaces/${ns}/pods/bound`, {
      gracePeriodSeconds: 10,
    });
    expect(shorter.body.metadata).toMatchObject({ generation: 2, deletionGracePeriodSeconds: 10 });
    await client.delete(`/api/v1/namespaces/${ns}/pods/bound`, { gracePeriodSeconds: 0 });
  });
});

describe('created services', () => {
  it.each([
    ['headless', { clusterIP: 'None', selector: { app: 'a' } }, ['IPv4'], 'SingleStack'],
    ['selectorless headless', { clusterIP: 'None' }, ['IPv4', 'IPv6'], 'RequireDualStack'],
  ])('%s: ports, cluster IPs and IP families', async (name, spec, ipFamilies, ipFamilyPolicy) => {
    const svc = await create(`/api/v1/namespaces/${ns}/services`, {
      metadata: { name: name.replace(' ', '-') },
      spec: { ...spec, ports: [{ name: 'grpc', port: 2222 }] },
    });
    expect(svc.spec).toMatchObject({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ports: [{ name: 'grpc', port: 2222, protocol: 'TCP', targetPort: 2222 }],
      clusterIPs: ['None'],
      ipFamilies,
      ipFamilyPolicy,
      internalTrafficPolicy: 'Cluster',
    });
  });

  it('ExternalName services get no IP fields', async () => {
    const svc = await create(`/api/v1/namespaces/${ns}/services`, {
      metadata: { name: 'external' },
      spec: { type: 'ExternalName', externalName: 'example.com' },
    });
    expect(svc.spec).toEqual({
      type: 'ExternalName',
      externalName: 'example.com',
      sessionAffinity: 'None',
    });
  });
});

describe('created nodes', () => {
  it('are tainted not-ready and serialize empty daemon endpoints and node info', async () => {
    const name = `${ns}-node`;
    const node = await create('/api/v1/nodes', {
      metadata: { name },
      status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }] },
    });
    await client.delete(`/api/v1/nodes/${name}`);
    expect(node.spec.taints).toEqual([
      { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
    ]);
    expect(node.status.daemonEndpoints).toEqual({ kubeletEndpoint: { Port: 0 } });
    expect(node.status.nodeInfo).toMatchObject({ kubeletVersion: '', architecture: '' });
  });
});
