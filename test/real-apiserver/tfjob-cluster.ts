import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { newInformerFactory, type coreV1 } from '@kubekit/clientset';
import { FakeRecorder } from '@kubekit/record/testing';
import { RESTClient } from '@kubekit/rest';
import { LocalKubelet, type KubeletPod, type ScriptedPodState } from '@kubekit/testing/kubelet';
import {
  Clientset,
  installCrd,
  newTFJobController,
  readCrd,
  type TFJob,
} from '@kubekit/example-tfjob-controller';
import {
  CONTROL_PLANE,
  DEFAULT_CONTROLLERS,
  findModuleDir,
  GANG_SCHEDULER_NAME,
  NODE_LIFECYCLE_CONTROLLERS,
  startRealApiServer,
  type RealApiServer,
} from './index';

const execFileAsync = promisify(execFile);

/**
 * Node-loss timings of {@link startTfjobCluster}'s control plane: a node whose kubelet stops
 * renewing its Lease (every 10 s) is `Unknown` and tainted `unreachable` after 30 s (upstream
 * 50 s), and its pods are evicted 5 s later (the default tolerations of the DefaultTolerationSeconds
 * admission plugin; upstream 300 s).
 */
export const NODE_MONITOR_GRACE_SECONDS = 30;
export const TOLERATION_SECONDS = 5;

/**
 * With gang scheduling: how long a pod stays among kube-scheduler's unschedulable pods before
 * it is tried again regardless of cluster events (`--pod-max-in-unschedulable-pods-duration`,
 * upstream 5 min; the queue checks every 30 s). Coscheduling (scheduler-plugins v0.34.7) asks to
 * be woken only by pod creations and PodGroup changes, so a gang it rejected for want of
 * resources is not retried when a node is added or other pods finish: only this timeout (or
 * any new pod in the cluster) retries it.
 */
export const UNSCHEDULABLE_RETRY_SECONDS = 5;

/**
 * A full control plane (kube-apiserver, etcd, kube-scheduler, kube-controller-manager with node
 * lifecycle, taint eviction and pod garbage collection) with short node-loss timings, the TFJob
 * CRD, one namespace, scripted LocalKubelet nodes that leave binding to kube-scheduler, and the
 * TFJob controller running as the least-privileged `tfjob-controller` user.
 */
export interface TfjobCluster {
  readonly server: RealApiServer;
  readonly namespace: string;
  /** Admin clients (the test acts as the cluster operator). */
  readonly clientset: Clientset;
  /** The kubelets, one per node, by node name. */
  readonly kubelets: Map<string, LocalKubelet>;
  /** Events the TFJob controller recorded, as `<type> <reason> <message>`. */
  readonly events: string[];
  /** How long starting the control plane took, and everything else, in ms. */
  readonly startMs: { controlPlane: number; total: number };
  /** Runs kubectl as the admin against this cluster; resolves with its stdout. */
  kubectl(...args: string[]): Promise<string>;
  /** Starts the LocalKubelet of one more node (same capacity) and waits until it is Ready. */
  addNode(name: string): Promise<void>;
  /** Makes every scripted pod whose name matches `names` take state `state` now. */
  script(names: RegExp, state: ScriptedPodState): Promise<void>;
  createJob(job: TFJob): Promise<TFJob>;
  getJob(name: string): Promise<TFJob>;
  /** The job's pods that are not being deleted, by name. */
  livePods(job: string): Promise<Map<string, coreV1.Pod>>;
  /** Polls `probe` every 250 ms until it returns a value; throws naming `what` after `timeoutMs`. */
  eventually<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>): Promise<T>;
  stop(): Promise<void>;
}

/** Options of {@link startTfjobCluster}. */
export interface TfjobClusterOptions {
  /**
   * Gang scheduling: the control plane runs scheduler-plugins' Coscheduling profile
   * (startRealApiServer's `gangScheduling`) and the TFJob controller creates a PodGroup per job
   * and gives its pods that profile (`gangSchedulerName`). Default false.
   */
  readonly gangScheduling?: boolean;
  /** Each node's capacity (LocalKubelet's `capacity`); default LocalKubelet's. */
  readonly capacity?: Record<string, string>;
}

/**
 * Starts a {@link TfjobCluster} with `nodes` (names of LocalKubelet nodes, scripted: every pod
 * runs until {@link TfjobCluster.script} says otherwise). Waits until kube-controller-manager has
 * seen every node Ready (it lifts the `not-ready` taint admission puts on new Nodes).
 */
