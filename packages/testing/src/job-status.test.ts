/**
 * kube-apiserver v1.34's rules for a Job status written through `status` (what a test faking a
 * finished Job must send): the exact 422 answers, as recorded against the real server
 * (KUBEKIT_SERVER=real runs this file there too).
 */
import { TestClient } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('job-status');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const merge = 'application/merge-patch+json';
const jobs = () => `/apis/batch/v1/namespaces/${ns}/jobs`;

async function createJob(name: string): Promise<void> {
  const res = await client.post(jobs(), {
    metadata: { name },
    spec: {
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'b:1' }] } },
    },
  });
  expect(res.status).toBe(201);
}

/** Writes `status` and returns the 422's message, or 'OK'. */
async function writeStatus(name: string, status: object): Promise<string> {
  const res = await client.patch(`${jobs()}/${name}/status`, { status }, merge);
  return res.status === 200 ? 'OK' : `${res.status} ${res.body.message}`;
}

const condition = (type: string) => ({ type, status: 'True' });

it('needs completionTime, SuccessCriteriaMet and startTime to mark a Job Complete', async () => {
  await createJob('complete');
  expect(await writeStatus('complete', { succeeded: 1, conditions: [condition('Complete')] })).toBe(
    '422 Job.batch "complete" is invalid: [status.completionTime: Required value: completionTime is required for Complete jobs, status.conditions: Invalid value: cannot set Complete=True condition without the SuccessCriteriaMet=true condition, status.startTime: Required value: startTime is required for finished job]',
  );
  const done = {
    startTime: '2026-01-01T00:00:00Z',
    completionTime: '2026-01-01T00:01:00Z',
    succeeded: 1,
    conditions: [condition('SuccessCriteriaMet'), condition('Complete')],
  };
  expect(await writeStatus('complete', done)).toBe('OK');
  const job = (await client.get(`${jobs()}/complete`)).body;
  expect(job.status.conditions).toEqual(
    done.conditions.map((c) => ({ ...c, lastProbeTime: null, lastTransitionTime: null })),
  );
  expect(await writeStatus('complete', { conditions: null })).toBe(
    '422 Job.batch "complete" is invalid: [status.completionTime: Invalid value: "2026-01-01T00:01:00Z": cannot set completionTime when there is no Complete=True condition, status.conditions: Invalid value: cannot disable the terminal Complete=True condition, status.conditions: Invalid value: cannot disable the SuccessCriteriaMet=True condition]',
  );
  expect(await writeStatus('complete', { active: 1 })).toBe(
    '422 Job.batch "complete" is invalid: status.active: Invalid value: 1: active>0 is invalid for finished job',
  );
});

it('needs FailureTarget and startTime to mark a Job Failed', async () => {
  await createJob('failed');
  expect(await writeStatus('failed', { failed: 1, conditions: [condition('Failed')] })).toBe(
    '422 Job.batch "failed" is invalid: [status.conditions: Invalid value: cannot set Failed=True condition without the FailureTarget=true condition, status.startTime: Required value: startTime is required for finished job]',
  );
  expect(
    await writeStatus('failed', {
      startTime: '2026-01-01T00:00:00Z',
      failed: 1,
      conditions: [condition('FailureTarget'), condition('Failed')],
    }),
  ).toBe('OK');
});

it('rejects negative and decreasing counters, completionTime without Complete, more ready than active', async () => {
  await createJob('counters');
  expect(await writeStatus('counters', { startTime: '2026-01-01T00:00:00Z', succeeded: 2 })).toBe(
    'OK',
  );
  expect(
    await writeStatus('counters', {
      active: -1,
      succeeded: -1,
      failed: -1,
      ready: -1,
      terminating: -1,
    }),
  ).toBe(
    '422 Job.batch "counters" is invalid: [status.active: Invalid value: -1: must be greater than or equal to 0, status.succeeded: Invalid value: -1: must be greater than or equal to 0, status.failed: Invalid value: -1: must be greater than or equal to 0, status.ready: Invalid value: -1: must be greater than or equal to 0, status.terminating: Invalid value: -1: must be greater than or equal to 0, status.failed: Invalid value: -1: cannot decrease the failed counter, status.succeeded: Invalid value: -1: cannot decrease the succeeded counter]',
  );
  expect(await writeStatus('counters', { completionTime: '2026-01-01T00:01:00Z' })).toBe(
    '422 Job.batch "counters" is invalid: status.completionTime: Invalid value: "2026-01-01T00:01:00Z": cannot set completionTime when there is no Complete=True condition',
  );
  expect(await writeStatus('counters', { active: 1, ready: 2 })).toBe(
    '422 Job.batch "counters" is invalid: status.ready: Invalid value: 2: cannot set more ready pods than active',
  );
});
