/**
 * kube-apiserver v1.34's validation of what the status subresource of an apps/v1 workload
 * stores: the exact 422 answers, as recorded against the real server (KUBEKIT_SERVER=real runs
 * this file there too).
 */
import { TestClient } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('workload-status');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const merge = 'application/merge-patch+json';
const template = {
  metadata: { labels: { app: 'x' } },
  spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] },
};
const path = (resource: string) => `/apis/apps/v1/namespaces/${ns}/${resource}/s`;

/** Creates `s` of `resource`, then writes `status` through its status subresource. */
async function writeStatus(resource: string, status: Record<string, number>) {
  const created = await client.post(`/apis/apps/v1/namespaces/${ns}/${resource}`, {
    metadata: { name: 's' },
    spec: { selector: { matchLabels: { app: 'x' } }, template },
  });
  expect(created.status).toBe(201);
  return client.patch(`${path(resource)}/status`, { status }, merge);
}

const neg = (field: string, value: number) =>
  `status.${field}: Invalid value: ${value}: must be greater than or equal to 0`;
const above = (field: string, value: number, than: string) =>
  `status.${field}: Invalid value: ${value}: cannot be greater than ${than}`;

/** The counters of one bad write: negatives where allowed, and counts above their totals. */
const counts = {
  replicas: -1,
  updatedReplicas: -2,
  readyReplicas: 2,
  availableReplicas: 3,
  unavailableReplicas: -1,
  fullyLabeledReplicas: 4,
  currentReplicas: 5,
  observedGeneration: -1,
  collisionCount: -1,
};

it.each([
  [
    'deployments',
    'Deployment',
    [
      neg('observedGeneration', -1),
      neg('replicas', -1),
      neg('updatedReplicas', -2),
      neg('unavailableReplicas', -1),
      neg('collisionCount', -1),
      above('readyReplicas', 2, 'status.replicas'),
      above('availableReplicas', 3, 'status.replicas'),
      above('availableReplicas', 3, 'readyReplicas'),
    ],
  ],
  [
    'replicasets',
    'ReplicaSet',
    [
      neg('replicas', -1),
      neg('observedGeneration', -1),
      above('fullyLabeledReplicas', 4, 'status.replicas'),
      above('readyReplicas', 2, 'status.replicas'),
      above('availableReplicas', 3, 'status.replicas'),
      above('availableReplicas', 3, 'readyReplicas'),
    ],
  ],
  [
    'statefulsets',
    'StatefulSet',
    [
      neg('replicas', -1),
      neg('updatedReplicas', -2),
      neg('observedGeneration', -1),
      neg('collisionCount', -1),
      above('readyReplicas', 2, 'status.replicas'),
      above('currentReplicas', 5, 'status.replicas'),
      above('availableReplicas', 3, 'status.replicas'),
      above('availableReplicas', 3, 'status.readyReplicas'),
    ],
  ],
])(
  'rejects a %s status with negative counters and counts above their totals',
  async (resource, kind, errors) => {
    const res = await writeStatus(resource, counts);
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(`${kind}.apps "s" is invalid: [${errors.join(', ')}]`);
    expect(res.body.details).toMatchObject({ name: 's', group: 'apps', kind });
  },
);

it('rejects negative DaemonSet status counters', async () => {
  const fields = [
    'currentNumberScheduled',
    'numberMisscheduled',
    'desiredNumberScheduled',
    'numberReady',
    'observedGeneration',
    'updatedNumberScheduled',
    'numberAvailable',
    'numberUnavailable',
    'collisionCount',
  ];
  const res = await writeStatus('daemonsets', Object.fromEntries(fields.map((f) => [f, -1])));
  expect(res.status).toBe(422);
  expect(res.body.message).toBe(
    `DaemonSet.apps "s" is invalid: [${fields.map((f) => neg(f, -1)).join(', ')}]`,
  );
});

it('stores a consistent status and takes nothing else from a status write', async () => {
  await client.post(`/apis/apps/v1/namespaces/${ns}/deployments`, {
    metadata: { name: 'ok' },
    spec: { selector: { matchLabels: { app: 'x' } }, template },
  });
  const res = await client.patch(
    `/apis/apps/v1/namespaces/${ns}/deployments/ok/status`,
    { spec: { replicas: 5 }, status: { replicas: 2, readyReplicas: 1, availableReplicas: 1 } },
    merge,
  );
  expect(res.status).toBe(200);
  expect(res.body.status).toEqual({ replicas: 2, readyReplicas: 1, availableReplicas: 1 });
  expect(res.body.spec.replicas).toBe(1);
});