export async function startTfjobCluster(
  nodes: readonly string[],
  options: TfjobClusterOptions = {},
): Promise<TfjobCluster> {
  const begin = performance.now();
  const server = await startRealApiServer({
    build: false,
    gangScheduling: options.gangScheduling,
    components: CONTROL_PLANE,
    controllers: [...DEFAULT_CONTROLLERS, ...NODE_LIFECYCLE_CONTROLLERS],
    componentArgs: {
      ...(options.gangScheduling && {
        'kube-scheduler': [
          `--pod-max-in-unschedulable-pods-duration=${UNSCHEDULABLE_RETRY_SECONDS}s`,
        ],
      }),
      'kube-controller-manager': [
        '--node-monitor-period=1s',
        `--node-monitor-grace-period=${NODE_MONITOR_GRACE_SECONDS}s`,
      ],
    },
    extraApiServerArgs: [
      `--default-not-ready-toleration-seconds=${TOLERATION_SECONDS}`,
      `--default-unreachable-toleration-seconds=${TOLERATION_SECONDS}`,
    ],
  });
  const controlPlane = performance.now() - begin;
  const clients: RESTClient[] = [];
  const kubelets = new Map<string, LocalKubelet>();
  const stopController = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const stop = async () => {
    stopController.abort();
    await running;
    await Promise.all([...kubelets.values()].map((k) => k.stop()));
    await Promise.all(clients.map((c) => c.close()));
    await server.stop();
  };
  try {
    const client = (token: string) => {
      const rest = new RESTClient({ server: server.url, caData: server.caPem, bearerToken: token });
      clients.push(rest);
      return rest;
    };
    const clientset = new Clientset(client(server.token));
    const crdFile = join(findModuleDir(), '../../examples/tfjob-controller/deploy/crd.yaml');
    await installCrd(clientset, readCrd(crdFile));
    const namespace = 'tfjobs';
    await clientset.coreV1.namespaces().create({ metadata: { name: namespace } });

    const states = new Map<string, ScriptedPodState>();
    const script = (pod: KubeletPod) => states.get(pod.metadata.name) ?? { phase: 'Running' };
    const access = { url: server.url, token: server.token, caPem: server.caPem };
    const { capacity } = options;
    const startKubelet = async (nodeName: string) => {
      kubelets.set(
        nodeName,
        await LocalKubelet.start({
          server: access,
          nodeName,
          namespace,
          bindPods: false,
          script,
          capacity,
        }),
      );
    };
    for (const nodeName of nodes) await startKubelet(nodeName);

    const controllerClientset = new Clientset(client(server.tfjobControllerToken));
    const factory = newInformerFactory({ client: controllerClientset.restClient, namespace });
    const recorder = new FakeRecorder();
    const controller = newTFJobController({
      clientset: controllerClientset,
      factory,
      recorder,
      workers: 2,
      onError: () => {}, // conflicts with a lagging cache are retried
      ...(options.gangScheduling && { gangSchedulerName: GANG_SCHEDULER_NAME }),
    });
    factory.start({ signal: stopController.signal });
    running = controller.run({ signal: stopController.signal }).then(() => factory.shutdown());

    /** Waits until `count` nodes are Ready and untainted. */
    const nodesReady = (count: number) =>
      eventually(`${count} nodes Ready and schedulable`, 60_000, async () => {
        const all = (await clientset.coreV1.nodes().list()).items;
        const ready = all.filter(
          (n) =>
            n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') &&
            !n.spec?.taints?.length,
        );
        return ready.length === count ? true : undefined;
      });
    const kubeconfigFile = join(server.workDir, 'admin.kubeconfig');
    await writeFile(kubeconfigFile, server.kubeconfigYaml, { mode: 0o600 });
    const cluster: TfjobCluster = {
      server,
      namespace,
      clientset,
      kubelets,
      events: recorder.events,
      startMs: { controlPlane, total: 0 },
      async addNode(name) {
        await startKubelet(name);
        await nodesReady(kubelets.size);
      },
      async kubectl(...args) {
        const run = execFileAsync('kubectl', ['--kubeconfig', kubeconfigFile, ...args], {
          timeout: 180_000,
        });
        return (await run).stdout;
      },
      async script(names, state) {
        for (const pod of (await clientset.coreV1.pods(namespace).list()).items)
          if (names.test(pod.metadata!.name!)) states.set(pod.metadata!.name!, state);
        await Promise.all([...kubelets.values()].map((k) => k.resync()));
      },
      createJob: (job) => clientset.kubeflowV1.tfJobs(namespace).create(job),
      getJob: (name) => clientset.kubeflowV1.tfJobs(namespace).get(name),
      async livePods(job) {
        const list = await clientset.coreV1.pods(namespace).list({
          labelSelector: `training.kubeflow.org/job-name=${job}`,
        });
        const live = list.items.filter((p) => !p.metadata!.deletionTimestamp);
        return new Map(live.map((p) => [p.metadata!.name!, p]));
      },
      eventually,
      stop,
    };
    await nodesReady(nodes.length);
    cluster.startMs.total = performance.now() - begin;
    return cluster;
  } catch (err) {
    await stop();
    throw err;
  }
}

async function eventually<T>(
  what: string,
  timeoutMs: number,
  probe: () => Promise<T | undefined>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** A condition of a TFJob's status. */
export type JobCondition = NonNullable<NonNullable<TFJob['status']>['conditions']>[number];

/** Condition `type` of `job` when it is True. */
export function jobCondition(job: TFJob, type: string): JobCondition | undefined {
  return job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
}

/**
 * A TFJob of one PS and `workers` workers (default 2; scripted pods: the image is never pulled),
 * each container requesting `cpu` when given.
 */
export function psWorkerJob(name: string, options: { workers?: number; cpu?: string } = {}): TFJob {
  const container = {
    name: 'tensorflow',
    image: 'kubeflow/tf-dist-mnist-test:1.0',
    ...(options.cpu && { resources: { requests: { cpu: options.cpu } } }),
  };
  const replica = (replicas: number) => ({
    replicas,
    restartPolicy: 'OnFailure',
    template: { spec: { containers: [container] } },
  });
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name },
    spec: { tfReplicaSpecs: { PS: replica(1), Worker: replica(options.workers ?? 2) } as never },
  };
}
