import { formatTime } from '@kubekit/apimachinery';
import { ConditionType, Reason, ReplicaTypes, SuccessPolicyAllWorkers } from '../apis/constants';
import { hasChiefOrMaster } from '../apis/names';
import { hasCondition, isFinished, updateJobConditions } from './conditions';
import type { SyncContext } from './sync-context';

/**
 * Derives Running / Succeeded / Restarting / Failed from the replica counts, as upstream's
 * UpdateJobStatus: with a Chief or Master it decides; without, Worker decides (worker 0 exited 0,
 * or every worker with successPolicy AllWorkers). Beyond upstream: a job with neither (PS only)
 * succeeds when every replica did; a job never becomes both Succeeded and Failed; the Failed
 * message names the failing pod, its exit code and reason.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/tensorflow/tfjob_controller.go (UpdateJobStatus)
 */
export function updateJobStatus(ctx: SyncContext): void {
  const { job, status } = ctx;
  const specs = job.spec?.tfReplicaSpecs ?? {};
  const id = `${job.metadata!.namespace}/${job.metadata!.name}`;
  const ns = job.metadata!.namespace ?? '';
  const chief = hasChiefOrMaster(job);
  const deciders = chief ? ['Chief', 'Master'] : specs.Worker ? ['Worker'] : [...ReplicaTypes];
  const now = ctx.nowMs;
  let allSucceeded = true;
  let anyRunning = false;
  for (const type of ReplicaTypes) {
    const spec = specs[type];
    if (!spec || !deciders.includes(type)) continue;
    const rs = status.replicaStatuses?.[type] ?? {};
    const expected = (spec.replicas ?? 1) - (rs.succeeded ?? 0);
    if (expected > 0) allSucceeded = false;
    if ((rs.active ?? 0) > 0) anyRunning = true;
  }
  const succeeded =
    allSucceeded ||
    (!chief &&
      !!specs.Worker &&
      ctx.worker0Completed &&
      job.spec?.successPolicy !== SuccessPolicyAllWorkers);
  if (succeeded) {
    const msg = `TFJob ${id} successfully completed.`;
    ctx.recorder.event(job, 'Normal', Reason.Succeeded, msg);
    status.completionTime ??= formatTime(now);
    updateJobConditions(status, ConditionType.Succeeded, 'True', Reason.Succeeded, msg, now);
    ctx.metrics.successful(ns);
    return;
  }
  if (anyRunning && !hasCondition(status, ConditionType.Running)) {
    const msg = `TFJob ${id} is running.`;
    updateJobConditions(status, ConditionType.Running, 'True', Reason.Running, msg, now);
  }
  for (const type of ReplicaTypes) {
    const failed = status.replicaStatuses?.[type]?.failed ?? 0;
    if (failed === 0 || isFinished(status)) continue;
    if (ctx.restarting.has(type)) {
      const msg = `TFJob ${id} is restarting because ${failed} ${type} replica(s) failed.`;
      ctx.recorder.event(job, 'Warning', Reason.Restarting, msg);
      updateJobConditions(status, ConditionType.Restarting, 'True', Reason.Restarting, msg, now);
      continue;
    }
    let msg = `TFJob ${id} has failed because ${failed} ${type} replica(s) failed.`;
    const last = ctx.lastFailure;
    if (last)
      msg += ` Pod ${last.pod} exited with code ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}.`;
    if (ctx.backoffExhausted) msg += ' The backoff limit was reached.';
    markFailed(ctx, Reason.Failed, msg);
  }
}

/** Sets Failed (with completionTime), emits the event and counts the failure. */
export function markFailed(ctx: SyncContext, reason: string, msg: string): void {
  ctx.recorder.event(ctx.job, 'Warning', reason, msg);
  ctx.status.completionTime ??= formatTime(ctx.nowMs);
  updateJobConditions(ctx.status, ConditionType.Failed, 'True', reason, msg, ctx.nowMs);
  ctx.metrics.failed(ctx.job.metadata!.namespace ?? '');
}
