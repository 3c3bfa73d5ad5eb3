/**
 * What kube-apiserver v1.34 does to written Services beyond validation: the v1 defaults (owned
 * by the writer), the allocation step (cluster IP, IP families, node ports: owned by nobody),
 * allocated values kept on update, and the atomic selector in managedFields. Recorded against
 * the real server (KUBEKIT_SERVER=real runs this file there too).
 */
import { TestClient } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('services');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const services = () => `/api/v1/namespaces/${ns}/services`;
const port80 = {
  '.': {},
  'f:port': {},
  'f:protocol': {},
  'f:targetPort': {},
};

describe('services', () => {
  it('allocate a cluster IP in 10.96.0.0/16 that no manager owns', async () => {
    const res = await client.post(services(), {
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80 }], selector: { a: 'b' } },
    });
    expect(res.status).toBe(201);
    const spec = res.body.spec;
    expect(spec.clusterIP).toMatch(/^10\.96\.\d+\.\d+$/);
    expect(spec).toEqual({
      ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }],
      selector: { a: 'b' },
      clusterIP: spec.clusterIP,
      clusterIPs: [spec.clusterIP],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      internalTrafficPolicy: 'Cluster',
    });
    expect(res.body.metadata.managedFields[0].fieldsV1).toEqual({
      'f:spec': {
        'f:internalTrafficPolicy': {},
        'f:ports': { '.': {}, 'k:{"port":80,"protocol":"TCP"}': port80 },
        'f:selector': {},
        'f:sessionAffinity': {},
        'f:type': {},
      },
    });
  });

  it('keep the allocated cluster IP when an update leaves it out', async () => {
    const created = await client.post(services(), {
      metadata: { name: 'kept' },
      spec: { ports: [{ port: 80 }] },
    });
    const res = await client.put(`${services()}/kept`, {
      metadata: { name: 'kept' },
      spec: { ports: [{ port: 81 }], selector: { a: 'c' } },
    });
    expect(res.status).toBe(200);
    expect(res.body.spec.clusterIPs).toEqual(created.body.spec.clusterIPs);
    expect(res.body.spec.ports).toEqual([{ protocol: 'TCP', port: 81, targetPort: 81 }]);
    expect(res.body.spec.ipFamilies).toEqual(['IPv4']);
  });

  it('never change an allocated cluster IP, and keep clusterIP and clusterIPs in sync', async () => {
    const created = await client.post(services(), {
      metadata: { name: 'fixed' },
      spec: { ports: [{ port: 80 }] },
    });
    const ip: string = created.body.spec.clusterIP;
    const toNone = await client.put(`${services()}/fixed`, {
      metadata: { name: 'fixed' },
      spec: { clusterIP: 'None', clusterIPs: ['None'], ports: [{ port: 80 }] },
    });
    expect(toNone.body.message).toBe(
      'Service "fixed" is invalid: spec.clusterIPs[0]: Invalid value: ["None"]: may not change once set',
    );
    const mismatch = await client.put(`${services()}/fixed`, {
      metadata: { name: 'fixed' },
      spec: { clusterIP: ip, clusterIPs: ['10.96.1.2'], ports: [{ port: 80 }] },
    });
    expect(mismatch.body.message).toBe(
      'Service "fixed" is invalid: spec.clusterIPs: Invalid value: ["10.96.1.2"]: first value must match `clusterIP`',
    );
    const onlyIPs = await client.post(services(), {
      metadata: { name: 'ipd' },
      spec: { clusterIPs: ['10.96.8.8'], ports: [{ port: 80 }] },
    });
    expect(onlyIPs.body.message).toBe(
      'Service "ipd" is invalid: spec.clusterIPs: Invalid value: ["10.96.8.8"]: must be empty when `clusterIP` is not specified',
    );
  });

  it('give load balancers node ports and the defaults of externally reachable services', async () => {
    const res = await client.post(services(), {
      metadata: { name: 'lb' },
      spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
    });
    const spec = res.body.spec;
    const nodePort: number = spec.ports[0].nodePort;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(nodePort).toBeLessThanOrEqual(32767);
    expect(spec).toMatchObject({
      externalTrafficPolicy: 'Cluster',
      allocateLoadBalancerNodePorts: true,
      internalTrafficPolicy: 'Cluster',
    });
    expect(res.body.metadata.managedFields[0].fieldsV1['f:spec']).toEqual({
      'f:allocateLoadBalancerNodePorts': {},
      'f:externalTrafficPolicy': {},
      'f:internalTrafficPolicy': {},
      'f:ports': { '.': {}, 'k:{"port":80,"protocol":"TCP"}': port80 },
      'f:sessionAffinity': {},
      'f:type': {},
    });
    const updated = await client.put(`${services()}/lb`, {
      metadata: { name: 'lb' },
      spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
    });
    expect(updated.body.spec.ports[0].nodePort).toBe(nodePort);
  });

  it('default the ClientIP affinity timeout', async () => {
    const res = await client.post(services(), {
      metadata: { name: 'aff' },
      spec: { sessionAffinity: 'ClientIP', ports: [{ port: 80 }] },
    });
    expect(res.body.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });

  it('leave a headless service its None and own neither clusterIPs nor families', async () => {
    const res = await client.post(services(), {
      metadata: { name: 'headless' },
      spec: { clusterIP: 'None', selector: { app: 'x' }, ports: [{ name: 'tf', port: 2222 }] },
    });
    expect(res.body.spec).toMatchObject({
      clusterIP: 'None',
      clusterIPs: ['None'],
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
    });
    expect(Object.keys(res.body.metadata.managedFields[0].fieldsV1['f:spec']).sort()).toEqual([
      'f:clusterIP',
      'f:internalTrafficPolicy',
      'f:ports',
      'f:selector',
      'f:sessionAffinity',
      'f:type',
    ]);
  });
});
