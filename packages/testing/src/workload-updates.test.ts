/**
 * What kube-apiserver v1.34 lets an update change in a workload's spec: the exact 422 answers,
 * as recorded against the real server (KUBEKIT_SERVER=real runs this file there too).
 */
import { TestClient } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('workload-updates');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const merge = 'application/merge-patch+json';
const container = { name: 'main', image: 'busybox:1.36' };
const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [container] } };
const selector = { matchLabels: { app: 'x' } };
const jobTemplate = { spec: { restartPolicy: 'Never', containers: [container] } };

async function create(group: string, resource: string, name: string, spec: object) {
  const res = await client.post(`/apis/${group}/v1/namespaces/${ns}/${resource}`, {
    metadata: { name },
    spec,
  });
  expect(res.status).toBe(201);
}

/** Merge-patches `spec` into the object and returns the 422's message (or 'OK'). */
async function patchSpec(group: string, resource: string, name: string, spec: object) {
  const res = await client.patch(
    `/apis/${group}/v1/namespaces/${ns}/${resource}/${name}`,
    { spec },
    merge,
  );
  return res.status === 200 ? 'OK' : `${res.status} ${res.body.message}`;
}

const stsForbidden =
  "spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";

describe('apps/v1', () => {
  it('lets a StatefulSet change replicas, minReadySeconds and its template, nothing else', async () => {
    await create('apps', 'statefulsets', 'sts', { selector, template });
    expect(
      await patchSpec('apps', 'statefulsets', 'sts', {
        replicas: 3,
        minReadySeconds: 2,
        template: { metadata: { labels: { app: 'x', n: '1' } } },
      }),
    ).toBe('OK');
    expect(
      await patchSpec('apps', 'statefulsets', 'sts', {
        serviceName: 'svc',
        podManagementPolicy: 'Parallel',
      }),
    ).toBe(`422 StatefulSet.apps "sts" is invalid: ${stsForbidden}`);
    expect(
      await patchSpec('apps', 'statefulsets', 'sts', { selector: { matchLabels: { app: 'q' } } }),
    ).toBe(
      `422 StatefulSet.apps "sts" is invalid: [spec.template.metadata.labels: Invalid value: {"app":"x","n":"1"}: \`selector\` does not match template \`labels\`, ${stsForbidden}]`,
    );
  });

  it('reports a changed DaemonSet selector before its spec, a Deployment selector after', async () => {
    await create('apps', 'daemonsets', 'ds', { selector, template });
    expect(
      await patchSpec('apps', 'daemonsets', 'ds', { selector: { matchLabels: { app: 'q' } } }),
    ).toBe(
      '422 DaemonSet.apps "ds" is invalid: [spec.selector: Invalid value: {"matchLabels":{"app":"q"}}: field is immutable, spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`]',
    );
    await create('apps', 'deployments', 'd', { selector, template });
    expect(
      await patchSpec('apps', 'deployments', 'd', {
        replicas: -1,
        selector: { matchLabels: { app: 'q' } },
      }),
    ).toBe(
      '422 Deployment.apps "d" is invalid: [spec.replicas: Invalid value: -1: must be greater than or equal to 0, spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`, spec.selector: Invalid value: {"matchLabels":{"app":"q"}}: field is immutable]',
    );
  });
});

describe('batch/v1', () => {
  it('keeps completions and the completion mode of a Job, not its parallelism or limits', async () => {
    await create('batch', 'jobs', 'job', { template: jobTemplate });
    expect(await patchSpec('batch', 'jobs', 'job', { completions: 5 })).toBe(
      '422 Job.batch "job" is invalid: spec.completions: Invalid value: 5: field is immutable',
    );
    expect(
      await patchSpec('batch', 'jobs', 'job', {
        completionMode: 'Indexed',
        podReplacementPolicy: 'Failed',
      }),
    ).toBe(
      '422 Job.batch "job" is invalid: spec.completionMode: Invalid value: "Indexed": field is immutable',
    );
    expect(
      await patchSpec('batch', 'jobs', 'job', { parallelism: 5, backoffLimit: 1, suspend: true }),
    ).toBe('OK');
  });

  it('lets an indexed Job change completions only together with parallelism', async () => {
    await create('batch', 'jobs', 'indexed', {
      completionMode: 'Indexed',
      completions: 2,
      template: jobTemplate,
    });
    expect(await patchSpec('batch', 'jobs', 'indexed', { completions: 4, parallelism: 4 })).toBe(
      'OK',
    );
    expect(await patchSpec('batch', 'jobs', 'indexed', { completions: 3 })).toBe(
      '422 Job.batch "indexed" is invalid: spec.completions: Invalid value: 3: can only be modified in tandem with spec.parallelism',
    );
  });
});
