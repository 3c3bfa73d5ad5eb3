/**
 * Server-side tables of the built-in kinds (`kubectl get` sends
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): the columns and cells kube-apiserver
 * v1.34 prints, as recorded against the real server (KUBEKIT_SERVER=real runs it there too).
 * Age cells are checked for their shape only; everything else is exact.
 */
import { TestClient } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';

const tableAccept = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
const merge = 'application/merge-patch+json';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('tables');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

type Row = { cells: unknown[]; conditions?: unknown[] };
type Table = { kind: string; columnDefinitions: { name: string; priority: number }[]; rows: Row[] };

const api = (group: string, resource: string, name = ''): string => {
  const base = group === '' ? '/api/v1' : `/apis/${group}`;
  return `${base}/namespaces/${ns}/${resource}${name ? `/${name}` : ''}`;
};

async function create(group: string, resource: string, body: object): Promise<any> {
  const res = await client.post(api(group, resource), body);
  expect(res.status).toBe(201);
  return res.body;
}

async function table(path: string): Promise<Table> {
  const res = await client.get(`${path}?includeObject=None`, tableAccept);
  expect(res.status).toBe(200);
  expect((res.body as Table).kind).toBe('Table');
  return res.body as Table;
}

/** Column names, wide ones (priority 1) marked with a `+`. */
const columns = (t: Table): string[] =>
  t.columnDefinitions.map((c) => (c.priority ? `+${c.name}` : c.name));

/** The one row of `t`, its Age cell (at `ageAt`) replaced by `AGE` once checked. */
function row(t: Table, ageAt: number): unknown[] {
  expect(t.rows).toHaveLength(1);
  const cells = [...t.rows[0]!.cells];
  expect(cells[ageAt]).toMatch(/^\d+s$/);
  cells[ageAt] = 'AGE';
  return cells;
}

const ago = (ms: number, micro = false): string =>
  new Date(Date.now() - ms).toISOString().replace(/\.\d+Z$/, micro ? '.000000Z' : 'Z');

describe('core tables', () => {
  it('config maps count data and binaryData; secrets print their type', async () => {
    await create('', 'configmaps', {
      metadata: { name: 'cm' },
      data: { a: '1', b: '2' },
      binaryData: { c: 'aGk=' },
    });
    const cm = await table(api('', 'configmaps', 'cm'));
    expect(columns(cm)).toEqual(['Name', 'Data', 'Age']);
    expect(row(cm, 2)).toEqual(['cm', 3, 'AGE']);

    await create('', 'secrets', { metadata: { name: 's' }, type: 'Opaque', data: { a: 'aGk=' } });
    const s = await table(api('', 'secrets', 's'));
    expect(columns(s)).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(row(s, 3)).toEqual(['s', 'Opaque', 1, 'AGE']);

    await create('', 'serviceaccounts', { metadata: { name: 'sa' } });
    const sa = await table(api('', 'serviceaccounts', 'sa'));
    expect(columns(sa)).toEqual(['Name', 'Secrets', 'Age']);
    expect(row(sa, 2)).toEqual(['sa', 0, 'AGE']);
  });

  it('services print type, cluster IP, external IP, ports and selector', async () => {
    const cases: [object, (svc: any) => unknown[]][] = [
      [
        {
          metadata: { name: 'web' },
          spec: {
            selector: { app: 'web' },
            ports: [
              { name: 'http', port: 80, targetPort: 8080 },
              { name: 'dns', port: 53, protocol: 'UDP' },
            ],
          },
        },
        (s) => ['web', 'ClusterIP', s.spec.clusterIP, '<none>', '80/TCP,53/UDP', 'AGE', 'app=web'],
      ],
      [
        {
          metadata: { name: 'np' },
          spec: { type: 'NodePort', externalIPs: ['1.2.3.4'], ports: [{ port: 80 }] },
        },
        (s) => [
          'np',
          'NodePort',
          s.spec.clusterIP,
          '1.2.3.4',
          `80:${s.spec.ports[0].nodePort}/TCP`,
          'AGE',
          '<none>',
        ],
      ],
      [
        { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ port: 443 }] } },
        (s) => [
          'lb',
          'LoadBalancer',
          s.spec.clusterIP,
          '<pending>',
          `443:${s.spec.ports[0].nodePort}/TCP`,
          'AGE',
          '<none>',
        ],
      ],
      [
        { metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } },
        () => ['ext', 'ExternalName', '<none>', 'example.com', '<none>', 'AGE', '<none>'],
      ],
      [
        { metadata: { name: 'headless' }, spec: { clusterIP: 'None', selector: { app: 'db' } } },
        () => ['headless', 'ClusterIP', 'None', '<none>', '<none>', 'AGE', 'app=db'],
      ],
    ];
    for (const [body, expected] of cases) {
      const svc = await create('', 'services', body);
      const t = await table(api('', 'services', svc.metadata.name));
      expect(columns(t)).toEqual([
        'Name',
        'Type',
        'Cluster-IP',
        'External-IP',
        'Port(s)',
        'Age',
        '+Selector',
      ]);
      expect(row(t, 5)).toEqual(expected(svc));
    }
  });

  it('endpoints list up to three addresses with their ports', async () => {
    await create('', 'endpoints', {
      metadata: { name: 'two-ports' },
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }],
          ports: [
            { name: 'a', port: 80 },
            { name: 'b', port: 443 },
          ],
        },
      ],
    });
    await create('', 'endpoints', {
      metadata: { name: 'no-ports' },
      subsets: [{ addresses: [{ ip: '10.0.0.3' }] }],
    });
    const t = await table(api('', 'endpoints'));
    expect(columns(t)).toEqual(['Name', 'Endpoints', 'Age']);
    expect(t.rows.map((r) => r.cells.slice(0, 2))).toEqual([
      ['no-ports', '10.0.0.3'],
      ['two-ports', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...'],
    ]);
  });

  it('events print when, what, about which object and from whom, in both API groups', async () => {
    await create('', 'events', {
      metadata: { name: 'pulled' },
      involvedObject: { kind: 'Pod', name: 'p1', namespace: ns, fieldPath: 'spec.containers{c1}' },
      reason: 'Pulled',
      message: 'Successfully pulled image ',
      type: 'Normal',
      count: 3,
      firstTimestamp: ago(2 * 3600_000),
      lastTimestamp: ago(3600_000),
      source: { component: 'kubelet', host: 'node1' },
    });
    await create('', 'events', {
      metadata: { name: 'scaled' },
      involvedObject: { kind: 'Deployment', name: 'web', namespace: ns, apiVersion: 'apps/v1' },
      reason: 'ScalingReplicaSet',
      message: 'Scaled up',
      type: 'Normal',
      eventTime: ago(3600_000, true),
      reportingComponent: 'deployment-controller',
      reportingInstance: 'kcm-1',
      action: 'Scale',
    });
    const expected = [
      ['60m', 'Normal', 'Pulled', 'pod/p1', 'spec.containers{c1}', 'kubelet, node1'],
      ['Successfully pulled image', '120m', 3, 'pulled'],
      ['60m', 'Normal', 'ScalingReplicaSet', 'deployment/web', '', 'deployment-controller, kcm-1'],
      ['Scaled up', '60m', 1, 'scaled'],
    ];
    for (const group of ['', 'events.k8s.io/v1']) {
      const t = await table(group ? `/apis/${group}/namespaces/${ns}/events` : api('', 'events'));
      expect(columns(t)).toEqual([
        'Last Seen',
        'Type',
        'Reason',
        'Object',
        '+Subobject',
        '+Source',
        'Message',
        '+First Seen',
        '+Count',
        '+Name',
      ]);
      expect(t.rows.map((r) => r.cells)).toEqual([
        [...expected[0]!, ...expected[1]!],
        [...expected[2]!, ...expected[3]!],
      ]);
    }
  });
});

