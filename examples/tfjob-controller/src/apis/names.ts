import type { TFJob } from '../generated/kubeflow.org/v1';
import { Labels, OperatorName } from './constants';

/**
 * The name of replica `index` of type `type`: `{job}-{type lower case}-{index}`, for both its
 * pod and its headless service (upstream's GenGeneralName).
 */
export function podName(jobName: string, type: string, index: number): string {
  return `${jobName}-${type.toLowerCase()}-${index}`.replaceAll('/', '-');
}

/** Labels shared by every pod and service of the job. */
export function jobLabels(jobName: string): Record<string, string> {
  return { [Labels.operatorName]: OperatorName, [Labels.jobName]: jobName };
}

/** Labels selecting the replicas of one type (also the status `selector`, for scale). */
export function replicaTypeLabels(jobName: string, type: string): Record<string, string> {
  return { ...jobLabels(jobName), [Labels.replicaType]: type.toLowerCase() };
}

/** `k=v,…` sorted by key: a label selector string. */
export function selectorString(labels: Record<string, string>): string {
  return Object.keys(labels)
    .sort()
    .map((k) => `${k}=${labels[k]}`)
    .join(',');
}

/** True when the job has a Chief or Master replica type (which then decides success). */
export function hasChiefOrMaster(job: TFJob): boolean {
  const specs = job.spec?.tfReplicaSpecs ?? {};
  return !!(specs.Chief ?? specs.Master);
}

/** True for the replica that carries `job-role: master`: the chief (or worker 0 without one). */
export function isMasterRole(job: TFJob, type: string, index: number): boolean {
  if (hasChiefOrMaster(job)) return type === 'Chief' || type === 'Master';
  return type === 'Worker' && index === 0;
}
