/**
 * Gang scheduling of TFJobs on a real control plane: kube-scheduler runs scheduler-plugins'
 * Coscheduling plugin (profile GANG_SCHEDULER_NAME, see gang-scheduling.ts) and the TFJob
 * controller creates a `scheduling.x-k8s.io/v1alpha1` PodGroup per job. LocalKubelet nodes of
 * 3 CPUs run what kube-scheduler binds; every replica requests 1 CPU. A job that fits is bound
 * as a whole; one that does not fit gets no pod bound at all (where the default profile starts
 * it partially, holding CPUs) until capacity appears, when all its pods are bound. Starts a control plane of its own; part
 * of the real tier.
 */
import type { coreV1 } from '@kubekit/clientset';
import { gangSchedulerFor, type PodGroup, type TFJob } from '@kubekit/example-tfjob-controller';
import { DynamicClient } from '@kubekit/rest';
import { GANG_SCHEDULER_NAME } from './index';
import { jobCondition, psWorkerJob, startTfjobCluster, type TfjobCluster } from './tfjob-cluster';

jest.setTimeout(90_000);

const capacity = { cpu: '3', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi' };
let cluster: TfjobCluster;

beforeAll(async () => {
  cluster = await startTfjobCluster(['node-a'], { gangScheduling: true, capacity });
  const { controlPlane, total } = cluster.startMs;
  process.stderr.write(
    `tfjob-gang: control plane up in ${(controlPlane / 1000).toFixed(1)} s, ` +
      `nodes Ready in ${(total / 1000).toFixed(1)} s\n`,
  );
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
});

/**
 * A job of one PS and `workers` workers, each replica requesting 1 CPU; once the workers succeed
 * the still running PS is deleted (`cleanPodPolicy: Running`), freeing its CPU.
 */
function gangJob(name: string, workers: number): TFJob {
  const job = psWorkerJob(name, { workers, cpu: '1' });
  return { ...job, spec: { ...job.spec!, runPolicy: { cleanPodPolicy: 'Running' } } };
}

function podGroup(name: string): Promise<PodGroup> {
  return new DynamicClient(cluster.clientset.restClient)
    .resource<PodGroup>(gangSchedulerFor(GANG_SCHEDULER_NAME).resource)
    .namespace(cluster.namespace)
    .get(name);
}

const scheduled = (pod: coreV1.Pod) =>
  pod.status?.conditions?.find((c) => c.type === 'PodScheduled');

/** Waits until all `count` pods of `name` are bound and running; resolves with them. */
async function boundAndRunning(name: string, count: number): Promise<coreV1.Pod[]> {
  return cluster.eventually(`${count} pods of ${name} bound and running`, 60_000, async () => {
    const pods = [...(await cluster.livePods(name)).values()];
    const running = pods.filter((p) => p.spec?.nodeName && p.status?.phase === 'Running');
    return pods.length === count && running.length === count ? pods : undefined;
  });
}

/** Lets the workers of `name` finish and waits until the job has Succeeded. */
async function finish(name: string): Promise<void> {
  await cluster.script(new RegExp(`^${name}-worker-`), { phase: 'Succeeded' });
  const done = await cluster.eventually(`${name} Succeeded`, 60_000, async () => {
    const job = await cluster.getJob(name);
    return jobCondition(job, 'Succeeded') ?? (jobCondition(job, 'Failed') && job);
  });
  expect(done).toMatchObject({ type: 'Succeeded' });
}

/**
 * Coscheduling's reasons for holding a member back: its group lacks members (the controller
 * creates the pods one by one), or the free resources of all nodes together are less than the
 * PodGroup's `minResources`.
 */
const GANG_HELD = /cannot find enough sibling pods|resource gap/;

/**
 * Creates `gangJob(name, workers)` and waits until kube-scheduler has rejected every one of its
 * pods; expects each unbound and held by Coscheduling, the PodGroup asking for every replica and
 * their CPUs, and (read again, just before the caller makes room) still no pod bound.
 */
async function createHeldJob(name: string, workers: number): Promise<void> {
  const replicas = workers + 1;
  await cluster.createJob(gangJob(name, workers));
  const held = await cluster.eventually(
    `${replicas} pods of ${name} rejected by the scheduler`,
    60_000,
    async () => {
      const pods = [...(await cluster.livePods(name)).values()];
      const rejected = pods.filter((p) => scheduled(p)?.status === 'False');
      return pods.length === replicas && rejected.length === replicas ? pods : undefined;
    },
  );
  for (const pod of held) {
    expect(pod.spec?.nodeName).toBeUndefined();
    expect(pod.spec?.schedulerName).toBe(GANG_SCHEDULER_NAME);
    expect(scheduled(pod)).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(scheduled(pod)?.message).toMatch(GANG_HELD);
  }
  expect((await podGroup(name)).spec).toMatchObject({
    minMember: replicas,
    minResources: { cpu: String(replicas) },
  });
  const again = [...(await cluster.livePods(name)).values()];
  expect(again.filter((p) => p.spec?.nodeName).map((p) => p.metadata!.name)).toEqual([]);
}

describe('TFJob gang scheduling with scheduler-plugins Coscheduling', () => {
  it('binds a job that fits as a gang, its PodGroup asking for all replicas', async () => {
    const started = Date.now();
    await cluster.createJob(gangJob('first', 1));
    const pods = await boundAndRunning('first', 2);
    for (const pod of pods) {
      expect(pod.spec?.schedulerName).toBe(GANG_SCHEDULER_NAME);
      expect(pod.metadata?.labels?.['scheduling.x-k8s.io/pod-group']).toBe('first');
      expect(pod.spec?.nodeName).toBe('node-a');
    }
    const group = await podGroup('first');
    expect(group.spec).toMatchObject({ minMember: 2, minResources: { cpu: '2' } });
    await cluster.eventually('first Running', 30_000, async () =>
      jobCondition(await cluster.getJob('first'), 'Running'),
    );
    process.stderr.write(`tfjob-gang: first bound and running in ${Date.now() - started} ms\n`);
  });

  it('for contrast, the default profile starts the same kind of job partially', async () => {
    // the template names the default scheduler, which the controller keeps: no gang
    const job = gangJob('partial', 2);
    const spec = job.spec!.tfReplicaSpecs!;
    for (const replica of Object.values(spec))
      replica!.template!.spec!.schedulerName = 'default-scheduler';
    await cluster.createJob(job);
    // 1 of node-a's 3 CPUs is free (`first` holds 2): one replica is bound, two are not
    const pods = await cluster.eventually(
      '1 pod of partial bound, 2 rejected',
      60_000,
      async () => {
        const all = [...(await cluster.livePods('partial')).values()];
        const bound = all.filter((p) => p.spec?.nodeName);
        const rejected = all.filter((p) => scheduled(p)?.status === 'False');
        return all.length === 3 && bound.length === 1 && rejected.length === 2 ? all : undefined;
      },
    );
    for (const pod of pods) expect(pod.spec?.schedulerName).toBe('default-scheduler');
    expect(pods.filter((p) => !p.spec?.nodeName).map((p) => scheduled(p)?.message)).toEqual([
      expect.stringContaining('Insufficient cpu'),
      expect.stringContaining('Insufficient cpu'),
    ]);
    // the job, then its pods at once (the garbage collector learns of the TFJob kind late); wait
    // until they are gone, the terminating one too: until then it holds its CPU
    await cluster.clientset.kubeflowV1.tfJobs(cluster.namespace).delete('partial');
    const podClient = cluster.clientset.coreV1.pods(cluster.namespace);
    const selector = { labelSelector: 'training.kubeflow.org/job-name=partial' };
    await podClient.deleteCollection(selector);
    await cluster.eventually('every pod of partial deleted', 60_000, async () =>
      (await podClient.list(selector)).items.length === 0 ? true : undefined,
    );
  });

  it('binds no pod of a job that does not fit, then all of them once the running job finishes', async () => {
    // 2 of node-a's 3 CPUs are taken by `first`: a partial start would bind one replica
    await createHeldJob('second', 2);
    const freed = Date.now();
    await finish('first');
    const pods = await boundAndRunning('second', 3);
    expect(pods.map((p) => p.spec?.nodeName)).toEqual(['node-a', 'node-a', 'node-a']);
    process.stderr.write(
      `tfjob-gang: second bound ${Date.now() - freed} ms after first's workers were done\n`,
    );
    await finish('second');
  });

  it('binds no pod of a job larger than the cluster, then all of them once a node is added', async () => {
    await createHeldJob('big', 3); // 4 CPUs, node-a has 3
    const added = Date.now();
    await cluster.addNode('node-b');
    const pods = await boundAndRunning('big', 4);
    const nodes = new Set(pods.map((p) => p.spec?.nodeName));
    expect(nodes).toEqual(new Set(['node-a', 'node-b']));
    process.stderr.write(`tfjob-gang: big bound ${Date.now() - added} ms after node-b was added\n`);
    await finish('big');
  });
});
