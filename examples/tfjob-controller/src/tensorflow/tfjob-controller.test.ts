import { DefaultRetry, retryOnConflict } from '@kubekit/apimachinery';
import { condition, startTestEnv, tfJob, type TestEnv } from '../testing/harness';

let env: TestEnv;
beforeEach(async () => {
  env = await startTestEnv();
});
afterEach(async () => {
  await env.stop();
});

const names = (objs: { metadata?: { name?: string } }[]) =>
  objs.map((o) => o.metadata!.name!).sort();

describe('TFJob controller: pods and services', () => {
  it.each([
    [{ PS: 1, Worker: 2 }, ['dist-ps-0', 'dist-worker-0', 'dist-worker-1']],
    [{ Chief: 1, Worker: 1, Evaluator: 1 }, ['dist-chief-0', 'dist-evaluator-0', 'dist-worker-0']],
    [{ Worker: 1 }, ['dist-worker-0']],
  ])('creates a pod and a headless service per replica for %j', async (replicas, expected) => {
    await env.createJob(tfJob('dist', replicas));
    const pods = await env.eventually('pods', async () => {
      const p = await env.pods();
      return p.length === expected.length ? p : undefined;
    });
    expect(names(pods)).toEqual(expected);
    const services = await env.eventually('services', async () => {
      const s = await env.services();
      return s.length === expected.length ? s : undefined;
    });
    expect(names(services)).toEqual(expected);
    for (const s of services) {
      expect(s.spec?.clusterIP).toBe('None');
      expect(s.spec?.ports).toEqual([expect.objectContaining({ name: 'tfjob-port', port: 2222 })]);
    }
    for (const pod of pods) {
      const labels = pod.metadata!.labels!;
      expect(labels['training.kubeflow.org/operator-name']).toBe('tfjob-controller');
      expect(labels['training.kubeflow.org/job-name']).toBe('dist');
      expect(pod.metadata!.ownerReferences?.[0]).toMatchObject({
        kind: 'TFJob',
        name: 'dist',
        controller: true,
      });
      const master =
        pod.metadata!.name ===
        ((replicas as Record<string, number>).Chief ? 'dist-chief-0' : 'dist-worker-0');
      expect(labels['training.kubeflow.org/job-role']).toBe(master ? 'master' : undefined);
      expect(pod.spec?.restartPolicy).toBe('Never');
      const tf = pod.spec!.containers.find((c) => c.name === 'tensorflow')!;
      const tfConfig = tf.env?.find((e) => e.name === 'TF_CONFIG')?.value;
      if (expected.length === 1) expect(tfConfig).toBeUndefined();
      else
        expect(JSON.parse(tfConfig!).task.type).toBe(labels['training.kubeflow.org/replica-type']);
    }
    const w0 = pods.find((p) => p.metadata!.name === 'dist-worker-0')!;
    expect(w0.metadata!.labels!['training.kubeflow.org/replica-index']).toBe('0');
  });

  it('persists defaults and records Created', async () => {
    await env.createJob(tfJob('defaults', { worker: 1 }));
    const job = await env.jobWith('defaults', 'Created');
    expect(Object.keys(job.spec!.tfReplicaSpecs!)).toEqual(['Worker']);
    expect(job.spec!.tfReplicaSpecs!.Worker).toMatchObject({ replicas: 1, restartPolicy: 'Never' });
    expect(job.spec!.runPolicy?.cleanPodPolicy).toBe('None');
    expect(condition(job, 'Created')).toMatchObject({
      reason: 'TFJobCreated',
      message: 'TFJob defaults is created.',
    });
    expect(env.recorder.events).toContain('Normal TFJobCreated TFJob defaults is created.');
  });
});

