import { formatTime } from '@kubekit/apimachinery';
import type { TFJobStatus, TFJobStatusCondition } from '../generated/kubeflow.org/v1';
import { ConditionType } from '../apis/constants';

/**
 * Sets condition `type` on `status` as upstream's UpdateJobConditions: an identical condition
 * (same status and reason) is left alone; otherwise it replaces the old one, keeping its
 * lastTransitionTime when only the reason or message changed. Running and Restarting exclude
 * each other; Succeeded, Failed and Suspended turn Running to False.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/util/status.go
 */
export function updateJobConditions(
  status: TFJobStatus,
  type: string,
  conditionStatus: 'True' | 'False',
  reason: string,
  message: string,
  nowMs: number,
): void {
  const conditions = (status.conditions ??= []);
  const current = conditions.find((c) => c.type === type);
  if (current && current.status === conditionStatus && current.reason === reason) return;
  const now = formatTime(nowMs);
  const next: TFJobStatusCondition = {
    type,
    status: conditionStatus,
    reason,
    message,
    lastUpdateTime: now,
    lastTransitionTime:
      current && current.status === conditionStatus ? current.lastTransitionTime : now,
  };
  const kept: TFJobStatusCondition[] = [];
  for (const c of conditions) {
    if (c.type === type) continue;
    if (type === ConditionType.Restarting && c.type === ConditionType.Running) continue;
    if (type === ConditionType.Running && c.type === ConditionType.Restarting) continue;
    const stopsRunning =
      type === ConditionType.Failed ||
      type === ConditionType.Succeeded ||
      (type === ConditionType.Suspended && conditionStatus === 'True');
    if (stopsRunning && c.type === ConditionType.Running && c.status === 'True')
      kept.push({ ...c, status: 'False', lastTransitionTime: now, lastUpdateTime: now });
    else kept.push(c);
  }
  kept.push(next);
  status.conditions = kept;
}

/** True when condition `type` is present with status True. */
export function hasCondition(status: TFJobStatus | undefined, type: string): boolean {
  return !!status?.conditions?.some((c) => c.type === type && c.status === 'True');
}

/** True once the job Succeeded or Failed (it never leaves those states). */
export function isFinished(status: TFJobStatus | undefined): boolean {
  return (
    hasCondition(status, ConditionType.Succeeded) || hasCondition(status, ConditionType.Failed)
  );
}
