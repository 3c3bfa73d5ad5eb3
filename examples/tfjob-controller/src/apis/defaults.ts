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
    const canonical = ReplicaTypes.find((t) => t.toLowerCase() === key.toLowerCase()) ?? key;
    specs[canonical] = replica;
    if (!replica) continue;
    replica.replicas ??= 1;
    replica.restartPolicy ??= 'Never';
    addDefaultPort(replica);
  }
  spec.tfReplicaSpecs = specs;
  return out;
}

function addDefaultPort(replica: TFJobSpecTfReplicaSpec): void {
  const podSpec = (replica.template as { spec?: { containers?: ContainerLike[] } } | undefined)
    ?.spec;
  const container = podSpec?.containers?.find((c) => c?.name === DefaultContainerName);
  if (!container) return;
  const ports = (container.ports ??= []);
  if (!ports.some((p) => p.name === DefaultPortName))
    ports.push({ name: DefaultPortName, containerPort: DefaultPort });
}