describe('cluster-scoped tables', () => {
  it('nodes print readiness, cordoning, roles, version, addresses and node info', async () => {
    const name = `${ns}-node`;
    const res = await client.post('/api/v1/nodes', {
      metadata: {
        name,
        labels: {
          'node-role.kubernetes.io/worker': '',
          'node-role.kubernetes.io/control-plane': '',
        },
      },
      spec: { unschedulable: true },
    });
    expect(res.status).toBe(201);
    try {
      const patched = await client.patch(
        `/api/v1/nodes/${name}/status`,
        {
          status: {
            conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'ok' }],
            addresses: [
              { type: 'InternalIP', address: '10.0.0.5' },
              { type: 'ExternalIP', address: '34.1.2.3' },
            ],
            nodeInfo: {
              kubeletVersion: 'v1.34.1',
              osImage: 'Ubuntu 24.04',
              kernelVersion: '6.8.0',
            },
          },
        },
        merge,
      );
      expect(patched.status).toBe(200);
      const t = await table(`/api/v1/nodes/${name}`);
      expect(columns(t)).toEqual([
        'Name',
        'Status',
        'Roles',
        'Age',
        'Version',
        '+Internal-IP',
        '+External-IP',
        '+OS-Image',
        '+Kernel-Version',
        '+Container-Runtime',
      ]);
      expect(row(t, 3)).toEqual([
        name,
        'Ready,SchedulingDisabled',
        'control-plane,worker',
        'AGE',
        'v1.34.1',
        '10.0.0.5',
        '34.1.2.3',
        'Ubuntu 24.04',
        '6.8.0',
        '<unknown>',
      ]);
    } finally {
      await client.delete(`/api/v1/nodes/${name}`);
    }
  });

  it('namespaces print their phase; priority classes their value and policy', async () => {
    const t = await table(`/api/v1/namespaces/${ns}`);
    expect(columns(t)).toEqual(['Name', 'Status', 'Age']);
    expect(row(t, 2)).toEqual([ns, 'Active', 'AGE']);

    const name = `${ns}-pc`;
    expect(
      (
        await client.post('/apis/scheduling.k8s.io/v1/priorityclasses', {
          metadata: { name },
          value: 1000,
        })
      ).status,
    ).toBe(201);
    try {
      const pc = await table(`/apis/scheduling.k8s.io/v1/priorityclasses/${name}`);
      expect(columns(pc)).toEqual(['Name', 'Value', 'Global-Default', 'Age', 'PreemptionPolicy']);
      expect(row(pc, 3)).toEqual([name, 1000, false, 'AGE', 'PreemptLowerPriority']);
    } finally {
      await client.delete(`/apis/scheduling.k8s.io/v1/priorityclasses/${name}`);
    }
  });
});
