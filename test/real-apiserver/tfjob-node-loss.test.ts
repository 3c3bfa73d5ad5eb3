/**
 * The TFJob controller on a full real control plane (kube-apiserver, etcd, kube-scheduler,
 * kube-controller-manager with node lifecycle, taint eviction and pod GC) with two LocalKubelet
 * nodes that only run what kube-scheduler binds to them: a node lost mid-job, and
 * `kubectl drain` of a node running replicas. In both the job survives and succeeds, its
 * replicas replaced on the other node without counting as restarts. Starts a control plane of
 * its own (node-loss timings shortened, see tfjob-cluster.ts); part of the real tier.
 */
import type { coreV1 } from '@kubekit/clientset';
import {
  jobCondition,
  psWorkerJob,
  startTfjobCluster,
  TOLERATION_SECONDS,
  type TfjobCluster,
} from './tfjob-cluster';

jest.setTimeout(240_000);

const nodes = ['node-a', 'node-b'];
let cluster: TfjobCluster;

beforeAll(async () => {
  cluster = await startTfjobCluster(nodes);
  const { controlPlane, total } = cluster.startMs;
  process.stderr.write(
    `tfjob-node-loss: control plane up in ${(controlPlane / 1000).toFixed(1)} s, ` +
      `nodes Ready in ${(total / 1000).toFixed(1)} s\n`,
  );
}, 300_000);

afterAll(async () => {
  await cluster?.stop();
});

const otherNode = (node: string) => nodes.find((n) => n !== node)!;

/** The node running most of `pods`. */
function busiestNode(pods: Map<string, coreV1.Pod>): string {
  const count = (node: string) =>
    [...pods.values()].filter((p) => p.spec?.nodeName === node).length;
  return nodes.reduce((a, b) => (count(b) > count(a) ? b : a));
}

/** Creates job `name` and waits until its three replicas run and the job is Running. */
async function runningJob(name: string): Promise<Map<string, coreV1.Pod>> {
  await cluster.createJob(psWorkerJob(name));
  await cluster.eventually(`${name} Running`, 90_000, async () =>
    jobCondition(await cluster.getJob(name), 'Running'),
  );
  return cluster.eventually(`3 pods of ${name} running`, 30_000, async () => {
    const pods = await cluster.livePods(name);
    const running = [...pods.values()].filter((p) => p.status?.phase === 'Running');
    return running.length === 3 ? pods : undefined;
  });
}

/**
 * Waits until every replica of `name` runs on `node`, each a new pod unless it was there before,
 * and the job is Running again; then lets the workers finish and expects the job to succeed with
 * no restart counted.
 */
async function expectSurvivesOn(
  name: string,
  node: string,
  before: Map<string, coreV1.Pod>,
): Promise<void> {
  const moved = await cluster.eventually(
    `every replica of ${name} on ${node}`,
    90_000,
    async () => {
      const pods = await cluster.livePods(name);
      const all = [...pods.values()];
      const ok =
        all.length === 3 &&
        all.every((p) => p.spec?.nodeName === node && p.status?.phase === 'Running');
      return ok ? pods : undefined;
    },
  );
  for (const [podName, pod] of moved) {
    const old = before.get(podName)!;
    if (old.spec?.nodeName !== node) expect(pod.metadata!.uid).not.toBe(old.metadata!.uid);
  }
  await cluster.eventually(`${name} Running again`, 30_000, async () =>
    jobCondition(await cluster.getJob(name), 'Running'),
  );
  await cluster.script(new RegExp(`^${name}-worker-`), { phase: 'Succeeded' });
  const done = await cluster.eventually(`${name} Succeeded`, 60_000, async () => {
    const job = await cluster.getJob(name);
    return jobCondition(job, 'Succeeded') ?? (jobCondition(job, 'Failed') && job);
  });
  expect(done).toMatchObject({ type: 'Succeeded' });
  const job = await cluster.getJob(name);
  expect(jobCondition(job, 'Failed')).toBeUndefined();
  expect(job.status?.restartCount ?? 0).toBe(0);
}

