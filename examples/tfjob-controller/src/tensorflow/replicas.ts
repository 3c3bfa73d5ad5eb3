import { newControllerRef } from '@kubekit/apimachinery';
import type { coreV1 } from '@kubekit/clientset';
import type { TFJob } from '../generated/kubeflow.org/v1';
import { DefaultContainerName, DefaultPortName, Labels, TFJobGvk } from '../apis/constants';
import { isMasterRole, jobLabels, podName } from '../apis/names';
import { genTFConfig, replicaPort, type TFConfigOptions } from './tf-config';

/** Labels of replica `index` of `type` (pod and service alike). */
export function replicaLabels(job: TFJob, type: string, index: number): Record<string, string> {
  const labels: Record<string, string> = {
    ...jobLabels(job.metadata!.name!),
    [Labels.replicaType]: type.toLowerCase(),
    [Labels.replicaIndex]: String(index),
  };
  if (isMasterRole(job, type, index)) labels[Labels.jobRole] = 'master';
  return labels;
}

/**
 * The pod of replica `index` of `type`: the replica's template (labels and annotations kept)
 * named `{job}-{type}-{index}`, with the job's labels, a controller reference to the job,
 * TF_CONFIG on the `tensorflow` container (distributed jobs only) and the replica's restart
 * policy (`ExitCode` becomes `Never`: the controller decides on restarts).
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/tensorflow/tfjob_controller.go (createNewPod)
 */
export function newReplicaPod(
  job: TFJob,
  type: string,
  index: number,
  options: TFConfigOptions = {},
): coreV1.Pod {
  const spec = job.spec!.tfReplicaSpecs![type]!;
  const template = structuredClone((spec.template ?? {}) as coreV1.PodTemplateSpec);
  const podSpec = template.spec ?? { containers: [] };
  const tfConfig = genTFConfig(job, type, index, options);
  if (tfConfig !== undefined) {
    for (const c of podSpec.containers as coreV1.Container[]) {
      if (c.name !== DefaultContainerName) continue;
      c.env = [...(c.env ?? []), { name: 'TF_CONFIG', value: tfConfig }];
    }
  }
  podSpec.restartPolicy = spec.restartPolicy === 'ExitCode' ? 'Never' : spec.restartPolicy;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...template.metadata,
      name: podName(job.metadata!.name!, type, index),
      namespace: job.metadata!.namespace,
      labels: { ...template.metadata?.labels, ...replicaLabels(job, type, index) },
      ownerReferences: [newControllerRef(job, TFJobGvk)],
    },
    spec: podSpec,
  };
}

/**
 * The headless service of replica `index` of `type`: same name and labels as its pod, selecting
 * exactly that pod, exposing every port of the replica's `tensorflow` container (upstream's
 * GetPortsFromJob; an unnamed port is named `port-<number>`, as a multi-port service needs
 * names), `tfjob-port` when it declares none.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/common/service.go (CreateNewService)
 */
export function newReplicaService(job: TFJob, type: string, index: number): coreV1.Service {
  const labels = replicaLabels(job, type, index);
  const declared = tensorflowContainer(job, type)?.ports ?? [];
  const ports: coreV1.ServicePort[] = declared.map((p) => ({
    name: p.name ?? `port-${p.containerPort}`,
    port: p.containerPort,
    ...(p.protocol ? { protocol: p.protocol } : {}),
  }));
  if (ports.length === 0) ports.push({ name: DefaultPortName, port: replicaPort(job, type) });
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: podName(job.metadata!.name!, type, index),
      namespace: job.metadata!.namespace,
      labels,
      ownerReferences: [newControllerRef(job, TFJobGvk)],
    },
    spec: {
      clusterIP: 'None',
      selector: labels,
      ports,
    },
  };
}

/** The `tensorflow` container of the template of replicas of `type`. */
function tensorflowContainer(job: TFJob, type: string): coreV1.Container | undefined {
  const containers = job.spec?.tfReplicaSpecs?.[type]?.template?.spec?.containers as
    coreV1.Container[] | undefined;
  return containers?.find((c) => c.name === DefaultContainerName);
}

/**
 * Objects of one replica type grouped by their `replica-index` label: slot `i` holds those of
 * index `i` (slots up to `replicas`, beyond when objects of higher indices exist).
 */
export function sliceByIndex<T extends { metadata?: { labels?: Record<string, string> } }>(
  objects: readonly T[],
  type: string,
  replicas: number,
): T[][] {
  const slices: T[][] = Array.from({ length: replicas }, () => []);
  for (const obj of objects) {
    const labels = obj.metadata?.labels ?? {};
    if (labels[Labels.replicaType] !== type.toLowerCase()) continue;
    const index = Number(labels[Labels.replicaIndex]);
    if (!Number.isInteger(index) || index < 0) continue;
    while (slices.length <= index) slices.push([]);
    slices[index]!.push(obj);
  }
  return slices;
}

/** How the `tensorflow` container of `pod` ended, if it did. */
export interface Termination {
  exitCode: number;
  reason?: string;
}

/** The termination of the `tensorflow` container (upstream reads only that one). */
export function tensorflowTermination(pod: coreV1.Pod): Termination | undefined {
  const status = pod.status?.containerStatuses?.find((c) => c.name === DefaultContainerName);
  const terminated = status?.state?.terminated;
  if (!terminated) return undefined;
  return { exitCode: terminated.exitCode, reason: terminated.reason };
}

/**
 * Upstream's IsRetryableExitCode: 128 and above mean the process was killed by a signal
 * (130 SIGINT, 137 SIGKILL/OOMKilled, 138 SIGUSR1, 143 SIGTERM) and is worth retrying; 1-127
 * are the program's own permanent errors.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/util/train/train_util.go
 */
export function isRetryableExitCode(exitCode: number): boolean {
  return exitCode >= 128;
}

/** Sum of container restarts of running pods: what counts toward backoffLimit (upstream). */
export function runningRestarts(pods: readonly coreV1.Pod[]): number {
  let total = 0;
  for (const pod of pods) {
    if (pod.status?.phase !== 'Running') continue;
    for (const s of [
      ...(pod.status.initContainerStatuses ?? []),
      ...(pod.status.containerStatuses ?? []),
    ])
      total += s.restartCount ?? 0;
  }
  return total;
}
