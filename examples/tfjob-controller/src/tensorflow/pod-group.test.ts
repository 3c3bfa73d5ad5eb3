import { isAlreadyExists, isConflict, isNotFound } from '@kubekit/apimachinery';
import { DynamicClient } from '@kubekit/rest';
import { installCrd } from '../crd';
import type { TFJob } from '../generated/kubeflow.org/v1';
import { podGroupCrd } from '../testing/podgroup-crd';
import { startTestEnv, tfJob, type TestEnv } from '../testing/harness';
import { delayPodCreation, gangSchedulerFor, parseQuantity, type PodGroup } from './pod-group';

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
  // the start-up discovery check decides about the PodGroup watch: restart now that it is settled
  await env.restartController();
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

/** Plays the scheduler: sets the PodGroup's `status.phase`. */
async function setPhase(e: TestEnv, schedulerName: string, name: string, phase: string) {
  const client = podGroups(e, schedulerName);
  await client.update({ ...(await client.get(name)), status: { phase } });
}

/** Sets the container resources of every replica of `job`. */
function setResources(job: TFJob, resources: Record<string, unknown>): void {
  for (const spec of Object.values(job.spec!.tfReplicaSpecs!))
    (
      spec!.template as { spec: { containers: { resources?: unknown }[] } }
    ).spec.containers[0]!.resources = structuredClone(resources);
}

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
    await setPhase(e, 'volcano', 'gang', 'Inqueue');
    const pods = await allPods(e, 3);
    for (const pod of pods) {
      expect(pod.spec?.schedulerName).toBe('volcano');
      expect(pod.metadata?.annotations?.['scheduling.k8s.io/group-name']).toBe('gang');
    }
    const tasks = pods.map((p) => p.metadata?.annotations?.['volcano.sh/task-spec']).sort();
    expect(tasks).toEqual(['ps', 'worker', 'worker']);
    await e.setPhases({ 'gang-worker-0': { phase: 'Succeeded' } });
    await e.eventually(
      'PodGroup deleted',
      async () => (await getPodGroup(e, 'volcano', 'gang')) === undefined,
    );
  });

  it('scheduler-plugins: minMember is all replicas, minResources sums their requests, pods labelled', async () => {
    const e = await startWithGang('scheduler-plugins', true);
    const job: TFJob = tfJob('coscheduled', { PS: 1, Worker: 2 });
    setResources(job, {
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { 'nvidia.com/gpu': '1' },
    });
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

  // with the CRD served the PodGroup watch is registered and a Pending PodGroup is not re-checked
  // on a timer: only the watch's update event can bring the job back to create its pods
  it('volcano: no pods while the PodGroup has no phase or is Pending, created through the watch once it is Inqueue', async () => {
    const e = await startWithGang('volcano', true);
    await e.createJob(tfJob('held', { Worker: 2 }));
    await e.eventually('PodGroup', () => getPodGroup(e, 'volcano', 'held'));
    // the sync that created the PodGroup writes startTime after deciding about the pods
    await e.eventually('status written', async () => !!(await e.getJob('held')).status?.startTime);
    expect(await e.pods()).toEqual([]);
    await setPhase(e, 'volcano', 'held', 'Inqueue');
    expect(await allPods(e, 2)).toHaveLength(2);
  });

  it('volcano: a CRD installed after start-up is not watched; the held job is re-checked instead', async () => {
    const e = (env = await startTestEnv({ gangSchedulerName: 'volcano' }));
    const { group, version } = gangSchedulerFor('volcano').resource;
    await uninstallCrd(e, `podgroups.${group}`);
    await e.restartController(); // discovery: not served, so no PodGroup watch
    await installCrd(e.clientset, podGroupCrd(group, version));
    await e.createJob(tfJob('polled', { Worker: 2 }));
    await e.eventually('PodGroup', () => getPodGroup(e, 'volcano', 'polled'));
    await setPhase(e, 'volcano', 'polled', 'Inqueue');
    expect(await allPods(e, 2)).toHaveLength(2);
  });

  it("keeps a template's own schedulerName (Warning event) and sets the gang's where unset", async () => {
    const e = await startWithGang('volcano', true);
    const job = tfJob('mixed', { PS: 1, Worker: 1 });
    job.spec!.tfReplicaSpecs!.PS!.template!.spec!.schedulerName = 'my-scheduler';
    await e.createJob(job);
    await e.eventually('PodGroup', () => getPodGroup(e, 'volcano', 'mixed'));
    await setPhase(e, 'volcano', 'mixed', 'Running');
    const pods = await allPods(e, 2);
    const byName = Object.fromEntries(pods.map((p) => [p.metadata!.name, p.spec?.schedulerName]));
    expect(byName).toEqual({ 'mixed-ps-0': 'my-scheduler', 'mixed-worker-0': 'volcano' });
    await e.eventually('event', async () =>
      e.recorder.events.some((ev) =>
        ev.startsWith('Warning SettedPodTemplateSchedulerName Another scheduler is specified'),
      ),
    );
  });

  it('scheduler-plugins: scheduleTimeoutSeconds, minResources from the highest-priority replicas first', async () => {
    const e = await startWithGang('scheduler-plugins', true);
    const classes = e.clientset.schedulingV1.priorityClasses();
    for (const [name, value] of [
      ['gang-low', 10],
      ['gang-high', 1000],
    ] as const)
      await classes
        .create({
          apiVersion: 'scheduling.k8s.io/v1',
          kind: 'PriorityClass',
          metadata: { name },
          value,
        })
        .catch((err: unknown) => {
          if (!isAlreadyExists(err)) throw err;
        });
    const job = tfJob(
      'ordered',
      { PS: 1, Worker: 2 },
      {
        spec: { runPolicy: { schedulingPolicy: { minAvailable: 2, scheduleTimeoutSeconds: 120 } } },
      },
    );
    setResources(job, { requests: { cpu: '1' } });
    const specs = job.spec!.tfReplicaSpecs!;
    specs.PS!.template!.spec!.priorityClassName = 'gang-low';
    specs.Worker!.template!.spec!.priorityClassName = 'gang-high';
    (specs.Worker!.template!.spec!.containers[0] as { resources?: unknown }).resources = {
      requests: { cpu: '2' },
    };
    await e.createJob(job);
    const pg = await e.eventually('PodGroup', () => getPodGroup(e, 'scheduler-plugins', 'ordered'));
    // the two Workers (priority 1000) come before the PS although PS is listed first
    expect(pg.spec).toEqual({
      minMember: 2,
      minResources: { cpu: '4' },
      scheduleTimeoutSeconds: 120,
    });
    expect(await allPods(e, 3)).toHaveLength(3); // scheduler-plugins never holds pods back
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

  it('without the PodGroup CRD: the controller starts (no PodGroup watch), a Warning event, pods still created, no reconcile failures', async () => {
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

describe('delayPodCreation', () => {
  const group = (phase?: string): PodGroup => (phase ? { status: { phase } } : {});
  it.each([
    [undefined, true],
    ['Pending', true],
    ['Inqueue', false],
    ['Running', false],
  ])('volcano, phase %s: %s', (phase, delayed) =>
    expect(delayPodCreation(group(phase), gangSchedulerFor('volcano'))).toBe(delayed),
  );
  it('never for scheduler-plugins', () =>
    expect(delayPodCreation(group('Pending'), gangSchedulerFor('coscheduling'))).toBe(false));
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