describe('TFJob on the full control plane', () => {
  it('survives losing the node of a worker: tainted, evicted, declared out of service, replaced', async () => {
    const before = await runningJob('lost');
    // the node running most of the job: two of its three pods at least, a worker among them
    const victim = busiestNode(before);
    const gone = [...before.values()].filter((p) => p.spec?.nodeName === victim);
    const worker = gone.map((p) => p.metadata!.name!).find((name) => name.includes('-worker-'))!;
    const lostAt = Date.now();
    cluster.kubelets.get(victim)!.loseNode();
    try {
      // kube-controller-manager's node lifecycle controller: Unknown, tainted unreachable
      const node = await cluster.eventually(`${victim} Unknown`, 90_000, async () => {
        const n = await cluster.clientset.coreV1.nodes().get(victim);
        const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
        const noExecute = n.spec?.taints?.some(
          (t) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute',
        );
        return ready?.status === 'Unknown' && noExecute ? n : undefined;
      });
      expect(node.spec?.taints).toContainEqual(
        expect.objectContaining({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }),
      );
      const unknownMs = Date.now() - lostAt;

      // the taint eviction controller, once the pod's default toleration ran out
      const evicted = await cluster.eventually(`${worker} evicted`, 60_000, async () => {
        const pod = await cluster.clientset.coreV1.pods(cluster.namespace).get(worker);
        return pod.metadata?.deletionTimestamp ? pod : undefined;
      });
      expect(evicted.metadata!.uid).toBe(before.get(worker)!.metadata!.uid);
      expect(evicted.spec?.tolerations).toContainEqual(
        expect.objectContaining({
          key: 'node.kubernetes.io/unreachable',
          tolerationSeconds: TOLERATION_SECONDS,
        }),
      );
      expect(evicted.status?.conditions).toContainEqual(
        expect.objectContaining({ type: 'DisruptionTarget', reason: 'DeletionByTaintManager' }),
      );
      await cluster.eventually(
        'the job restarting the evicted worker',
        30_000,
        async () =>
          cluster.events.some((e) =>
            e.includes(`pod ${worker} was disrupted (DeletionByTaintManager)`),
          ) || undefined,
      );

      // Nobody confirms the pod is gone (its kubelet is unreachable): the operator declares the
      // node out of service (non-graceful node shutdown) and the pod GC force-deletes its pods.
      await cluster.kubectl(
        'taint',
        'node',
        victim,
        'node.kubernetes.io/out-of-service=nodeshutdown:NoExecute',
      );
      const survivor = otherNode(victim);
      await expectSurvivesOn('lost', survivor, before);
      // each pod's restart announced once, though they were terminating at the same time
      const restarts = cluster.events.filter((e) => e.includes('TFJobRestarting TFJob lost '));
      expect(restarts).toHaveLength(gone.length);
      process.stderr.write(
        `tfjob-node-loss: ${victim} Unknown ${(unknownMs / 1000).toFixed(1)} s after it was lost; ` +
          `job done ${((Date.now() - lostAt) / 1000).toFixed(1)} s after\n`,
      );
    } finally {
      // the node comes back (the next test needs both): no longer out of service, its kubelet back
      await cluster
        .kubectl('taint', 'node', victim, 'node.kubernetes.io/out-of-service-')
        .catch(() => {}); // not tainted yet
      await cluster.kubelets.get(victim)!.restoreNode();
    }
    // Ready again, the lifecycle controller lifts its taints
    await cluster.eventually(`${victim} Ready and untainted`, 60_000, async () => {
      const n = await cluster.clientset.coreV1.nodes().get(victim);
      const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
      return ready?.status === 'True' && !n.spec?.taints?.length ? true : undefined;
    });
  });

  it('survives kubectl drain of a node running its replicas', async () => {
    const before = await runningJob('drained');
    const drained = before.get('drained-worker-0')!.spec!.nodeName!;
    const onIt = [...before.values()].filter((p) => p.spec?.nodeName === drained).length;
    const started = Date.now();
    const out = await cluster.kubectl('drain', drained, '--ignore-daemonsets', '--timeout=120s');
    const drainMs = Date.now() - started;
    expect(out).toContain(`node/${drained} cordoned`);
    expect(out).toContain('pod/drained-worker-0 evicted');
    expect(out).toContain(`node/${drained} drained`);
    // every replica that was on it (pods of the other test's job may be there too)
    expect(out.match(/^pod\/drained-\S+ evicted$/gm)).toHaveLength(onIt);
    const node = await cluster.clientset.coreV1.nodes().get(drained);
    expect(node.spec?.unschedulable).toBe(true);

    await expectSurvivesOn('drained', otherNode(drained), before);
    // events are recorded asynchronously: the job may be done before its restart event arrives
    await cluster.eventually(
      'the job restarting the drained worker',
      30_000,
      async () =>
        cluster.events.some((e) =>
          e.includes('drained-worker-0 was disrupted (EvictionByEvictionAPI)'),
        ) || undefined,
    );
    process.stderr.write(
      `tfjob-node-loss: kubectl drain of ${onIt} replicas took ${(drainMs / 1000).toFixed(1)} s\n`,
    );
    await cluster.kubectl('uncordon', drained);
  });
});
