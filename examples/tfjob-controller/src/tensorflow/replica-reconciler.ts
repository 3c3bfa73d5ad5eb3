import type { V1Pod } from '@kubernetes/client-node';
import type {
  TFJobSpecTfReplicaSpec,
  TFJobStatusReplicaStatus,
} from '../generated/kubeflow.org/v1';
import { ConditionType, Reason } from '../apis/constants';
import { replicaTypeLabels, selectorString } from '../apis/names';
import { updateJobConditions } from './conditions';
import { decoratePod } from './pod-group';
import {
  isRetryableExitCode,
  newReplicaPod,
  newReplicaService,
  sliceByIndex,
  tensorflowTermination,
} from './replicas';
import { createExpected, deleteExpected, type SyncContext } from './sync-context';

/**
 * Brings the pods of one replica type to `replicas`: creates missing ones, deletes those beyond
 * `replicas` (scale down: not failures), deletes failed pods the restart policy restarts, and
 * counts the rest into `status.replicaStatuses[type]`.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/tensorflow/tfjob_controller.go (ReconcilePods)
 */
export async function reconcilePods(
  ctx: SyncContext,
  type: string,
  spec: TFJobSpecTfReplicaSpec,
): Promise<void> {
  const replicas = spec.replicas ?? 1;
  const counts: TFJobStatusReplicaStatus = {
    active: 0,
    succeeded: 0,
    failed: 0,
    selector: selectorString(replicaTypeLabels(ctx.job.metadata!.name!, type)),
  };
  (ctx.status.replicaStatuses ??= {})[type] = counts;
  const slices = sliceByIndex(ctx.pods, type, replicas);
  for (const [index, slice] of slices.entries()) {
    if (slice.length > 1) {
      ctx.recorder.eventf(
        ctx.job,
        'Warning',
        'TooManyPods',
        'Too many pods for %s %d',
        type,
        index,
      );
      continue;
    }
    const pod = slice[0];
    if (!pod) {
      if (index < replicas) {
        const newPod = newReplicaPod(ctx.job, type, index, ctx.tfConfig);
        if (ctx.gang) decoratePod(newPod, ctx.job, ctx.gang.scheduler);
        await createExpected(ctx, 'Pod', newPod);
      }
      continue;
    }
    if (index >= replicas) {
      await deleteExpected(ctx, 'Pod', pod.metadata!.name!);
      continue;
    }
    surfaceContainerProblems(ctx, pod);
    const termination = tensorflowTermination(pod);
    if (
      type === 'Worker' &&
      index === 0 &&
      pod.status?.phase === 'Succeeded' &&
      termination?.exitCode === 0
    )
      ctx.worker0Completed = true;
    if (pod.status?.phase === 'Failed' && !pod.metadata?.deletionTimestamp) {
      if (await restartIfAllowed(ctx, type, spec, pod, termination?.exitCode)) {
        counts.failed! += 1;
        continue;
      }
      ctx.lastFailure = {
        pod: pod.metadata!.name!,
        exitCode: termination?.exitCode ?? -1,
        reason: termination?.reason ?? pod.status.reason,
      };
    }
    countPod(counts, pod);
  }
}

/** Upstream's updateJobReplicaStatuses: a terminating running pod counts as failed. */
function countPod(counts: TFJobStatusReplicaStatus, pod: V1Pod): void {
  switch (pod.status?.phase) {
    case 'Running':
      if (pod.metadata?.deletionTimestamp) counts.failed! += 1;
      else counts.active! += 1;
      break;
    case 'Succeeded':
      counts.succeeded! += 1;
      break;
    case 'Failed':
      counts.failed! += 1;
      break;
  }
}

/**
 * Deletes a failed pod so it is recreated when its restart policy says so (OnFailure and Always
 * normally restart in place, so a Failed pod under them was evicted; ExitCode restarts on
 * retryable codes only). Unlike upstream, ExitCode restarts are bounded by backoffLimit.
 */
async function restartIfAllowed(
  ctx: SyncContext,
  type: string,
  spec: TFJobSpecTfReplicaSpec,
  pod: V1Pod,
  exitCode: number | undefined,
): Promise<boolean> {
  const policy = spec.restartPolicy;
  const retryable =
    policy === 'OnFailure' ||
    policy === 'Always' ||
    (policy === 'ExitCode' && exitCode !== undefined && isRetryableExitCode(exitCode));
  if (!retryable) return false;
  const limit = ctx.job.spec?.runPolicy?.backoffLimit;
  if (limit !== undefined && (ctx.status.restartCount ?? 0) >= limit) {
    ctx.backoffExhausted = true;
    return false;
  }
  await deleteExpected(ctx, 'Pod', pod.metadata!.name!);
  ctx.status.restartCount = (ctx.status.restartCount ?? 0) + 1;
  ctx.restarting.add(type);
  const name = ctx.job.metadata!.name!;
  const msg = `TFJob ${name} is restarting because ${type} replica(s) failed.`;
  ctx.recorder.event(ctx.job, 'Warning', Reason.Restarting, msg);
  updateJobConditions(
    ctx.status,
    ConditionType.Restarting,
    'True',
    Reason.Restarting,
    msg,
    ctx.nowMs,
  );
  ctx.metrics.restarted(ctx.job.metadata!.namespace ?? '');
  return true;
}

/** Warning events for what a user must see: non-zero exits, OOM kills, image pull failures. */
function surfaceContainerProblems(ctx: SyncContext, pod: V1Pod): void {
  const ref = `${pod.metadata!.namespace}.${pod.metadata!.name}`;
  for (const c of pod.status?.containerStatuses ?? []) {
    const terminated = c.state?.terminated;
    if (terminated && terminated.exitCode !== 0)
      ctx.recorder.eventf(
        ctx.job,
        'Warning',
        'ExitedWithCode',
        'Pod: %s exited with code %d',
        ref,
        terminated.exitCode,
      );
    if (terminated?.reason === 'OOMKilled')
      ctx.recorder.eventf(
        ctx.job,
        'Warning',
        'OOMKilled',
        'Pod: %s container %s was OOM killed',
        ref,
        c.name,
      );
    const waiting = c.state?.waiting?.reason;
    if (waiting === 'ImagePullBackOff' || waiting === 'ErrImagePull')
      ctx.recorder.eventf(
        ctx.job,
        'Warning',
        waiting,
        'Pod: %s container %s: %s',
        ref,
        c.name,
        c.state?.waiting?.message ?? waiting,
      );
  }
}

/**
 * Brings the headless services of one replica type to `replicas` (one per index).
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/common/service.go (ReconcileServices)
 */
export async function reconcileServices(
  ctx: SyncContext,
  type: string,
  spec: TFJobSpecTfReplicaSpec,
): Promise<void> {
  const replicas = spec.replicas ?? 1;
  for (const [index, slice] of sliceByIndex(ctx.services, type, replicas).entries()) {
    const service = slice[0];
    if (!service && index < replicas)
      await createExpected(ctx, 'Service', newReplicaService(ctx.job, type, index));
    else if (service && index >= replicas)
      await deleteExpected(ctx, 'Service', service.metadata!.name!);
  }
}
