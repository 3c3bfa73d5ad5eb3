import type { KubeObject } from '@kubekit/apimachinery';
import { newManager, newControllerExpectations, type Logger } from '@kubekit/controller';
import { RESTClient } from '@kubekit/rest';
import type { KubeletPod, SimPodPlan, SimulationOptions } from '@kubekit/testing';
import { Labels } from '../apis/constants';
import type { TFJob } from '../generated/kubeflow.org/v1';
import { addTFJobController } from '../tensorflow/tfjob-controller';
import { tfJobInvariants } from './tfjob-invariants';

const tfJobsRef = { group: 'kubeflow.org', resource: 'tfjobs' };
const isFinished = (job: TFJob): boolean =>
  !!job.status?.conditions?.some(
    (c) => (c.type === 'Succeeded' || c.type === 'Failed') && c.status === 'True',
  );

/** The namespace the simulated jobs run in. */
const namespace = 'sim';
/** How a job's workers end: `ok` exit 0; `flaky` some exit 137 (retryable); `fail` worker 0 exits 1. */
const exitAnnotation = 'simulation.kubekit.dev/exit';
type ExitMode = 'ok' | 'flaky' | 'fail';

/** Options of {@link tfJobSimulation}. */
export interface TFJobSimulationOptions {
  /** The TFJob CRD (`readCrd('deploy/crd.yaml')`). */
  crd: Record<string, unknown>;
  /** Controller managers with leader election (default 2). */
  managers?: number;
  /** Jobs the workload creates, spread over the first half of `durationMs` (default 4). */
  jobs?: number;
  /** Simulated time with faults (default 60 s). */
  durationMs?: number;
}

/**
 * `simulate()` options running the TFJob controller (`addTFJobController` on `newManager`,
 * with leader election between `managers` replicas) against jobs with PS and workers under the
 * seed's faults, checking {@link tfJobInvariants}.
 */
export function tfJobSimulation(options: TFJobSimulationOptions): Omit<SimulationOptions, 'seed'> {
  return {
    managers: options.managers ?? 2,
    durationMs: options.durationMs ?? 60_000,
    setup: async (env) => {
      env.storage.create({ resource: 'namespaces' }, { metadata: { name: namespace } });
      env.storage.create(
        { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
        options.crd as KubeObject,
      );
      await env.sleep(100); // the CRD is established by the server's own controller
    },
    manager: async (ctx) => {
      const restClient = new RESTClient(ctx.config, { transport: ctx.transport, clock: ctx.clock });
      const mgr = newManager({
        name: 'tfjob-controller',
        restClient,
        namespace,
        clock: ctx.clock,
        healthAddress: '0',
        metricsAddress: '0',
        log: traceLogger(ctx.log),
        leaderElection: {
          id: 'tfjob-controller',
          namespace,
          identity: `${ctx.name}-${ctx.incarnation}`,
        },
      });
      addTFJobController(mgr, {
        workers: 2,
        now: () => ctx.clock.now(),
        expectations: newControllerExpectations({ clock: ctx.clock }),
        // retried with backoff; the trace shows each failure
        onError: (err, key) => ctx.log(`reconcile ${key} failed: ${String(err)}`),
      });
      const cache = (group: string, resource: string) =>
        mgr.informers.forResource({ group, version: 'v1', resource }).informer.getStore();
      const jobs = cache('kubeflow.org', 'tfjobs');
      const pods = cache('', 'pods');
      ctx.exposeCache({ group: 'kubeflow.org', resource: 'tfjobs' }, () => jobs.list(), namespace);
      ctx.exposeCache({ resource: 'pods' }, () => pods.list(), namespace);
      await mgr.start({ signal: ctx.signal });
    },
    workload: async (env) => {
      const modes: ExitMode[] = ['ok', 'flaky', 'fail'];
      const count = options.jobs ?? 4;
      // spread over the first half of the faults, so jobs run while faults happen
      const gap = Math.floor((options.durationMs ?? 60_000) / 2 / count);
      for (let i = 0; i < count; i++) {
        // Math.random is the seed's stream inside a simulation
        const mode = modes[Math.floor(Math.random() * modes.length)]!;
        const workers = 1 + Math.floor(Math.random() * 3);
        const ps = Math.floor(Math.random() * 2);
        env.storage.create(
          { group: 'kubeflow.org', resource: 'tfjobs' },
          jobFor(`job-${i}`, mode, workers, ps),
        );
        env.log(`created job-${i}: ${workers} workers, ${ps} PS, ${mode}`);
        await env.sleep(gap);
      }
      // users change their minds: one job scaled, one deleted while it runs
      const jobs = env.storage.list<TFJob>(tfJobsRef, namespace);
      const scaled = jobs[Math.floor(Math.random() * jobs.length)];
      const worker = scaled?.spec?.tfReplicaSpecs['Worker'];
      if (scaled && worker && !isFinished(scaled)) {
        worker.replicas = 1 + Math.floor(Math.random() * 4);
        env.storage.update(tfJobsRef, scaled);
        env.log(`scaled ${scaled.metadata!.name} to ${worker.replicas} workers`);
      }
      await env.sleep(5000);
      const doomed = env.storage.list<TFJob>(tfJobsRef, namespace).find((j) => !isFinished(j));
      if (doomed) {
        env.storage.delete(tfJobsRef, doomed.metadata!.name!, namespace);
        env.log(`deleted ${doomed.metadata!.name}`);
      }
    },
    invariants: tfJobInvariants,
    pods: podPlan,
  };
}

/** Workers run 5 to 25 s and exit as their job's mode says; PS run until deleted. */
function podPlan(pod: KubeletPod): SimPodPlan | undefined {
  const labels = pod.metadata.labels ?? {};
  const type = labels[Labels.replicaType];
  if (type === undefined || type === 'ps') return undefined;
  const h = hash(pod.metadata.uid);
  const mode = (pod as { metadata: { annotations?: Record<string, string> } }).metadata
    .annotations?.[exitAnnotation];
  const index = labels[Labels.replicaIndex];
  const exitCode = mode === 'flaky' && h % 3 === 0 ? 137 : mode === 'fail' && index === '0' ? 1 : 0;
  return { runMs: 5000 + (h % 20_000), exitCode };
}

/** A TFJob of `workers` workers and `ps` parameter servers, restarting on retryable exit codes. */
function jobFor(name: string, mode: ExitMode, workers: number, ps: number): TFJob {
  const replica = (replicas: number) => ({
    replicas,
    restartPolicy: 'ExitCode' as const,
    template: {
      metadata: { annotations: { [exitAnnotation]: mode } },
      spec: { containers: [{ name: 'tensorflow', image: 'kubeflow/tf-dist-mnist-test:1.0' }] },
    },
  });
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name, namespace },
    spec: {
      runPolicy: { backoffLimit: 6 },
      tfReplicaSpecs: { Worker: replica(workers), ...(ps > 0 ? { PS: replica(ps) } : {}) },
    },
  } as TFJob;
}

/** A stable number from a string (FNV-1a). */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Errors and info lines go to the trace; debug lines are dropped. */
function traceLogger(log: (line: string) => void, fields = ''): Logger {
  return {
    debug: () => undefined,
    info: (message) => log(`${message}${fields}`),
    error: (message, f) => log(`error: ${message}${fields} ${JSON.stringify(f ?? {})}`),
    with: (more) => traceLogger(log, `${fields} ${JSON.stringify(more)}`),
  };
}
