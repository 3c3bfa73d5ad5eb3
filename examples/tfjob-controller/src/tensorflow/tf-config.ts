import type { TFJob } from '../generated/kubeflow.org/v1';
import {
  DefaultContainerName,
  DefaultPort,
  DefaultPortName,
  ReplicaTypes,
} from '../apis/constants';
import { podName } from '../apis/names';
import type { FieldProblem } from '../apis/validation';

/** `cluster` of TF_CONFIG: lower-case replica type -> `host:port` of each replica. */
export type ClusterSpec = Record<string, string[]>;

/** Options of {@link genTFConfig}. */
export interface TFConfigOptions {
  /** Appended to `{svc}.{namespace}.svc` (upstream reads the CUSTOM_CLUSTER_DOMAIN env var). */
  clusterDomain?: string;
}

/** The port replicas of `type` serve on: the `tfjob-port` of their `tensorflow` container. */
export function replicaPort(job: TFJob, type: string): number {
  const containers =
    (
      job.spec?.tfReplicaSpecs?.[type]?.template as
        | {
            spec?: {
              containers?: { name?: string; ports?: { name?: string; containerPort?: number }[] }[];
            };
          }
        | undefined
    )?.spec?.containers ?? [];
  const port = containers
    .find((c) => c.name === DefaultContainerName)
    ?.ports?.find((p) => p.name === DefaultPortName)?.containerPort;
  return port ?? DefaultPort;
}

/**
 * Every replica's service address, keyed by lower-case replica type (Evaluator included):
 * `{job}-{type}-{i}.{namespace}.svc[.{clusterDomain}]:{port}`.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/tensorflow/tensorflow.go (genClusterSpec)
 */
export function genClusterSpec(job: TFJob, options: TFConfigOptions = {}): ClusterSpec {
  const name = job.metadata?.name ?? '';
  const namespace = job.metadata?.namespace ?? 'default';
  const cluster: ClusterSpec = {};
  for (const [type, spec] of Object.entries(job.spec?.tfReplicaSpecs ?? {})) {
    if (!spec) continue;
    const port = replicaPort(job, type);
    const hosts: string[] = [];
    for (let i = 0; i < (spec.replicas ?? 1); i++) {
      let host = `${podName(name, type, i)}.${namespace}.svc`;
      if (options.clusterDomain) host += `.${options.clusterDomain}`;
      hosts.push(`${host}:${port}`);
    }
    cluster[type.toLowerCase()] = hosts;
  }
  return cluster;
}

/**
 * True when the job has more than one replica in total: only then do pods get TF_CONFIG.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/tensorflow/util.go (isDistributed)
 */
export function isDistributed(job: TFJob): boolean {
  let count = 0;
  for (const type of ReplicaTypes) {
    const spec = job.spec?.tfReplicaSpecs?.[type];
    if (spec) count += spec.replicas ?? 1;
  }
  return count !== 1;
}

/**
 * The TF_CONFIG value of replica `index` of `type`, or undefined for a non-distributed job.
 * The JSON is byte-for-byte upstream's: `{"cluster":{…sorted keys…},"task":{"type":…,"index":…},
 * "environment":"cloud"}`; with `enableDynamicWorker` the sparse form
 * `{"cluster":{"worker":{"<i>":…},"ps":[…]},"task":{…}}` (a worker sees itself and the PS, a
 * PS only itself).
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/tensorflow/tensorflow.go (genTFConfigJSONStr)
 */
export function genTFConfig(
  job: TFJob,
  type: string,
  index: number,
  options: TFConfigOptions = {},
): string | undefined {
  if (!isDistributed(job)) return undefined;
  const cluster = genClusterSpec(job, options);
  const task = { type: type.toLowerCase(), index };
  if (job.spec?.enableDynamicWorker) {
    const worker: Record<string, string> = {};
    let ps: string[] = [];
    if (task.type === 'ps') {
      const self = cluster.ps?.[index];
      ps = self ? [self] : [];
    } else if (task.type === 'worker') {
      ps = cluster.ps ?? [];
      const self = cluster.worker?.[index];
      if (self) worker[String(index)] = self;
    }
    return JSON.stringify({ cluster: { worker, ps }, task });
  }
  const sorted: ClusterSpec = {};
  for (const key of Object.keys(cluster).sort()) sorted[key] = cluster[key]!;
  return JSON.stringify({ cluster: sorted, task, environment: 'cloud' });
}

/**
 * The largest TF_CONFIG a pod may get: 64 KiB. Every pod of a job carries the whole cluster
 * spec, so a job's TF_CONFIG bytes grow with the square of its replicas (20,000 replicas made
 * 0.9 MB per pod and exhausted the API server), and Linux refuses an environment string over
 * 128 KiB (MAX_ARG_STRLEN) when the container starts.
 */
export const MaxTFConfigBytes = 64 * 1024;

/** No replica address is shorter than this (`"a-ps-0.b.svc:1",`): bounds the check below. */
const MinHostBytes = 16;

/**
 * A problem when some pod's TF_CONFIG would exceed {@link MaxTFConfigBytes} (use fewer
 * replicas or `enableDynamicWorker`, whose TF_CONFIG names only the worker itself and the PS).
 * A job with too many addresses for the bound is rejected without building any TF_CONFIG;
 * otherwise the largest one of each replica type (its last index) is measured.
 */
export function tfConfigProblems(job: TFJob, options: TFConfigOptions = {}): FieldProblem[] {
  const specs = Object.entries(job.spec?.tfReplicaSpecs ?? {});
  const count = (type: string) => specs.find(([t]) => t === type)?.[1]?.replicas ?? 0;
  const hosts = job.spec?.enableDynamicWorker
    ? count('PS') + 1
    : specs.reduce((n, [, spec]) => n + (spec ? (spec.replicas ?? 1) : 0), 0);
  const problem = (bytes: string): FieldProblem[] => [
    {
      field: 'spec.tfReplicaSpecs',
      message: `Invalid value: each pod's TF_CONFIG would take ${bytes} bytes, more than ${MaxTFConfigBytes}: use fewer replicas or enableDynamicWorker`,
    },
  ];
  if (hosts * MinHostBytes > MaxTFConfigBytes) return problem(`at least ${hosts * MinHostBytes}`);
  let largest = 0;
  for (const [type, spec] of specs) {
    if (!spec) continue;
    const last = Math.max(0, (spec.replicas ?? 1) - 1);
    largest = Math.max(largest, genTFConfig(job, type, last, options)?.length ?? 0);
  }
  return largest > MaxTFConfigBytes ? problem(String(largest)) : [];
}
