import { newBadRequest } from '@kubekit/apimachinery';
import type { PodLogRequest } from '../server/api-core';
import type { ContainerRecord, KubeletPod } from './kubelet-pod';

/** What the log lookup reads of a container (a ContainerProcess, or one not created yet). */
export interface LoggedContainer {
  record: Pick<ContainerRecord, 'name' | 'state' | 'lastState'>;
  logs: string;
  previousLogs: string;
}

/**
 * The text `GET pods/{name}/log` serves for one container, chosen as the kubelet does
 * (kubelet_pods.go, validateContainerLogStatus): `previous=true` reads the last terminated run
 * and is a 400 `previous terminated container "c" in pod "p" not found` before any restart; a
 * container waiting to restart (CrashLoopBackOff) serves its last run either way; one still
 * waiting with no earlier run is a 400 `... is waiting to start: <reason>`.
 */
export function containerLogs(c: LoggedContainer, req: PodLogRequest): string {
  const { state, lastState, name } = c.record;
  const pod = req.name;
  if (req.previous) {
    if (!lastState || !('terminated' in lastState)) {
      throw newBadRequest(`previous terminated container "${name}" in pod "${pod}" not found`);
    }
    return tail(c.previousLogs, req.tailLines);
  }
  if ('waiting' in state) {
    // waiting to restart (CrashLoopBackOff): the last run's output, as kubelet reads lastState
    if (lastState) return tail(c.previousLogs, req.tailLines);
    throw newBadRequest(
      `container "${name}" in pod "${pod}" is waiting to start: ${state.waiting.reason}`,
    );
  }
  return tail(c.logs, req.tailLines);
}

/**
 * The log text of a pod's container (`req.container`, default its first): a container not
 * created yet (waiting for its volumes) is waiting in ContainerCreating; undefined when the pod
 * has no such container.
 */
export function podContainerLogs(
  pod: KubeletPod,
  containers: readonly LoggedContainer[],
  req: PodLogRequest,
): string | undefined {
  const name = req.container ?? pod.spec.containers[0]?.name;
  const c = containers.find((p) => p.record.name === name);
  if (c) return containerLogs(c, req);
  const waiting = { waiting: { reason: 'ContainerCreating' } };
  return name
    ? containerLogs({ record: { name, state: waiting }, logs: '', previousLogs: '' }, req)
    : undefined;
}

function tail(text: string, lines: number | undefined): string {
  if (lines === undefined) return text;
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return all.slice(-lines).join('\n') + (all.length ? '\n' : '');
}
