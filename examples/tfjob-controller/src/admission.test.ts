/**
 * What the API server itself rejects of a TFJob, from the CRD (deploy/crd.yaml): its schema and
 * its x-kubernetes-validations (CEL) rules, so an invalid job never reaches the controller. Runs
 * on the embedded server and (in the real tier) on kube-apiserver, with the same code, reason,
 * field path and cause type.
 */
import { join } from 'node:path';
import { startServerUnderTest, type ServerUnderTest } from '@kubekit/testing';
import { TestClient, type TestResponse } from '@kubekit/testing/http';
import { RESTClient } from '@kubekit/rest';
import { installCrd, readCrd } from './crd';
import { Clientset } from './generated';
import type { TFJob } from './generated/kubeflow.org/v1';
import { tfJob } from './testing/harness';

let server: ServerUnderTest;
let rest: RESTClient;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  rest = new RESTClient({ server: server.url, caData: server.caPem, bearerToken: server.token });
  client = new TestClient(server);
  await installCrd(new Clientset(rest), readCrd(join(__dirname, '../deploy/crd.yaml')));
  ns = await server.namespace('admission');
});
afterAll(async () => {
  await client.close();
  await rest.close();
  await server.stop();
});

const jobs = () => `/apis/kubeflow.org/v1/namespaces/${ns}/tfjobs`;

const create = (job: TFJob) =>
  client.post(jobs(), { ...job, metadata: { ...job.metadata, namespace: ns } });

interface Cause {
  reason: string;
  message: string;
  field: string;
}

function causesOf(res: TestResponse): Cause[] {
  expect(res.status).toBe(422);
  expect(res.body).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422 });
  return res.body.details.causes as Cause[];
}

const container = { name: 'tensorflow', image: 'kubeflow/tf-dist-mnist-test:1.0' };

describe('TFJob admission: rules of the CRD', () => {
  it.each<[string, Record<string, number>, (job: TFJob) => void, Cause]>([
    [
      'an unknown replica type',
      { Worker: 1, Wroker: 1 },
      () => {},
      {
        reason: 'FieldValueInvalid',
        field: 'spec.tfReplicaSpecs',
        message:
          'Invalid value: "object": replica types must be PS, Worker, Chief, Master or Evaluator',
      },
    ],
    [
      'both Chief and Master',
      { Chief: 1, master: 1, Worker: 1 },
      () => {},
      {
        reason: 'FieldValueForbidden',
        field: 'spec.tfReplicaSpecs',
        message: 'Forbidden: must not have more than 1 Chief or Master role',
      },
    ],
    [
      'two Evaluators',
      { Worker: 1, Evaluator: 2 },
      () => {},
      {
        reason: 'FieldValueInvalid',
        field: 'spec.tfReplicaSpecs',
        message: 'Invalid value: "object": Chief, Master and Evaluator have at most 1 replica',
      },
    ],
    [
      'no container named tensorflow',
      { Worker: 1 },
      (j) =>
        (j.spec!.tfReplicaSpecs.Worker!.template!.spec.containers = [
          { ...container, name: 'main' },
        ]),
      {
        reason: 'FieldValueRequired',
        field: 'spec.tfReplicaSpecs[Worker].template.spec.containers',
        message: 'Required value: must have at least one container with name tensorflow',
      },
    ],
  ])('rejects %s at create', async (_what, replicas, mutate, cause) => {
    const job = tfJob('bad', replicas);
    mutate(job);
    const res = await create(job);
    expect(causesOf(res)).toEqual([cause]);
    expect(res.body.message).toBe(
      `TFJob.kubeflow.org "bad" is invalid: ${cause.field}: ${cause.message}`,
    );
  });

  it('admits the jobs those rules allow', async () => {
    for (const [name, replicas] of [
      ['chief', { Chief: 1, Worker: 2, PS: 1, Evaluator: 1 }],
      ['master', { Master: 1, Worker: 1 }],
      ['lower-case', { worker: 2, ps: 1 }], // the controller's defaulting capitalizes them
    ] as const) {
      expect((await create(tfJob(name, replicas))).status).toBe(201);
    }
  });

  it('keeps runPolicy.managedBy as it was created: set, changed or removed', async () => {
    const managed = tfJob(
      'managed',
      { Worker: 1 },
      {
        spec: { runPolicy: { managedBy: 'kueue.x-k8s.io/multikueue' } },
      },
    );
    expect((await create(managed)).status).toBe(201);
    expect((await create(tfJob('unmanaged', { Worker: 1 }))).status).toBe(201);
    const patch = (name: string, runPolicy: unknown) =>
      client.request(
        'PATCH',
        `${jobs()}/${name}`,
        { spec: { runPolicy } },
        { 'content-type': 'application/merge-patch+json' },
      );
    const immutable: Cause = {
      reason: 'FieldValueInvalid',
      field: 'spec.runPolicy.managedBy',
      message: 'Invalid value: "object": field is immutable',
    };
    for (const res of [
      await patch('managed', { managedBy: 'kubeflow.org/training-operator' }),
      await patch('managed', { managedBy: null }),
      await patch('unmanaged', { managedBy: 'kueue.x-k8s.io/multikueue' }),
    ])
      expect(causesOf(res)).toEqual([immutable]);
    expect((await patch('managed', { suspend: true })).status).toBe(200);
  });
});
