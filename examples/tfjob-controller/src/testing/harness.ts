import { join } from 'node:path';
import * as promClient from 'prom-client';
import { isConflict } from '@kubekit/apimachinery';
import { newInformerFactory, type coreV1 } from '@kubekit/clientset';
import { RESTClient } from '@kubekit/rest';
import { FakeRecorder } from '@kubekit/record/testing';
import { startServerUnderTest, type ServerUnderTest } from '@kubekit/testing';
import { LocalKubelet, type KubeletPod, type ScriptedPodState } from '@kubekit/testing/kubelet';
import { installCrd, readCrd } from '../crd';
import { Clientset } from '../generated';
import type { TFJob } from '../generated/kubeflow.org/v1';
import { prometheusJobMetrics } from '../tensorflow/job-metrics';
import { gangSchedulerFor, podGroupsServed } from '../tensorflow/pod-group';
import { newTFJobController } from '../tensorflow/tfjob-controller';

/**
 * A running test environment: API server (embedded, or the real one with KUBEKIT_SERVER=real),
 * its own namespace, a scripted kubelet of that namespace, a TFJob controller watching it.
 */
export interface TestEnv {
  server: ServerUnderTest;
  /** The namespace of this environment: jobs, pods and services live here. */
  namespace: string;
  /** A client of the server (tests build their own controllers on it). */
  rest: RESTClient;
  /** A new client of the server (closed by `stop()`), e.g. for one more controller replica. */
  newRest(): RESTClient;
  /** The generated Clientset over `rest`: built-in groups and `kubeflowV1`. */
  clientset: Clientset;
  kubelet: LocalKubelet;
  recorder: FakeRecorder;
  /** The value of a counter of the controller's job metrics (label values in name order). */
  metric(name: string, ...labelValues: string[]): Promise<number>;
  /** Reconcile errors seen (each was retried). */
  errors: unknown[];
  /** Scripted state per pod uid or name (uid first; neither: Running). */
  phases: Map<string, ScriptedPodState>;
  /** Sets pod states and makes the kubelet apply them. */
  setPhases(states: Record<string, ScriptedPodState>): Promise<void>;
  /** Creates `job` in {@link TestEnv.namespace} (whatever its metadata says). */
  createJob(job: TFJob): Promise<TFJob>;
  getJob(name: string): Promise<TFJob>;
  /** Read-modify-write of a job's spec, retried on conflicts. */
  editJob(name: string, edit: (job: TFJob) => void): Promise<void>;
  pods(): Promise<coreV1.Pod[]>;
  services(): Promise<coreV1.Service[]>;
  /** Stops the controller (informers included) and starts a fresh one: nothing in memory survives. */
  restartController(): Promise<void>;
  /**
   * Polls until job `name` has condition `type` True, and returns it; for a condition whose
   * transition the controller announces (Created, Succeeded, Failed, Suspended), also until its
   * event (and the counters that go with it) is recorded.
   */
  jobWith(name: string, type: string): Promise<TFJob>;
  /** Polls until `fn` returns a value (60 s deadline, below the 90 s test timeout). */
  eventually<T>(what: string, fn: () => Promise<T | undefined | false>): Promise<T>;
  stop(): Promise<void>;
}

/** Conditions whose transition is announced by an event of the condition's reason and message. */
const Announced: readonly string[] = ['Created', 'Succeeded', 'Failed', 'Suspended'];

/**
 * Starts an environment; the controller's clock is `now` (default Date.now); `controller: false`
 * starts none (tests that run their own); `gangSchedulerName` turns gang scheduling on (with a
 * PodGroup watch when discovery serves PodGroups as the controller starts: install the CRD, then
 * `restartController()`); `processes: true` runs containers as local processes instead of
 * scripting them (`phases` and `setPhases` then do nothing).
 */