describe('TFJob controller: status', () => {
  it('is Running while replicas run and Succeeded when worker 0 exits 0', async () => {
    await env.createJob(tfJob('st', { PS: 1, Worker: 2 }));
    const running = await env.jobWith('st', 'Running');
    expect(condition(running, 'Running')).toMatchObject({
      reason: 'TFJobRunning',
      message: `TFJob ${env.namespace}/st is running.`,
    });
    expect(running.status?.startTime).toBeDefined();
    await env.eventually(
      '3 active',
      async () => (await env.getJob('st')).status?.replicaStatuses?.Worker?.active === 2,
    );
    await env.setPhases({ 'st-worker-0': { phase: 'Succeeded' } });
    const done = await env.jobWith('st', 'Succeeded');
    expect(condition(done, 'Succeeded')?.message).toBe(
      `TFJob ${env.namespace}/st successfully completed.`,
    );
    expect(done.status?.completionTime).toBeDefined();
    expect(condition(done, 'Failed')).toBeUndefined();
    expect(done.status?.conditions?.find((c) => c.type === 'Running')?.status).toBe('False');
  });

  it('waits for every worker with successPolicy AllWorkers', async () => {
    await env.createJob(tfJob('all', { Worker: 2 }, { spec: { successPolicy: 'AllWorkers' } }));
    await env.jobWith('all', 'Running');
    await env.setPhases({ 'all-worker-0': { phase: 'Succeeded' } });
    await env.eventually(
      'worker 0 counted',
      async () => (await env.getJob('all')).status?.replicaStatuses?.Worker?.succeeded === 1,
    );
    expect(condition(await env.getJob('all'), 'Succeeded')).toBeUndefined();
    await env.setPhases({ 'all-worker-1': { phase: 'Succeeded' } });
    await env.jobWith('all', 'Succeeded');
  });

  it('never runs a completed replica again when its pod is garbage-collected', async () => {
    await env.createJob(tfJob('gc', { Worker: 2 }, { spec: { successPolicy: 'AllWorkers' } }));
    await env.jobWith('gc', 'Running');
    const w0 = (await env.pods()).find((p) => p.metadata!.name === 'gc-worker-0')!;
    await env.setPhases({ [w0.metadata!.uid!]: { phase: 'Succeeded' } });
    await env.eventually(
      'worker 0 recorded',
      async () =>
        (await env.getJob('gc')).status?.replicaStatuses?.Worker?.completedIndexes === '0',
    );
    await env.clientset.coreV1.pods(env.namespace).delete('gc-worker-0'); // the pod GC's delete
    await env.eventually('pod gone', async () => (await env.pods()).length === 1);
    await env.setPhases({ 'gc-worker-1': { phase: 'Succeeded' } });
    const done = await env.jobWith('gc', 'Succeeded');
    expect(done.status?.replicaStatuses?.Worker).toMatchObject({
      succeeded: 2,
      completedIndexes: '0-1',
    });
    expect(
      env.recorder.events.filter((e) => e.startsWith('Normal SuccessfulCreatePod')),
    ).toHaveLength(2);
  });

  it('lets the chief decide', async () => {
    await env.createJob(tfJob('ch', { Chief: 1, Worker: 2 }));
    await env.jobWith('ch', 'Running');
    await env.setPhases({ 'ch-worker-0': { phase: 'Succeeded' } });
    await env.eventually(
      'worker 0 counted',
      async () => (await env.getJob('ch')).status?.replicaStatuses?.Worker?.succeeded === 1,
    );
    expect(condition(await env.getJob('ch'), 'Succeeded')).toBeUndefined();
    await env.setPhases({ 'ch-chief-0': { phase: 'Succeeded' } });
    await env.jobWith('ch', 'Succeeded');
  });

  it('lets a PS-only job succeed (upstream never does)', async () => {
    await env.createJob(tfJob('pso', { PS: 2 }));
    await env.eventually('pods', async () => (await env.pods()).length === 2);
    await env.setPhases({ 'pso-ps-0': { phase: 'Succeeded' }, 'pso-ps-1': { phase: 'Succeeded' } });
    await env.jobWith('pso', 'Succeeded');
  });
});

