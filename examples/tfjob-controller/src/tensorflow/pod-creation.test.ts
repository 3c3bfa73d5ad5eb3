import { isConflict } from '@kubekit/apimachinery';
import type { coreV1 } from '@kubekit/clientset';
import { MaxReplicasPerType } from '../apis/validation';
import type { TFJob } from '../generated/kubeflow.org/v1';
import { MaxTFConfigBytes } from './tf-config';
import { condition, startTestEnv, tfJob, type TestEnv } from '../testing/harness';

let env: TestEnv;
beforeEach(async () => {
  env = await startTestEnv();
});
afterEach(async () => {
  await env.stop();
});

/** The Worker template's pod spec of `job`. */
const podSpec = (job: TFJob) =>
  job.spec!.tfReplicaSpecs.Worker!.template!.spec as unknown as coreV1.PodSpec;

describe('TFJob controller: pods and services from the template', () => {
  it('exposes every port of the tensorflow container on the replica service (upstream)', async () => {
    const job = tfJob('ports', { Worker: 1 });
    podSpec(job).containers[0]!.ports = [
      { name: 'tfjob-port', containerPort: 2222 },
      { name: 'metrics', containerPort: 9090 },
      { containerPort: 6006 },
    ];
    await env.createJob(job);
    const service = await env.eventually('service', async () => (await env.services())[0]);
    expect(service.spec!.ports!.map((p) => `${p.name}:${p.port}`)).toEqual([
      'tfjob-port:2222',
      'metrics:9090',
      'port-6006:6006',
    ]);
  });

  it("warns that the replica's restartPolicy overrides the template's (SetPodTemplateRestartPolicy)", async () => {
    const job = tfJob('rp', { Worker: 1 }, { restartPolicy: 'OnFailure' });
    podSpec(job).restartPolicy = 'Always';
    await env.createJob(job);
    const pod = await env.eventually('pod', async () => (await env.pods())[0]);
    expect(pod.spec!.restartPolicy).toBe('OnFailure');
    expect(env.recorder.events).toContain(
      'Warning SetPodTemplateRestartPolicy Restart policy in pod template will be overwritten by restart policy in replica spec',
    );
  });

  it('fails a job whose pods the API server rejects, with its reason, instead of retrying forever', async () => {
    const job = tfJob('badpod', { PS: 1, Worker: 2 });
    podSpec(job).containers.push({ name: 'Bad_Name', image: 'x' });
    await env.createJob(job);
    const failed = await env.jobWith('badpod', 'Failed');
    expect(condition(failed, 'Failed')?.reason).toBe('TFJobFailed');
    expect(condition(failed, 'Failed')?.message).toMatch(
      new RegExp(
        `^TFJob ${env.namespace}/badpod has failed because pod badpod-worker-0 cannot be created \\(Invalid\\): .*Bad_Name`,
      ),
    );
    expect(env.recorder.events.some((e) => e.startsWith('Warning FailedCreatePod'))).toBe(true);
    expect((await env.pods()).map((p) => p.metadata!.name)).toEqual(['badpod-ps-0']);
  });
});

describe('TFJob controller: size bounds', () => {
  it('is rejected by the API server beyond 10000 replicas of a type', async () => {
    const err = await env.createJob(tfJob('huge', { Worker: 10_001 })).then(
      () => undefined,
      (e: { code?: number; message?: string }) => e,
    );
    expect(err?.code).toBe(422);
    expect(err?.message).toContain('spec.tfReplicaSpecs.Worker.replicas');
  });

  it('fails a job whose TF_CONFIG would pass the bound, creating nothing', async () => {
    await env.createJob(tfJob('wide', { PS: 100, Worker: 3000 }));
    const failed = await env.jobWith('wide', 'Failed');
    expect(condition(failed, 'Failed')).toMatchObject({ reason: 'TFJobFailedValidation' });
    expect(condition(failed, 'Failed')?.message).toMatch(
      new RegExp(`TF_CONFIG would take \\d{6} bytes, more than ${MaxTFConfigBytes}: `),
    );
    expect(await env.pods()).toEqual([]);
  });

  it('refuses kubectl scale beyond 10000 workers (the scale subresource checks the schema)', async () => {
    await env.createJob(tfJob('scaled', { Worker: 1 }));
    const jobs = env.clientset.kubeflowV1.tfJobs(env.namespace);
    const code = await env.eventually('a verdict other than a conflict', async () => {
      const scale = await jobs.getScale('scaled');
      return jobs.updateScale('scaled', { ...scale, spec: { replicas: 2147483647 } }).then(
        () => 200,
        (e: { code?: number }) => (e.code === 409 ? undefined : e.code),
      );
    });
    expect(code).toBe(422);
  });

  it('fails, without running out of memory, a job of 2147483647 workers stored before the schema bounded them', async () => {
    // the CRD of an older release (restored after: a real cluster's CRD is shared by suites)
    await setReplicasMaximum(undefined);
    try {
      await env.eventually('unbounded job stored', () =>
        env.createJob(tfJob('huge', { Worker: 2147483647 })).then(
          () => true,
          () => false,
        ),
      );
      const failed = await env.jobWith('huge', 'Failed');
      expect(condition(failed, 'Failed')).toMatchObject({
        reason: 'TFJobFailedValidation',
        message:
          'TFJob huge is invalid: spec.tfReplicaSpecs[Worker].replicas: Invalid value: 2147483647: must be less than or equal to 10000',
      });
    } finally {
      await setReplicasMaximum(MaxReplicasPerType);
    }
    expect(await env.pods()).toEqual([]);
  });
});

/** Sets (or, undefined, drops) the CRD schema's maximum of `replicas`, retrying conflicts. */
async function setReplicasMaximum(maximum: number | undefined): Promise<void> {
  const crds = env.clientset.apiextensionsV1.customResourceDefinitions();
  for (;;) {
    const crd = await crds.get('tfjobs.kubeflow.org');
    const spec = crd.spec.versions[0]!.schema!.openAPIV3Schema!.properties!.spec!;
    const replicaSpec = spec.properties!.tfReplicaSpecs!.additionalProperties as typeof spec;
    const replicas = replicaSpec.properties!.replicas!;
    if (maximum === undefined) delete replicas.maximum;
    else replicas.maximum = maximum;
    try {
      await crds.update(crd);
      return;
    } catch (err) {
      if (!isConflict(err)) throw err;
    }
  }
}
