import { isConflict, isNotFound } from '@kubekit/apimachinery';
import { DynamicClient } from '@kubekit/rest';
import { installCrd } from '../crd';
import type { TFJob } from '../generated/kubeflow.org/v1';
import { podGroupCrd } from '../testing/podgroup-crd';
import { startTestEnv, tfJob, type TestEnv } from '../testing/harness';
import { gangSchedulerFor, parseQuantity, type PodGroup } from './pod-group';

let env: TestEnv | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

async function startWithGang(schedulerName: string, installPodGroups: boolean): Promise<TestEnv> {
  env = await startTestEnv({ gangSchedulerName: schedulerName });
  const { group, version } = gangSchedulerFor(schedulerName).resource;
  if (installPodGroups) await installCrd(env.clientset, podGroupCrd(group, version));
  else await uninstallCrd(env, `podgroups.${group}`);
  return env;
}

/** CRDs are cluster-wide: on a shared server an earlier test may have installed this one. */
async function uninstallCrd(e: TestEnv, name: string): Promise<void> {
  const crds = e.clientset.apiextensionsV1.customResourceDefinitions();
  await e.eventually(`CRD ${name} gone`, () =>
    crds.delete(name).then(
      () => false,
      (err: unknown) => {
        if (isNotFound(err)) return true;
        throw err;
      },
    ),
  );
}

function podGroups(e: TestEnv, schedulerName: string) {
  return new DynamicClient(e.rest)
    .resource<PodGroup>(gangSchedulerFor(schedulerName).resource)
    .namespace(e.namespace);
}

const getPodGroup = async (e: TestEnv, schedulerName: string, name: string) => {
  try {
    return await podGroups(e, schedulerName).get(name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
};

const allPods = (e: TestEnv, n: number) =>
  e.eventually(`${n} pods`, async () => {
    const pods = await e.pods();
    return pods.length === n ? pods : undefined;
  });

describe('gang scheduling', () => {
  it('volcano: a PodGroup per job from schedulingPolicy, annotated pods, deleted when the job finishes', async () => {
    const e = await startWithGang('volcano', true);
    await e.createJob(
      tfJob(
        'gang',
        { PS: 1, Worker: 2 },
        {
          spec: {
            runPolicy: {
              schedulingPolicy: { minAvailable: 2, queue: 'research', priorityClass: 'high' },
            },
          },
        },
      ),
    );
    const pg = await e.eventually('PodGroup', () => getPodGroup(e, 'volcano', 'gang'));
    expect(pg.apiVersion).toBe('scheduling.volcano.sh/v1beta1');
    expect(pg.spec).toEqual({ minMember: 2, queue: 'research', priorityClassName: 'high' });
    expect(pg.metadata?.ownerReferences?.[0]).toMatchObject({
      kind: 'TFJob',
      name: 'gang',
      controller: true,
    });
    for (const pod of await allPods(e, 3)) {
      expect(pod.spec?.schedulerName).toBe('volcano');
      expect(pod.metadata?.annotations?.['scheduling.k8s.io/group-name']).toBe('gang');
    }
    await e.setPhases({ 'gang-worker-0': { phase: 'Succeeded' } });
    await e.eventually(
      'PodGroup deleted',
      async () => (await getPodGroup(e, 'volcano', 'gang')) === undefined,
    );
  });

  it('scheduler-plugins: minMember is all replicas, minResources sums their requests, pods labelled', async () => {
    const e = await startWithGang('scheduler-plugins', true);
    const job: TFJob = tfJob('coscheduled', { PS: 1, Worker: 2 });
    for (const spec of Object.values(job.spec!.tfReplicaSpecs!))
      (
        spec!.template as { spec: { containers: { resources?: unknown }[] } }
      ).spec.containers[0]!.resources = {
        requests: { cpu: '500m', memory: '1Gi' },
        limits: { 'nvidia.com/gpu': '1' },
      };
    await e.createJob(job);
    const pg = await e.eventually('PodGroup', () =>
      getPodGroup(e, 'scheduler-plugins', 'coscheduled'),
    );
    expect(pg.apiVersion).toBe('scheduling.x-k8s.io/v1alpha1');
    expect(pg.spec).toEqual({
      minMember: 3,
      minResources: { cpu: '1500m', memory: String(3 * 2 ** 30), 'nvidia.com/gpu': '3' },
    });
    for (const pod of await allPods(e, 3)) {
      expect(pod.spec?.schedulerName).toBe('scheduler-plugins');
      expect(pod.metadata?.labels?.['scheduling.x-k8s.io/pod-group']).toBe('coscheduled');
    }
  });

  it('follows schedulingPolicy changes by updating the PodGroup', async () => {
    const e = await startWithGang('volcano', true);
    await e.createJob(tfJob('grow', { Worker: 2 }));
    await e.eventually('PodGroup', () => getPodGroup(e, 'volcano', 'grow'));
    await e.editJob('grow', (j) => {
      j.spec!.runPolicy = { ...j.spec!.runPolicy, schedulingPolicy: { queue: 'batch' } };
    });
    await e.eventually(
      'PodGroup updated',
      async () => (await getPodGroup(e, 'volcano', 'grow'))?.spec?.queue === 'batch',
    );
  });

  it('without the PodGroup CRD: a Warning event, pods still created, no reconcile failures', async () => {
    const e = await startWithGang('volcano', false);
    await e.createJob(tfJob('nocrd', { Worker: 2 }));
    const pods = await allPods(e, 2);
    expect(pods.every((p) => p.spec?.schedulerName === 'volcano')).toBe(true);
    await e.eventually('event', async () =>
      e.recorder.events.some((ev) =>
        ev.startsWith('Warning PodGroupUnavailable Cannot create PodGroup nocrd'),
      ),
    );
    expect(e.errors.filter((err) => !isConflict(err))).toEqual([]); // stale-cache conflicts retry
  });
});

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1Gi', 2 ** 30],
    ['1.5k', 1500],
    ['1e3', 1000],
  ])('%s is %d', (text, value) => expect(parseQuantity(text)).toBe(value));

  it('rejects garbage', () => expect(() => parseQuantity('lots')).toThrow(TypeError));
});