describe('TFJob controller: events and metrics', () => {
  it('announces each transition once, counts the job once and every pod and service created', async () => {
    await env.createJob(tfJob('once', { PS: 1, Worker: 2 }));
    await env.eventually(
      '3 active',
      async () => (await env.getJob('once')).status?.replicaStatuses?.Worker?.active === 2,
    );
    await env.setPhases({ 'once-worker-0': { phase: 'Succeeded' } });
    await env.jobWith('once', 'Succeeded');
    // The controller announces a transition after the status write that records it.
    await env.eventually('the TFJobSucceeded event', async () =>
      env.recorder.recorded.some((e) => e.reason === 'TFJobSucceeded'),
    );
    const reasons = env.recorder.recorded.map((e) => e.reason);
    expect(reasons.filter((r) => r === 'TFJobCreated')).toHaveLength(1);
    expect(reasons.filter((r) => r === 'TFJobSucceeded')).toHaveLength(1);
    expect(reasons.filter((r) => r === 'SuccessfulCreatePod')).toHaveLength(3);
    const ns = env.namespace;
    expect(await env.metric('training_operator_jobs_created_total', ns, 'tensorflow')).toBe(1);
    expect(await env.metric('training_operator_jobs_successful_total', ns, 'tensorflow')).toBe(1);
    expect(await env.metric('created_pods_total')).toBe(3);
    expect(await env.metric('succeeded_service_creation_total')).toBe(3);
    expect(await env.metric('failed_pods_total')).toBe(0);
  });
});

describe('TFJob controller: restart policy and exit codes', () => {
  it('fails permanently on a non-retryable exit code under ExitCode, naming the code', async () => {
    await env.createJob(tfJob('perm', { Worker: 2 }, { restartPolicy: 'ExitCode' }));
    await env.jobWith('perm', 'Running');
    await env.setPhases({ 'perm-worker-1': { phase: 'Failed', exitCode: 1 } });
    const job = await env.jobWith('perm', 'Failed');
    expect(condition(job, 'Failed')?.message).toBe(
      `TFJob ${env.namespace}/perm has failed because 1 Worker replica(s) failed. Pod perm-worker-1 exited with code 1 (Error).`,
    );
    expect(condition(job, 'Succeeded')).toBeUndefined();
    expect(env.recorder.events).toContain(
      `Warning ExitedWithCode Pod: ${env.namespace}.perm-worker-1 exited with code 1`,
    );
  });

  it('restarts a replica on a retryable exit code (137 OOMKilled) and surfaces the OOM', async () => {
    await env.createJob(tfJob('oom', { Worker: 2 }, { restartPolicy: 'ExitCode' }));
    await env.jobWith('oom', 'Running');
    const before = (await env.pods()).find((p) => p.metadata!.name === 'oom-worker-1')!.metadata!
      .uid!;
    await env.setPhases({ [before]: { phase: 'Failed', exitCode: 137, reason: 'OOMKilled' } });
    await env.eventually('new pod', async () => {
      const p = (await env.pods()).find((x) => x.metadata!.name === 'oom-worker-1');
      return p && p.metadata!.uid !== before;
    });
    await env.jobWith('oom', 'Running');
    const job = await env.getJob('oom');
    expect(job.status?.restartCount).toBe(1);
    expect(condition(job, 'Failed')).toBeUndefined();
    expect(env.recorder.events.filter((e) => e.includes('TFJobRestarting'))).toEqual([
      'Warning TFJobRestarting TFJob oom is restarting because Worker replica(s) failed.',
    ]);
    expect(env.recorder.events.some((e) => e.startsWith('Warning OOMKilled'))).toBe(true);
    const ns = env.namespace;
    expect(await env.metric('training_operator_jobs_restarted_total', ns, 'tensorflow')).toBe(1);
    expect(await env.metric('failed_pods_total')).toBe(1);
    expect(await env.metric('created_pods_total')).toBe(3);
    await env.eventually(
      'deletion counted',
      async () => (await env.metric('deleted_pods_total')) === 1,
    );
  });

  it('bounds ExitCode restarts by backoffLimit: the failure that would reach it fails the job', async () => {
    await env.createJob(
      tfJob(
        'bo',
        { Worker: 1 },
        { restartPolicy: 'ExitCode', spec: { runPolicy: { backoffLimit: 2 } } },
      ),
    );
    await env.setPhases({ 'bo-worker-0': { phase: 'Failed', exitCode: 143 } });
    const job = await env.jobWith('bo', 'Failed');
    expect(job.status?.restartCount).toBe(1);
    expect(condition(job, 'Failed')?.message).toContain('exited with code 143');
    expect(condition(job, 'Failed')?.message).toContain('The backoff limit was reached.');
    expect(env.recorder.events.filter((e) => e.startsWith('Warning TFJobRestarting'))).toHaveLength(
      1,
    );
  });

  it('fails a job once its in-place restarts reach backoffLimit (upstream pastBackoffLimit)', async () => {
    await env.createJob(
      tfJob(
        'bl',
        { Worker: 2 },
        { restartPolicy: 'OnFailure', spec: { runPolicy: { backoffLimit: 2 } } },
      ),
    );
    await env.jobWith('bl', 'Running');
    await env.setPhases({ 'bl-worker-0': { phase: 'Running', restartCount: 1 } });
    await env.eventually('1 restart seen', async () => {
      const pod = (await env.pods()).find((p) => p.metadata!.name === 'bl-worker-0');
      return pod?.status?.containerStatuses?.[0]?.restartCount === 1;
    });
    await env.setPhases({ 'bl-worker-1': { phase: 'Running', restartCount: 1 } });
    const job = await env.jobWith('bl', 'Failed');
    expect(condition(job, 'Failed')).toMatchObject({
      reason: 'TFJobFailed',
      message: 'Job bl has failed because it has reached the specified backoff limit',
    });
  });
});

