import { formatTime } from '@kubekit/apimachinery';
import { ConditionType, Reason, ReplicaTypes, SuccessPolicyAllWorkers } from '../apis/constants';
import { hasChiefOrMaster } from '../apis/names';
import { hasCondition, isFinished, updateJobConditions } from './conditions';
import { announce, type SyncContext } from './sync-context';

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
    announce(ctx, () => {
      ctx.recorder.event(job, 'Normal', Reason.Succeeded, msg);
      ctx.metrics.successful(ns);
    });
    status.completionTime ??= formatTime(now);
    updateJobConditions(status, ConditionType.Succeeded, 'True', Reason.Succeeded, msg, now);
    return;
  }
  // Restarting gives way to Running once every replica is up again, in a later sync than the
  // one that marked it (so the restart is written and announced).
  const restarting = hasCondition(status, ConditionType.Restarting);
  if (
    anyRunning &&
    !hasCondition(status, ConditionType.Running) &&
    (!restarting || (!ctx.restartMarked && allReplicasUp(ctx)))
  ) {
    const msg = `TFJob ${id} is running.`;
    updateJobConditions(status, ConditionType.Running, 'True', Reason.Running, msg, now);
  }
  for (const type of ReplicaTypes) {
    const failed = status.replicaStatuses?.[type]?.failed ?? 0;
    if (failed === 0 || isFinished(status) || ctx.restarting.has(type)) continue;
    // upstream: with enableDynamicWorker the job goes on without its failed workers
    if (type === 'Worker' && job.spec?.enableDynamicWorker) continue;
    let msg = `TFJob ${id} has failed because ${failed} ${type} replica(s) failed.`;
    const last = ctx.lastFailure;
    if (last)
      msg += ` Pod ${last.pod} exited with code ${last.exitCode}${last.reason ? ` (${last.reason})` : ''}.`;
    if (ctx.backoffExhausted) msg += ' The backoff limit was reached.';
    markFailed(ctx, Reason.Failed, msg);
  }
}

/** True when every replica of every type runs, succeeded or failed for good (none is being replaced). */
function allReplicasUp(ctx: SyncContext): boolean {
  return Object.entries(ctx.job.spec?.tfReplicaSpecs ?? {}).every(([type, spec]) => {
    const rs = ctx.status.replicaStatuses?.[type] ?? {};
    return (rs.active ?? 0) + (rs.succeeded ?? 0) + (rs.failed ?? 0) >= (spec?.replicas ?? 1);
  });
}

/** Sets Failed (with completionTime); the event and the failure count follow the status write. */
export function markFailed(ctx: SyncContext, reason: string, msg: string): void {
  announce(ctx, () => {
    ctx.recorder.event(ctx.job, 'Warning', reason, msg);
    ctx.metrics.failed(ctx.job.metadata!.namespace ?? '');
  });
  ctx.status.completionTime ??= formatTime(ctx.nowMs);
  updateJobConditions(ctx.status, ConditionType.Failed, 'True', reason, msg, ctx.nowMs);
}

/**
 * Sets Restarting with `conditionMessage` (default `msg`); the Warning event (`msg`) and the
 * restart count follow the status write.
 */
export function markRestarting(ctx: SyncContext, msg: string, conditionMessage = msg): void {
  const current = ctx.status.conditions?.find((c) => c.type === ConditionType.Restarting);
  ctx.restartMarked = true;
  announce(ctx, () => {
    ctx.recorder.event(ctx.job, 'Warning', Reason.Restarting, msg);
    ctx.metrics.restarted(ctx.job.metadata!.namespace ?? '');
  });
  if (current?.status === 'True') {
    // a new restart while restarting: same condition, new message
    current.message = conditionMessage;
    current.lastUpdateTime = formatTime(ctx.nowMs);
    return;
  }
  updateJobConditions(
    ctx.status,
    ConditionType.Restarting,
    'True',
    Reason.Restarting,
    conditionMessage,
    ctx.nowMs,
  );
}

/**
 * A suspended job (upstream's ReconcileJobs): Running turns False with reason TFJobSuspended,
 * Suspended turns True; startTime is kept (upstream's tests pin it), the Normal event follows
 * the status write.
 */
export function markSuspended(ctx: SyncContext): void {
  const { job, status } = ctx;
  if (hasCondition(status, ConditionType.Suspended)) return;
  const msg = `TFJob ${job.metadata!.name!} is suspended.`;
  if (hasCondition(status, ConditionType.Running))
    updateJobConditions(status, ConditionType.Running, 'False', Reason.Suspended, msg, ctx.nowMs);
  updateJobConditions(status, ConditionType.Suspended, 'True', Reason.Suspended, msg, ctx.nowMs);
  announce(ctx, () => ctx.recorder.event(job, 'Normal', Reason.Suspended, msg));
}

/** A resumed job: Suspended turns False with reason TFJobResumed and startTime starts again. */
export function markResumed(ctx: SyncContext): void {
  const { job, status } = ctx;
  const msg = `TFJob ${job.metadata!.name!} is resumed.`;
  updateJobConditions(status, ConditionType.Suspended, 'False', Reason.Resumed, msg, ctx.nowMs);
  announce(ctx, () => ctx.recorder.event(job, 'Normal', Reason.Resumed, msg));
  status.startTime = formatTime(ctx.nowMs);
}
