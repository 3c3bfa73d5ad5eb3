/**
 * The cluster side of scenario 6b (./scenarios/tfjob-real), in the server process, against a
 * real kube-apiserver: N LocalKubelet nodes that run only the pods kube-scheduler bound to them
 * (scripted: each goes Running), the submission of the burst's TFJobs (admin client, bounded
 * concurrency), and a completion and duplicate check that follows pods and TFJobs through
 * informers: done once every job has condition Running and all its pods run; every pod uid a
 * job ever had is counted, so a duplicate create shows as a job with more than its replicas.
 */
import { Clientset, newInformerFactory } from '@kubekit/clientset';
import { RESTClient } from '@kubekit/rest';
import { LocalKubelet, type LocalKubeletOptions } from '@kubekit/testing/kubelet';
import { Clientset as TFJobClientset, type TFJob } from '@kubekit/example-tfjob-controller';
import { benchTFJob, replicasPerJob, tfjobNamespace } from './tfjob-bench-job';

/** Label of a TFJob's pods naming the job. */
const jobNameLabel = 'training.kubeflow.org/job-name';
/** Creates in flight while submitting (kube-apiserver admits 200 mutating requests at once). */
const submitConcurrency = 32;
/** Each node's capacity: room for the largest burst's pods on 10 nodes. */
const nodeCapacity = { cpu: '64', memory: '256Gi', pods: '1000', 'ephemeral-storage': '1Ti' };
/** How long the nodes may take to lose kube-apiserver's not-ready taint. */
const nodesReadyTimeoutMs = 180_000;

/** What the check saw once the burst was done. */
export interface RealBurstCheck {
  /** Distinct pods (uids) created for the job that had the most. */
  maxPodsPerJob: number;
  /** Jobs that ever had more pods than replicas (duplicates). */
  jobsWithDuplicates: number;
  /** Errors the kubelets reported (watch retries, status writes). */
  kubeletErrors: number;
}

interface PodLike {
  metadata?: { uid?: string; name?: string; labels?: Record<string, string> };
  status?: { phase?: string };
}

const isRunning = (job: TFJob) =>
  !!job.status?.conditions?.some((c) => c.type === 'Running' && c.status === 'True');

/** The nodes and the check of one burst against a real control plane. */
export class TFJobRealCluster {
  readonly #uidsByJob = new Map<string, Set<string>>();
  readonly #runningPods = new Set<string>();
  readonly #runningJobs = new Set<string>();
  #changed: (() => void) | undefined;
  #kubeletErrors = 0;
  #factory: { shutdown(): Promise<void> } | undefined;

  private constructor(
    private readonly admin: RESTClient,
    private readonly kubelets: LocalKubelet[],
    private readonly stopInformers: AbortController,
  ) {}

