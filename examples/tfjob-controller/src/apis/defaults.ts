import type { TFJob, TFJobSpecTfReplicaSpec } from '../generated/kubeflow.org/v1';
import { DefaultContainerName, DefaultPort, DefaultPortName, ReplicaTypes } from './constants';

interface ContainerLike {
  name?: string;
  ports?: { name?: string; containerPort?: number }[];
}

/**
 * The TFJob with upstream's defaults applied (a new object; `job` is not modified): replica type
 * keys normalised case-insensitively (`ps` -> `PS`, `worker` -> `Worker`), `replicas` 1,
 * `restartPolicy` Never, `runPolicy.cleanPodPolicy` None, `successPolicy` "", and a
 * `tfjob-port` 2222 on the `tensorflow` container when it has none.
 *
 * Unlike upstream (which defaults in memory on every sync) the controller persists the result,
 * so `kubectl get -o yaml` shows what the controller acts on.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/apis/kubeflow.org/v1/tensorflow_defaults.go
 */
export function withDefaults(job: TFJob): TFJob {
  const out = structuredClone(job);
  // a job stored before the schema required tfReplicaSpecs may have no spec at all
  const spec = (out.spec ??= {} as NonNullable<TFJob['spec']>);
  spec.successPolicy ??= '';
  const runPolicy = (spec.runPolicy ??= {});
  runPolicy.cleanPodPolicy ??= 'None';
  if (!spec.tfReplicaSpecs) return out;
  const specs: Record<string, TFJobSpecTfReplicaSpec | null> = {};
  for (const [key, replica] of Object.entries(spec.tfReplicaSpecs)) {
    specs[canonicalType(key)] = replica;
    if (!replica) continue;
    replica.replicas ??= 1;
    replica.restartPolicy ??= 'Never';
    addDefaultPort(replica);
  }
  spec.tfReplicaSpecs = specs;
  return out;
}

/**
 * True when {@link withDefaults} would change nothing in `job`'s spec: every default is set and
 * every replica type key is canonical. Lets the controller use a cached job as it is, without
 * copying it, on every reconcile but the one that persists the defaults.
 */
export function hasDefaults(job: TFJob): boolean {
  const spec = job.spec;
  if (!spec || spec.successPolicy == null || spec.runPolicy?.cleanPodPolicy == null) return false;
  if (!spec.tfReplicaSpecs) return true;
  return Object.entries(spec.tfReplicaSpecs).every(
    ([key, replica]) =>
      canonicalType(key) === key &&
      (!replica ||
        (replica.replicas != null && replica.restartPolicy != null && !needsPort(replica))),
  );
}

/** True when the replica's `tensorflow` container has no `tfjob-port`. */
function needsPort(replica: TFJobSpecTfReplicaSpec): boolean {
  const container = tensorflowContainer(replica);
  return !!container && !container.ports?.some((p) => p.name === DefaultPortName);
}

function canonicalType(key: string): string {
  return ReplicaTypes.find((t) => t.toLowerCase() === key.toLowerCase()) ?? key;
}

function tensorflowContainer(replica: TFJobSpecTfReplicaSpec): ContainerLike | undefined {
  const podSpec = (replica.template as { spec?: { containers?: ContainerLike[] } } | undefined)
    ?.spec;
  return podSpec?.containers?.find((c) => c?.name === DefaultContainerName);
}

function addDefaultPort(replica: TFJobSpecTfReplicaSpec): void {
  if (needsPort(replica))
    (tensorflowContainer(replica)!.ports ??= []).push({
      name: DefaultPortName,
      containerPort: DefaultPort,
    });
}
