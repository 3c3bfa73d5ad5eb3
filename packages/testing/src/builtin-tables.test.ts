/**
 * Server-side tables of the built-in kinds (`kubectl get` sends
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io`): the columns and cells kube-apiserver
 * v1.34 prints, as recorded against the real server (KUBEKIT_SERVER=real runs it there too).
 * Age cells are checked for their shape only; everything else is exact.
 */
import { columnsOf, rowOf, useTableSession } from './test-support/table-session';

const s = useTableSession('tables');

const ago = (ms: number, micro = false): string =>
  new Date(Date.now() - ms).toISOString().replace(/\.\d+Z$/, micro ? '.000000Z' : 'Z');

describe('core tables', () => {
  it('config maps count data and binaryData; secrets print their type', async () => {
    await s.create('', 'configmaps', {
      metadata: { name: 'cm' },
      data: { a: '1', b: '2' },
      binaryData: { c: 'aGk=' },
    });
    const cm = await s.table(s.path('', 'configmaps', 'cm'));
    expect(columnsOf(cm)).toEqual(['Name', 'Data', 'Age']);
    expect(rowOf(cm, 2)).toEqual(['cm', 3, 'AGE']);

    await s.create('', 'secrets', { metadata: { name: 's' }, type: 'Opaque', data: { a: 'aGk=' } });
    const secret = await s.table(s.path('', 'secrets', 's'));
    expect(columnsOf(secret)).toEqual(['Name', 'Type', 'Data', 'Age']);
    expect(rowOf(secret, 3)).toEqual(['s', 'Opaque', 1, 'AGE']);

    await s.create('', 'serviceaccounts', { metadata: { name: 'sa' } });
    const sa = await s.table(s.path('', 'serviceaccounts', 'sa'));
    expect(columnsOf(sa)).toEqual(['Name', 'Secrets', 'Age']);
    expect(rowOf(sa, 2)).toEqual(['sa', 0, 'AGE']);
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
      const svc = await s.create('', 'services', body);
      const t = await s.table(s.path('', 'services', svc.metadata.name));
      expect(columnsOf(t)).toEqual([
        'Name',
        'Type',
        'Cluster-IP',
        'External-IP',
        'Port(s)',
        'Age',
        '+Selector',
      ]);
      expect(rowOf(t, 5)).toEqual(expected(svc));
    }
  });

  it('endpoints list up to three addresses with their ports', async () => {
    await s.create('', 'endpoints', {
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
    await s.create('', 'endpoints', {
      metadata: { name: 'no-ports' },
      subsets: [{ addresses: [{ ip: '10.0.0.3' }] }],
    });
    const t = await s.table(s.path('', 'endpoints'));
    expect(columnsOf(t)).toEqual(['Name', 'Endpoints', 'Age']);
    expect(t.rows.map((r) => r.cells.slice(0, 2))).toEqual([
      ['no-ports', '10.0.0.3'],
      ['two-ports', '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...'],
    ]);
  });

  it('events print when, what, about which object and from whom, in both API groups', async () => {
    await s.create('', 'events', {
      metadata: { name: 'pulled' },
      involvedObject: {
        kind: 'Pod',
        name: 'p1',
        namespace: s.ns,
        fieldPath: 'spec.containers{c1}',
      },
      reason: 'Pulled',
      message: 'Successfully pulled image ',
      type: 'Normal',
      count: 3,
      firstTimestamp: ago(2 * 3600_000),
      lastTimestamp: ago(3600_000),
      source: { component: 'kubelet', host: 'node1' },
    });
    await s.create('', 'events', {
      metadata: { name: 'scaled' },
      involvedObject: { kind: 'Deployment', name: 'web', namespace: s.ns, apiVersion: 'apps/v1' },
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
      const t = await s.table(
        group ? `/apis/${group}/namespaces/${s.ns}/events` : s.path('', 'events'),
      );
      expect(columnsOf(t)).toEqual([
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
    const name = `${s.ns}-node`;
    const res = await s.client.post('/api/v1/nodes', {
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
      const patched = await s.client.patch(
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
        'application/merge-patch+json',
      );
      expect(patched.status).toBe(200);
      const t = await s.table(`/api/v1/nodes/${name}`);
      expect(columnsOf(t)).toEqual([
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
      expect(rowOf(t, 3)).toEqual([
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
      await s.client.delete(`/api/v1/nodes/${name}`);
    }
  });

  it('namespaces print their phase; priority classes their value and policy', async () => {
    const t = await s.table(`/api/v1/namespaces/${s.ns}`);
    expect(columnsOf(t)).toEqual(['Name', 'Status', 'Age']);
    expect(rowOf(t, 2)).toEqual([s.ns, 'Active', 'AGE']);

    const name = `${s.ns}-pc`;
    expect(
      (
        await s.client.post('/apis/scheduling.k8s.io/v1/priorityclasses', {
          metadata: { name },
          value: 1000,
        })
      ).status,
    ).toBe(201);
    try {
      const pc = await s.table(`/apis/scheduling.k8s.io/v1/priorityclasses/${name}`);
      expect(columnsOf(pc)).toEqual(['Name', 'Value', 'Global-Default', 'Age', 'PreemptionPolicy']);
      expect(rowOf(pc, 3)).toEqual([name, 1000, false, 'AGE', 'PreemptLowerPriority']);
    } finally {
      await s.client.delete(`/apis/scheduling.k8s.io/v1/priorityclasses/${name}`);
    }
  });
});