describe('TFJob controller: run policy', () => {
  it('scales workers up and down by editing replicas (scale-down is not a failure)', async () => {
    await env.createJob(tfJob('sc', { Worker: 2 }));
    await env.eventually('2 pods', async () => (await env.pods()).length === 2);
    const scale = (n: number) =>
      env.editJob('sc', (job) => (job.spec!.tfReplicaSpecs!.Worker!.replicas = n));
    await scale(3);
    await env.eventually(
      '3 pods',
      async () => names(await env.pods()).join() === 'sc-worker-0,sc-worker-1,sc-worker-2',
    );
    await scale(1);
    await env.eventually('1 pod', async () => names(await env.pods()).join() === 'sc-worker-0');
    await env.eventually(
      '1 service',
      async () => names(await env.services()).join() === 'sc-worker-0',
    );
    expect(condition(await env.getJob('sc'), 'Failed')).toBeUndefined();
  });

  it.each<['All' | 'Running' | 'None', string[]]>([
    ['All', []],
    ['Running', ['cp-worker-0']],
    ['None', ['cp-ps-0', 'cp-worker-0']],
  ])('cleans pods of a finished job with cleanPodPolicy %s', async (policy, remaining) => {
    await env.createJob(
      tfJob('cp', { PS: 1, Worker: 1 }, { spec: { runPolicy: { cleanPodPolicy: policy } } }),
    );
    await env.jobWith('cp', 'Running');
    await env.setPhases({ 'cp-worker-0': { phase: 'Succeeded' } });
    await env.jobWith('cp', 'Succeeded');
    await env.eventually(
      `pods ${remaining.join()}`,
      async () => names(await env.pods()).join() === remaining.join(),
    );
    const job = await env.getJob('cp');
    expect(job.status?.replicaStatuses?.PS).toMatchObject({ active: 0, succeeded: 1 });
  });

  it('fails a job active longer than activeDeadlineSeconds', async () => {
    await env.createJob(
      tfJob(
        'dl',
        { Worker: 1 },
        { spec: { runPolicy: { activeDeadlineSeconds: 1, cleanPodPolicy: 'All' } } },
      ),
    );
    const job = await env.jobWith('dl', 'Failed');
    expect(condition(job, 'Failed')?.message).toBe(
      'Job dl has failed because it was active longer than specified deadline',
    );
    await env.eventually(
      'pods deleted',
      async () => (await env.pods()).filter((p) => p.metadata!.name === 'dl-worker-0').length === 0,
    );
  });

  it('deletes a finished job after ttlSecondsAfterFinished', async () => {
    await env.createJob(
      tfJob('ttl', { Worker: 1 }, { spec: { runPolicy: { ttlSecondsAfterFinished: 1 } } }),
    );
    await env.eventually('pod', async () => (await env.pods()).length === 1);
    await env.setPhases({ 'ttl-worker-0': { phase: 'Succeeded' } });
    await env.jobWith('ttl', 'Succeeded');
    await env.eventually('job deleted', async () =>
      env.getJob('ttl').then(
        () => false,
        (err: { code?: number }) => err.code === 404,
      ),
    );
  });
});

