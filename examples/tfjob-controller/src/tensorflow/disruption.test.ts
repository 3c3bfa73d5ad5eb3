import type { coreV1 } from '@kubekit/clientset';
import { LocalKubelet } from '@kubekit/testing/kubelet';
import { condition, startTestEnv, tfJob, type TestEnv } from '../testing/harness';

let env: TestEnv;
/** Runs every test of the enclosing describe in a fresh environment. */
function withEnv(options: Parameters<typeof startTestEnv>[0] = {}): void {
  beforeEach(async () => {
    env = await startTestEnv(options);
  });
  afterEach(async () => {
    await env.stop();
  });
}

const podsClient = () => env.clientset.coreV1.pods(env.namespace);
const podNamed = async (name: string): Promise<coreV1.Pod | undefined> =>
  (await env.pods()).find((p) => p.metadata!.name === name);
const restartingEvents = () => env.recorder.events.filter((e) => e.includes('TFJobRestarting'));

/**
 * Starts job `d` (1 PS, 2 workers, backoffLimit 1: any counted restart fails it) until all 3 run;
 * returns the uid of d-worker-1.
 */
async function startJob(restartPolicy: string, command?: string[]): Promise<string> {
  await env.createJob(
    tfJob(
      'd',
      { PS: 1, Worker: 2 },
      { restartPolicy, command, spec: { runPolicy: { backoffLimit: 1 } } },
    ),
  );
  await env.eventually('3 active', async () => {
    const rs = (await env.getJob('d')).status?.replicaStatuses;
    return rs?.Worker?.active === 2 && rs.PS?.active === 1;
  });
  return (await podNamed('d-worker-1'))!.metadata!.uid!;
}

/** d-worker-1 has a new pod that runs, the job is Running again, never Failed, nothing counted. */
async function expectReplaced(oldUid: string, why: string | RegExp): Promise<void> {
  await env.eventually('replacement running', async () => {
    const pod = await podNamed('d-worker-1');
    return pod?.metadata!.uid !== oldUid && pod?.status?.phase === 'Running';
  });
  const job = await env.jobWith('d', 'Running');
  expect(condition(job, 'Failed')).toBeUndefined();
  expect(job.status?.restartCount ?? 0).toBe(0);
  expect(job.status?.replicaStatuses?.Worker).toMatchObject({ active: 2, failed: 0 });
  const events = restartingEvents();
  expect(events).toHaveLength(1);
  const prefix =
    'Warning TFJobRestarting TFJob d is restarting because pod d-worker-1 was disrupted';
  const reason = events[0]!.startsWith(prefix) ? events[0]!.slice(prefix.length) : events[0];
  if (typeof why === 'string') expect(reason).toBe(` (${why}).`);
  else expect(reason).toMatch(why);
}

const policies = ['OnFailure', 'ExitCode', 'Never', 'Always'];