  /**
   * Starts `nodes` kubelets against `access` (an admin), waits until kube-controller-manager's
   * node lifecycle controller has cleared every node's not-ready taint, and syncs the check's
   * informers.
   */
  static async start(
    access: LocalKubeletOptions['server'],
    nodes: number,
  ): Promise<TFJobRealCluster> {
    const admin = new RESTClient({
      server: access.url,
      bearerToken: access.token,
      caData: access.caPem,
      qps: Infinity,
    });
    const kubelets: LocalKubelet[] = [];
    const cluster = new TFJobRealCluster(admin, kubelets, new AbortController());
    try {
      for (let i = 0; i < nodes; i++)
        kubelets.push(
          await LocalKubelet.start({
            server: access,
            nodeName: `bench-node-${i}`,
            namespace: tfjobNamespace,
            bindPods: false,
            capacity: nodeCapacity,
            script: () => ({ phase: 'Running' }),
            onError: () => cluster.#kubeletErrors++,
          }),
        );
      await waitForSchedulableNodes(new Clientset(admin), nodes);
      await cluster.#follow();
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  async #follow(): Promise<void> {
    const factory = newInformerFactory({ client: this.admin, namespace: tfjobNamespace });
    this.#factory = factory;
    const pods = factory.forResource<PodLike>({ group: '', version: 'v1', resource: 'pods' });
    const jobs = factory.forResource<TFJob>({
      group: 'kubeflow.org',
      version: 'v1',
      resource: 'tfjobs',
    });
    const notify = () => this.#changed?.();
    const seePod = (pod: PodLike) => {
      const job = pod.metadata?.labels?.[jobNameLabel];
      const { uid = '', name = '' } = pod.metadata ?? {};
      if (job === undefined) return;
      let uids = this.#uidsByJob.get(job);
      if (!uids) this.#uidsByJob.set(job, (uids = new Set()));
      uids.add(uid);
      if (pod.status?.phase === 'Running') this.#runningPods.add(name);
      else this.#runningPods.delete(name);
      notify();
    };
    pods.informer.addEventHandler({
      onAdd: seePod,
      onUpdate: (_old, pod) => seePod(pod),
      onDelete: (pod) => {
        const name = (pod as PodLike).metadata?.name;
        if (name) this.#runningPods.delete(name);
      },
    });
    const seeJob = (job: TFJob) => {
      const name = job.metadata?.name ?? '';
      if (isRunning(job)) this.#runningJobs.add(name);
      else this.#runningJobs.delete(name);
      notify();
    };
    jobs.informer.addEventHandler({ onAdd: seeJob, onUpdate: (_old, job) => seeJob(job) });
    factory.start({ signal: this.stopInformers.signal });
    await factory.waitForCacheSync(this.stopInformers.signal);
  }

  /** Creates `jobs` TFJobs (`job-0`...), at most {@link submitConcurrency} at a time. */
  async submit(jobs: number): Promise<void> {
    const client = new TFJobClientset(this.admin).kubeflowV1.tfJobs(tfjobNamespace);
    let next = 0;
    const worker = async () => {
      while (next < jobs) await client.create(benchTFJob(`job-${next++}`));
    };
    await Promise.all(Array.from({ length: Math.min(submitConcurrency, jobs) }, worker));
  }

  /**
   * Resolves once `jobs` jobs are Running with `jobs` x 4 pods Running; rejects after
   * `timeoutMs`, saying how far it got.
   */
  done(jobs: number, timeoutMs: number): Promise<RealBurstCheck> {
    return new Promise<RealBurstCheck>((resolve, reject) => {
      const finish = (err?: Error) => {
        clearTimeout(timer);
        this.#changed = undefined;
        if (err) reject(err);
        else resolve(this.#check());
      };
      const timer = setTimeout(
        () =>
          finish(
            new Error(
              `after ${timeoutMs / 1000} s: ${this.#runningJobs.size} of ${jobs} jobs Running, ` +
                `${this.#runningPods.size} of ${jobs * replicasPerJob} pods Running`,
            ),
          ),
        timeoutMs,
      );
      this.#changed = () => {
        if (this.#runningJobs.size >= jobs && this.#runningPods.size >= jobs * replicasPerJob)
          finish();
      };
      this.#changed();
    });
  }

  #check(): RealBurstCheck {
    const counts = [...this.#uidsByJob.values()].map((uids) => uids.size);
    return {
      maxPodsPerJob: Math.max(0, ...counts),
      jobsWithDuplicates: counts.filter((n) => n > replicasPerJob).length,
      kubeletErrors: this.#kubeletErrors,
    };
  }

  /** Stops the informers and the kubelets (each deletes its Node) and closes the client. */
  async stop(): Promise<void> {
    this.stopInformers.abort();
    await this.#factory?.shutdown();
    await Promise.all(this.kubelets.map((k) => k.stop()));
    await this.admin.close();
  }
}

/**
 * Resolves once `count` nodes are Ready without the `node.kubernetes.io/not-ready` taint
 * (kube-apiserver puts it on every new Node; the node lifecycle controller removes it), so
 * kube-scheduler can place pods; polls every 500 ms, rejects after {@link nodesReadyTimeoutMs}.
 */
async function waitForSchedulableNodes(client: Clientset, count: number): Promise<void> {
  const deadline = performance.now() + nodesReadyTimeoutMs;
  for (;;) {
    const nodes = (await client.coreV1.nodes().list()).items;
    const schedulable = nodes.filter(
      (n) =>
        !n.spec?.taints?.some((t) => t.key === 'node.kubernetes.io/not-ready') &&
        n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
    );
    if (schedulable.length >= count) return;
    if (performance.now() > deadline)
      throw new Error(
        `${schedulable.length} of ${count} nodes schedulable after ${nodesReadyTimeoutMs / 1000} s ` +
          '(is the node lifecycle controller running?)',
      );
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
