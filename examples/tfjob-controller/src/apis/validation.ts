import type { TFJob } from '../generated/kubeflow.org/v1';
import { DefaultContainerName, ReplicaTypes, RestartPolicies } from './constants';
import { podName } from './names';

/** One problem of a TFJob, at a field path such as `spec.tfReplicaSpecs[Worker].replicas`. */
export interface FieldProblem {
  field: string;
  message: string;
}

const Dns1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The most replicas of one type (the CRD schema's `maximum` too). Far more than a TFJob has, and
 * far below what would make the controller allocate per-index state out of memory.
 */
export const MaxReplicasPerType = 10_000;
const MaxNameLength = 63;

/**
 * Validates a (defaulted) TFJob as training-operator's webhook does, and a little more: the
 * name is a DNS-1035 label, `tfReplicaSpecs` is present with no null entry, each has
 * containers, each container an image, a container named `tensorflow`, at most one Chief or
 * Master, `0 <= replicas <= MaxReplicasPerType`, a known restartPolicy, known replica types, and every pod name
 * `{job}-{type}-{index}` fits in 63 characters. Returns the problems (empty: valid).
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/webhooks/tensorflow/tfjob_webhook.go
 */
export function validateTFJob(job: TFJob): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const add = (field: string, message: string): number => problems.push({ field, message });
  const name = job.metadata?.name ?? '';
  if (!Dns1035.test(name) || name.length > MaxNameLength)
    add(
      'metadata.name',
      `${JSON.stringify(name)} must be a DNS-1035 label: at most ${MaxNameLength} lower case alphanumeric characters or '-', starting with a letter and ending with an alphanumeric character`,
    );
  const specs = job.spec?.tfReplicaSpecs;
  if (!specs || Object.keys(specs).length === 0) {
    add('spec.tfReplicaSpecs', 'Required value: at least one replica type');
    return problems;
  }
  let chiefs = 0;
  for (const [type, spec] of Object.entries(specs)) {
    const path = `spec.tfReplicaSpecs[${type}]`;
    if (!(ReplicaTypes as readonly string[]).includes(type))
      add(path, `Unsupported value: supported replica types are ${ReplicaTypes.join(', ')}`);
    if (!spec) {
      add(path, 'Required value: the replica spec must not be null');
      continue;
    }
    if (type === 'Chief' || type === 'Master') chiefs++;
    const replicas = spec.replicas ?? 1;
    if (!Number.isInteger(replicas) || replicas < 0)
      add(`${path}.replicas`, `Invalid value: ${replicas}: must be greater than or equal to 0`);
    else if (replicas > MaxReplicasPerType)
      add(
        `${path}.replicas`,
        `Invalid value: ${replicas}: must be less than or equal to ${MaxReplicasPerType}`,
      );
    if (spec.restartPolicy && !(RestartPolicies as readonly string[]).includes(spec.restartPolicy))
      add(
        `${path}.restartPolicy`,
        `Unsupported value: ${JSON.stringify(spec.restartPolicy)}: supported values are ${RestartPolicies.join(', ')}`,
      );
    const containers = (spec.template as { spec?: { containers?: unknown } } | undefined)?.spec
      ?.containers;
    if (!Array.isArray(containers) || containers.length === 0) {
      add(`${path}.template.spec.containers`, 'Required value: at least one container');
      continue;
    }
    containers.forEach((c: { name?: string; image?: string } | null, i) => {
      if (!c?.image) add(`${path}.template.spec.containers[${i}].image`, 'Required value');
    });
    if (!containers.some((c: { name?: string } | null) => c?.name === DefaultContainerName))
      add(
        `${path}.template.spec.containers`,
        `Required value: a container named ${JSON.stringify(DefaultContainerName)}`,
      );
    if (replicas > 0 && name) {
      const longest = podName(name, type, replicas - 1);
      if (longest.length > MaxNameLength)
        add(
          'metadata.name',
          `Invalid value: pod name ${JSON.stringify(longest)} is longer than ${MaxNameLength} characters`,
        );
    }
  }
  if (chiefs > 1)
    add('spec.tfReplicaSpecs', 'Invalid value: at most one of Chief and Master may be set');
  return problems;
}

/** The problems as one message (`field: message; …`), as shown in the Failed condition. */
export function formatProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => `${p.field}: ${p.message}`).join('; ');
}