describe.each(policies)('TFJob controller: disruption under restartPolicy %s', (policy) => {
  withEnv();
  it('replaces a running replica deleted with kubectl delete pod', async () => {
    const uid = await startJob(policy);
    await podsClient().delete('d-worker-1');
    await expectReplaced(uid, 'Deleted');
  });

  it('replaces a replica evicted through the eviction API', async () => {
    const uid = await startJob(policy);
    await podsClient().evict('d-worker-1');
    // kube-apiserver marks the pod DisruptionTarget (EvictionByEvictionAPI) before deleting it
    await expectReplaced(uid, /^ \((Deleted|EvictionByEvictionAPI)\)\.$/);
  });

  it('replaces a replica the scheduler preempted (DisruptionTarget, then deleted)', async () => {
    const uid = await startJob(policy);
    const preemption = {
      type: 'DisruptionTarget',
      reason: 'PreemptionByScheduler',
      message: 'default-scheduler: preempting to accommodate a higher priority pod',
    };
    await env.setPhases({ [uid]: { phase: 'Running', conditions: [preemption] } });
    await podsClient().delete('d-worker-1');
    await expectReplaced(uid, 'PreemptionByScheduler');
  });

  it('replaces a replica the kubelet evicted (Failed, reason Evicted, DisruptionTarget)', async () => {
    const uid = await startJob(policy);
    const message = 'The node was low on resource: memory.';
    await env.setPhases({
      [uid]: {
        phase: 'Failed',
        exitCode: 137,
        podReason: 'Evicted',
        podMessage: message,
        conditions: [{ type: 'DisruptionTarget', reason: 'TerminationByKubelet', message }],
      },
    });
    await expectReplaced(uid, 'TerminationByKubelet');
  });

  it('replaces a replica lost with its node (Failed, reason NodeLost)', async () => {
    const uid = await startJob(policy);
    await env.setPhases({
      [uid]: {
        phase: 'Failed',
        exitCode: 137,
        podReason: 'NodeLost',
        podMessage: 'Node local-node which was running pod d-worker-1 is unresponsive',
      },
    });
    await expectReplaced(uid, 'NodeLost');
  });

  it('replaces a replica the kubelet refused at admission (Failed, reason OutOfcpu)', async () => {
    const uid = await startJob(policy);
    const pod = (await podNamed('d-worker-1'))!;
    await podsClient().updateStatus({
      ...pod,
      status: {
        phase: 'Failed',
        reason: 'OutOfcpu',
        message: "Pod was rejected: Node didn't have enough resource: cpu",
      },
    });
    await expectReplaced(uid, 'OutOfcpu');
  });

  it('counts a container failure toward backoffLimit (1: the first one fails the job)', async () => {
    const uid = await startJob(policy);
    const inPlace = policy === 'OnFailure' || policy === 'Always';
    // OnFailure and Always restart the container in place; the others fail the pod
    await env.setPhases({
      [uid]: inPlace
        ? { phase: 'Running', restartCount: 1 }
        : { phase: 'Failed', exitCode: 137, reason: 'OOMKilled' },
    });
    const job = await env.jobWith('d', 'Failed');
    expect(condition(job, 'Failed')?.message).toMatch(
      inPlace ? /reached the specified backoff limit/ : /Pod d-worker-1 exited with code 137/,
    );
    expect(restartingEvents()).toEqual([]);
  });
});

describe.each(policies)(
  'TFJob controller: disruption of running processes under restartPolicy %s',
  (policy) => {
    withEnv({ processes: true });
    // a replica that trains until it is stopped: SIGTERM makes it exit 143 (Failed, or Error)
    const train = [process.execPath, '-e', 'setInterval(() => {}, 1000)'];

    it('replaces a replica whose process kubectl delete pod stopped', async () => {
      const uid = await startJob(policy, train);
      await podsClient().delete('d-worker-1');
      await expectReplaced(uid, 'Deleted');
    });

    it('replaces a replica whose process an eviction stopped', async () => {
      const uid = await startJob(policy, train);
      await podsClient().evict('d-worker-1');
      await expectReplaced(uid, 'EvictionByEvictionAPI');
    });
  },
);

describe('TFJob controller: a replica on a lost node', () => {
  withEnv();
  it('waits for the terminating pod to be gone, then replaces it', async () => {
    const uid = await startJob('Never');
    await env.kubelet.stop(); // the node is lost: nothing completes the deletion
    await podsClient().delete('d-worker-1', { gracePeriodSeconds: 600 });
    await env.eventually('Restarting', async () => {
      const j = await env.getJob('d');
      return condition(j, 'Restarting')?.message?.includes('d-worker-1 was disrupted (Deleted)');
    });
    const terminating = (await podNamed('d-worker-1'))!;
    expect(terminating.metadata!.uid).toBe(uid);
    expect(terminating.metadata!.deletionTimestamp).toBeDefined();
    const job = await env.getJob('d');
    expect(condition(job, 'Failed')).toBeUndefined();
    expect(job.status?.replicaStatuses?.Worker).toMatchObject({ active: 1, failed: 0 });
    // the pod garbage collector force-deletes pods of a deleted node
    await podsClient().delete('d-worker-1', { gracePeriodSeconds: 0 });
    const kubelet = await LocalKubelet.start({
      server: env.server,
      namespace: env.namespace,
      script: () => ({ phase: 'Running' }),
    });
    try {
      await expectReplaced(uid, 'Deleted');
    } finally {
      await kubelet.stop();
    }
  });
});