describe('TFJob controller: validation', () => {
  it('fails an invalid job with TFJobFailedValidation, a Warning event and creates nothing', async () => {
    // The CRD's rules reject what they can express (admission.test.ts); pod names are the
    // controller's: this one's pods would be named 65 characters long.
    const name = `long-${'a'.repeat(51)}`;
    await env.createJob(tfJob(name, { Worker: 1 }));
    const failed = await env.jobWith(name, 'Failed');
    expect(condition(failed, 'Failed')).toMatchObject({
      reason: 'TFJobFailedValidation',
      message: `TFJob ${name} is invalid: metadata.name: Invalid value: pod name "${name}-worker-0" is longer than 63 characters`,
    });
    expect(env.recorder.events.some((e) => e.startsWith('Warning TFJobFailedValidation'))).toBe(
      true,
    );
    expect(await env.pods()).toEqual([]);
  });
});

describe('TFJob controller: restarts', () => {
  it('loses nothing when the controller restarts mid-job (no duplicate pods, job completes)', async () => {
    await env.createJob(tfJob('mid', { PS: 1, Worker: 2 }));
    await env.jobWith('mid', 'Running');
    const before = (await env.pods()).map((p) => p.metadata!.uid).sort();
    await env.restartController();
    await env.setPhases({ 'mid-worker-0': { phase: 'Succeeded' } });
    const done = await env.jobWith('mid', 'Succeeded');
    expect((await env.pods()).map((p) => p.metadata!.uid).sort()).toEqual(before);
    expect(done.status?.conditions?.filter((c) => c.type === 'Created')).toHaveLength(1);
    expect(
      env.recorder.events.filter((e) => e.startsWith('Normal SuccessfulCreatePod')),
    ).toHaveLength(3);
  });
});

describe('TFJob controller: scale subresource', () => {
  it('resizes Worker replicas through tfjobs/scale (kubectl scale)', async () => {
    await env.createJob(tfJob('ks', { Worker: 1 }));
    await env.jobWith('ks', 'Running');
    const jobs = env.clientset.kubeflowV1.tfJobs(env.namespace);
    expect((await jobs.getScale('ks')).spec?.replicas).toBe(1);
    // The controller writes the job's status meanwhile, which moves the resourceVersion the
    // scale carries: read-modify-write again on a Conflict (client-go's retry.RetryOnConflict).
    await retryOnConflict(DefaultRetry, async () => {
      const scale = await jobs.getScale('ks');
      await jobs.updateScale('ks', { ...scale, spec: { replicas: 3 } });
    });
    await env.eventually('3 workers', async () => (await env.pods()).length === 3);
    await env.eventually('scale status', async () => {
      const s = await jobs.getScale('ks');
      return (
        s.status?.replicas === 3 &&
        s.status.selector?.includes('training.kubeflow.org/replica-type=worker')
      );
    });
  });
});