export async function startTestEnv(
  options: {
    now?: () => number;
    controller?: boolean;
    gangSchedulerName?: string;
    processes?: boolean;
  } = {},
): Promise<TestEnv> {
  const server = await startServerUnderTest({ embedded: { http: true } });
  const ns = await server.namespace('tfjob');
  const clients: RESTClient[] = [];
  const newRest = () => {
    const client = new RESTClient({
      server: server.url,
      caData: server.caPem,
      bearerToken: server.token,
    });
    clients.push(client);
    return client;
  };
  const rest = newRest();
  const clientset = new Clientset(rest);
  await installCrd(clientset, readCrd(join(__dirname, '../../deploy/crd.yaml')));
  const phases = new Map<string, ScriptedPodState>();
  const script = (pod: KubeletPod) =>
    phases.get(pod.metadata.uid) ?? phases.get(pod.metadata.name) ?? { phase: 'Running' };
  const kubelet = await LocalKubelet.start({
    server,
    namespace: ns,
    ...(options.processes ? {} : { script }),
  });
  const recorder = new FakeRecorder();
  const registry = new promClient.Registry();
  const jobMetrics = prometheusJobMetrics(promClient, { registry });
  const errors: unknown[] = [];
  const startController = async () => {
    const gang = options.gangSchedulerName;
    const factory = newInformerFactory({ client: rest, namespace: ns });
    const controller = newTFJobController({
      clientset,
      factory,
      recorder,
      jobMetrics,
      workers: 2,
      now: options.now,
      gangSchedulerName: gang,
      watchPodGroups: gang !== undefined && (await podGroupsServed(rest, gangSchedulerFor(gang))),
      onError: (err) => errors.push(err), // conflicts with a stale cache are retried
    });
    const stop = new AbortController();
    factory.start({ signal: stop.signal });
    const running = controller.run({ signal: stop.signal });
    return async () => {
      stop.abort();
      await running;
      await factory.shutdown();
    };
  };
  let stopController = options.controller === false ? async () => {} : await startController();
  const eventually = async <T>(
    what: string,
    fn: () => Promise<T | undefined | false>,
  ): Promise<T> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const v = await fn();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  return {
    server,
    namespace: ns,
    rest,
    newRest,
    clientset,
    kubelet,
    recorder,
    async metric(name, ...labelValues) {
      const values = (await registry.getSingleMetric(name)?.get())?.values ?? [];
      const found = values.find((v) =>
        labelValues.every((l, i) => Object.values(v.labels)[i] === l),
      );
      return found?.value ?? 0;
    },
    errors,
    phases,
    async setPhases(states) {
      for (const [k, v] of Object.entries(states)) phases.set(k, v);
      await kubelet.resync();
    },
    createJob: (job) =>
      clientset.kubeflowV1
        .tfJobs(ns)
        .create({ ...job, metadata: { ...job.metadata, namespace: ns } }),
    getJob: (name) => clientset.kubeflowV1.tfJobs(ns).get(name),
    async editJob(name, edit) {
      const jobs = clientset.kubeflowV1.tfJobs(ns);
      for (;;) {
        const job = await jobs.get(name);
        edit(job);
        try {
          await jobs.update(job);
          return;
        } catch (err) {
          if (!isConflict(err)) throw err;
        }
      }
    },
    pods: async () => (await clientset.coreV1.pods(ns).list()).items,
    services: async () => (await clientset.coreV1.services(ns).list()).items,
    eventually,
    jobWith: (name, type) =>
      eventually(`${name} ${type}`, async () => {
        const job = await clientset.kubeflowV1.tfJobs(ns).get(name);
        const c = condition(job, type);
        if (!c) return undefined;
        // the controller announces the transition once its status write has returned, which
        // may be after this read saw the status
        const event = ` ${c.reason} ${c.message}`;
        if (Announced.includes(type) && !recorder.events.some((e) => e.endsWith(event)))
          return undefined;
        return job;
      }),
    async restartController() {
      await stopController();
      stopController = await startController();
    },
    async stop() {
      await stopController();
      await kubelet.stop();
      await Promise.all(clients.map((c) => c.close()));
      await server.stop();
    },
  };
}

/**
 * A TFJob with `replicas` per type running `busybox`-like containers named tensorflow (running
 * `command` when given, for a kubelet that runs processes).
 */
export function tfJob(
  name: string,
  replicas: Record<string, number>,
  extra: {
    restartPolicy?: string;
    spec?: Partial<NonNullable<TFJob['spec']>>;
    command?: string[];
  } = {},
): TFJob {
  const specs: Record<string, unknown> = {};
  for (const [type, n] of Object.entries(replicas))
    specs[type] = {
      replicas: n,
      ...(extra.restartPolicy ? { restartPolicy: extra.restartPolicy } : {}),
      template: {
        spec: {
          containers: [
            {
              name: 'tensorflow',
              image: 'kubeflow/tf-dist-mnist-test:1.0',
              ...(extra.command ? { command: extra.command } : {}),
            },
          ],
        },
      },
    };
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name, namespace: 'default' },
    spec: { ...extra.spec, tfReplicaSpecs: specs as never },
  };
}

/** The condition of `type` with status True, if any. */
export function condition(job: TFJob, type: string) {
  return job.status?.conditions?.find((c) => c.type === type && c.status === 'True');
}
