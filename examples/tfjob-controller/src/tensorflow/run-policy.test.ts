import type { TFJob } from '../generated/kubeflow.org/v1';
import { condition, startTestEnv, tfJob, type TestEnv } from '../testing/harness';

let env: TestEnv;
afterEach(async () => {
  await env.stop();
});

const conditions = (job: TFJob) =>
  (job.status?.conditions ?? []).map((c) => `${c.type}=${c.status} ${c.reason}: ${c.message}`);

describe('TFJob controller: suspend (upstream tfjob_controller_test.go)', () => {
  let clock = Date.parse('2026-01-01T00:00:00Z');
  beforeEach(async () => {
    env = await startTestEnv({ now: () => clock });
  });

  it('keeps startTime while suspended, turns Running False with TFJobSuspended, and restarts the clock on resume', async () => {
    await env.createJob(tfJob('sus', { Worker: 2 }));
    const running = await env.jobWith('sus', 'Running');
    const startedAt = running.status!.startTime;
    clock += 60_000;
    const suspend = (value: boolean) =>
      env.editJob('sus', (job) => (job.spec!.runPolicy!.suspend = value));
    await suspend(true);
    const suspended = await env.jobWith('sus', 'Suspended');
    expect(conditions(suspended)).toEqual([
      'Created=True TFJobCreated: TFJob sus is created.',
      'Running=False TFJobSuspended: TFJob sus is suspended.',
      'Suspended=True TFJobSuspended: TFJob sus is suspended.',
    ]);
    expect(suspended.status!.startTime).toBe(startedAt);
    await env.eventually('no pods', async () => (await env.pods()).length === 0);
    expect((await env.getJob('sus')).status?.replicaStatuses?.Worker?.active ?? 0).toBe(0);
    clock += 60_000;
    await suspend(false);
    const resumed = await env.jobWith('sus', 'Running');
    expect(conditions(resumed)).toEqual([
      'Created=True TFJobCreated: TFJob sus is created.',
      'Suspended=False TFJobResumed: TFJob sus is resumed.',
      `Running=True TFJobRunning: TFJob ${env.namespace}/sus is running.`,
    ]);
    expect(resumed.status!.startTime).toBe('2026-01-01T00:02:00Z');
    expect(env.recorder.events.filter((e) => e.includes('TFJobSuspended'))).toHaveLength(1);
    expect(env.recorder.events.filter((e) => e.includes('TFJobResumed'))).toHaveLength(1);
  });

  it('starts nothing and no clock for a job created suspended', async () => {
    await env.createJob(tfJob('idle', { Worker: 1 }, { spec: { runPolicy: { suspend: true } } }));
    const job = await env.jobWith('idle', 'Suspended');
    expect(conditions(job)).toEqual([
      'Created=True TFJobCreated: TFJob idle is created.',
      'Suspended=True TFJobSuspended: TFJob idle is suspended.',
    ]);
    expect(job.status?.startTime).toBeUndefined();
    expect(await env.pods()).toEqual([]);
  });
});

describe('TFJob controller: managedBy, dynamic workers, admission', () => {
  beforeEach(async () => {
    env = await startTestEnv();
  });

  it('leaves a job managed by another controller alone (no defaults, status or pods)', async () => {
    await env.createJob(
      tfJob(
        'kueue',
        { Worker: 1 },
        { spec: { runPolicy: { managedBy: 'kueue.x-k8s.io/multikueue' } } },
      ),
    );
    await env.createJob(
      tfJob(
        'mine',
        { Worker: 1 },
        { spec: { runPolicy: { managedBy: 'kubeflow.org/training-operator' } } },
      ),
    );
    await env.jobWith('mine', 'Running'); // the controller has been through both keys
    const other = await env.getJob('kueue');
    expect(other.status ?? {}).toEqual({});
    expect(other.spec!.runPolicy).toEqual({ managedBy: 'kueue.x-k8s.io/multikueue' });
    expect((await env.pods()).map((p) => p.metadata!.name)).toEqual(['mine-worker-0']);
  });

  it('goes on without a failed worker with enableDynamicWorker (upstream)', async () => {
    await env.createJob(
      tfJob('dyn', { PS: 1, Worker: 3 }, { spec: { enableDynamicWorker: true } }),
    );
    await env.eventually(
      '3 workers',
      async () => (await env.getJob('dyn')).status?.replicaStatuses?.Worker?.active === 3,
    );
    await env.setPhases({ 'dyn-worker-2': { phase: 'Failed', exitCode: 1 } });
    await env.eventually(
      'failure counted',
      async () => (await env.getJob('dyn')).status?.replicaStatuses?.Worker?.failed === 1,
    );
    expect(condition(await env.getJob('dyn'), 'Failed')).toBeUndefined();
    expect(condition(await env.getJob('dyn'), 'Running')).toBeDefined();
    await env.setPhases({ 'dyn-worker-0': { phase: 'Succeeded' } });
    await env.jobWith('dyn', 'Succeeded');
  });

  it.each<[string, (job: TFJob) => void, string]>([
    [
      'an unknown restartPolicy',
      (j) => (j.spec!.tfReplicaSpecs.Worker!.restartPolicy = 'Sometimes' as never),
      'spec.tfReplicaSpecs.Worker.restartPolicy',
    ],
    [
      'negative replicas',
      (j) => (j.spec!.tfReplicaSpecs.Worker!.replicas = -1),
      'spec.tfReplicaSpecs.Worker.replicas',
    ],
    [
      'an unknown cleanPodPolicy',
      (j) => (j.spec!.runPolicy = { cleanPodPolicy: 'Some' as never }),
      'spec.runPolicy.cleanPodPolicy',
    ],
    [
      'a negative backoffLimit',
      (j) => (j.spec!.runPolicy = { backoffLimit: -1 }),
      'spec.runPolicy.backoffLimit',
    ],
    [
      'an unknown managedBy',
      (j) => (j.spec!.runPolicy = { managedBy: 'someone/else' as never }),
      'spec.runPolicy.managedBy',
    ],
    [
      'an unknown successPolicy',
      (j) => (j.spec!.successPolicy = 'AnyWorker' as never),
      'spec.successPolicy',
    ],
    [
      'no tfReplicaSpecs',
      (j) => delete (j.spec as { tfReplicaSpecs?: unknown }).tfReplicaSpecs,
      'spec.tfReplicaSpecs',
    ],
    [
      'no containers',
      (j) => (j.spec!.tfReplicaSpecs.Worker!.template!.spec.containers = []),
      'spec.tfReplicaSpecs.Worker.template.spec.containers',
    ],
    [
      'a container without image',
      (j) =>
        delete (j.spec!.tfReplicaSpecs.Worker!.template!.spec.containers[0] as { image?: string })
          .image,
      'spec.tfReplicaSpecs.Worker.template.spec.containers[0].image',
    ],
  ])('is rejected by the API server at create: %s', async (_, mutate, field) => {
    const job = tfJob('bad', { Worker: 1 });
    mutate(job);
    const err = await env.createJob(job).then(
      () => undefined,
      (e: { code?: number; message?: string }) => e,
    );
    expect(err?.code).toBe(422);
    expect(err?.message).toContain(field);
  });
});