describe('TFJob controller: two replicas on a lost node', () => {
  withEnv();
  it('announces each once while both terminate, and replaces both', async () => {
    await startJob('Never');
    await env.kubelet.stop(); // the node is lost: nothing completes the deletions
    const lost = ['d-ps-0', 'd-worker-1'];
    const old = await Promise.all(lost.map(async (name) => (await podNamed(name))!.metadata!.uid));
    for (const name of lost) await podsClient().delete(name, { gracePeriodSeconds: 600 });
    // every sync sees both terminating: the condition names both, each announced once
    const restarting = await env.eventually('Restarting naming both', async () => {
      const c = condition(await env.getJob('d'), 'Restarting');
      return lost.every((name) => c?.message?.includes(`pod ${name} was disrupted (Deleted)`)) && c;
    });
    expect(restarting.message).toBe(
      lost
        .map((name) => `TFJob d is restarting because pod ${name} was disrupted (Deleted).`)
        .join(' '),
    );
    for (const name of lost) await podsClient().delete(name, { gracePeriodSeconds: 0 });
    const kubelet = await LocalKubelet.start({
      server: env.server,
      namespace: env.namespace,
      script: () => ({ phase: 'Running' }),
    });
    try {
      await env.eventually('both replaced and running', async () => {
        const pods = await Promise.all(lost.map(podNamed));
        return pods.every((p, i) => p?.metadata!.uid !== old[i] && p?.status?.phase === 'Running');
      });
      await env.jobWith('d', 'Running');
      expect(restartingEvents()).toHaveLength(2);
    } finally {
      await kubelet.stop();
    }
  });
});

describe('TFJob controller: resumed (by a restarted controller) while the suspended pods still terminate', () => {
  withEnv();
  it('replaces them once gone without calling it a restart', async () => {
    await startJob('Never');
    await env.kubelet.stop(); // nothing completes the deletions for now
    const suspend = (value: boolean) =>
      env.editJob('d', (job) => (job.spec!.runPolicy!.suspend = value));
    await suspend(true);
    await env.jobWith('d', 'Suspended');
    await env.eventually('3 terminating', async () => {
      const pods = await env.pods();
      return pods.length === 3 && pods.every((p) => p.metadata!.deletionTimestamp);
    });
    await suspend(false);
    // the suspend's deletions are never observed while the pods terminate: only a fresh
    // controller (its expectations gone) reconciles the resumed job before they are gone
    await env.restartController();
    await env.eventually('resumed', async () =>
      (await env.getJob('d')).status?.conditions?.some(
        (c) => c.type === 'Suspended' && c.status === 'False',
      ),
    );
    const old = (await env.pods()).map((p) => p.metadata!.uid);
    for (const pod of await env.pods())
      await podsClient().delete(pod.metadata!.name!, { gracePeriodSeconds: 0 });
    const kubelet = await LocalKubelet.start({
      server: env.server,
      namespace: env.namespace,
      script: () => ({ phase: 'Running' }),
    });
    try {
      await env.eventually('3 new pods running', async () => {
        const pods = await env.pods();
        return (
          pods.length === 3 &&
          pods.every((p) => !old.includes(p.metadata!.uid) && p.status?.phase === 'Running')
        );
      });
      await env.jobWith('d', 'Running');
      expect(restartingEvents()).toEqual([]);
    } finally {
      await kubelet.stop();
    }
  });
});

describe('TFJob controller: a replica evicted and gone before a reconcile recorded it', () => {
  withEnv();
  it('announces its restart once, from the pod the informer saw deleted', async () => {
    const uid = await startJob('Never');
    // every status write of the job fails until the evicted pod is replaced: the reconciles that
    // see it terminating cannot record its restart, and later ones no longer see it
    env.server.embedded!.faults.failRequests({
      share: 1,
      code: 500,
      match: ({ method, path }) => method === 'PUT' && path.endsWith('/tfjobs/d/status'),
    });
    await podsClient().evict('d-worker-1');
    await env.eventually('replacement created', async () => {
      const pod = await podNamed('d-worker-1');
      return pod && pod.metadata!.uid !== uid;
    });
    env.server.embedded!.faults.clear();
    // every failed reconcile doubled the job's retry delay: an update of the job brings it back
    await env.editJob('d', (job) => {
      job.metadata!.annotations = { ...job.metadata!.annotations, poked: 'true' };
    });
    // the job was Running all along (no status write got through): wait for the announcement
    await env.eventually('restart announced', async () => restartingEvents().length > 0);
    await expectReplaced(uid, /^ \((Deleted|EvictionByEvictionAPI)\)\.$/);
    expect(env.errors.length).toBeGreaterThan(0);
  });
});
