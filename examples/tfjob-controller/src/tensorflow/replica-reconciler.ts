import type { coreV1 } from '@kubekit/clientset';
import type {
  TFJobSpecTfReplicaSpec,
  TFJobStatusReplicaStatus,
} from '../generated/kubeflow.org/v1';
import { StatusError } from '@kubekit/apimachinery';
import { ConditionType, Reason } from '../apis/constants';
import { podName, replicaTypeLabels, selectorString } from '../apis/names';
import { addIndex, countBelow, formatIndexes, hasIndex, parseIndexes } from './completed-indexes';
import { disruptionOf } from './disruption';
import { markFailed, markRestarting } from './job-status';
import { decoratePod, templateSpec } from './pod-group';
import {
  isRetryableExitCode,
  newReplicaPod,
  newReplicaService,
  runningRestarts,
  sliceByIndex,
  tensorflowTermination,
} from './replicas';
import { announce, createExpected, deleteExpected, type SyncContext } from './sync-context';

/**
 * Brings the pods of one replica type to `replicas`: creates missing ones, deletes those beyond
 * `replicas` (scale down: not failures), replaces disrupted pods (deleted, evicted, preempted,
 * on a lost node: not failures, whatever the restart policy), deletes failed pods the restart
 * policy restarts, and counts the rest into `status.replicaStatuses[type]`. Indexes whose pod
 * succeeded are recorded in `completedIndexes` and never get a pod again (pod GC, a user's
 * delete).
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/tensorflow/tfjob_controller.go (ReconcilePods)
 */
export async function reconcilePods(
  ctx: SyncContext,
  type: string,
  spec: TFJobSpecTfReplicaSpec,
): Promise<void> {
  const replicas = spec.replicas ?? 1;
  let completed = parseIndexes(ctx.status.replicaStatuses?.[type]?.completedIndexes);
  const counts: TFJobStatusReplicaStatus = {
    active: 0,
    succeeded: 0,
    failed: 0,
    selector: selectorString(replicaTypeLabels(ctx.job.metadata!.name!, type)),
  };
  (ctx.status.replicaStatuses ??= {})[type] = counts;
  const slices = sliceByIndex(ctx.pods, type, replicas);
  for (const [index, slice] of slices.entries()) {
    if (index < replicas && !hasIndex(completed, index))
      announceGone(ctx, podName(ctx.job.metadata!.name!, type, index));
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
      // a completed index whose pod was garbage-collected is not run again
      if (index < replicas && !hasIndex(completed, index)) {
        if (!(await createPod(ctx, type, spec, index))) break; // the job failed
      }
      continue;
    }
    if (index >= replicas) {
      if (!pod.metadata?.deletionTimestamp) await deleteExpected(ctx, 'Pod', pod);
      continue;
    }
    surfaceContainerProblems(ctx, pod);
    const disruption = disruptionOf(pod);
    if (disruption) {
      await replaceDisrupted(ctx, pod, disruption);
      continue;
    }
    const termination = tensorflowTermination(pod);
    if (
      type === 'Worker' &&
      index === 0 &&
      pod.status?.phase === 'Succeeded' &&
      termination?.exitCode === 0
    )
      ctx.worker0Completed = true;
    if (pod.status?.phase === 'Succeeded') completed = addIndex(completed, index);
    if (pod.status?.phase === 'Failed') {
      if (await restartIfAllowed(ctx, type, spec, pod, termination?.exitCode)) {
        counts.failed! += 1;
        continue;
      }
      announce(ctx, () => ctx.metrics.podFailed());
      ctx.lastFailure = {
        pod: pod.metadata!.name!,
        exitCode: termination?.exitCode ?? -1,
        reason: termination?.reason ?? pod.status.reason,
      };
    }
    countPod(counts, pod);
  }
  counts.succeeded = countBelow(completed, replicas);
  const completedIndexes = formatIndexes(completed);
  if (completedIndexes) counts.completedIndexes = completedIndexes;
}

/**
 * Upstream's updateJobReplicaStatuses, for pods that are not going away (upstream counts a
 * terminating running pod as failed; here it is being replaced and counts as nothing).
 * Succeeded replicas are counted from the completed indexes, which outlive their pods.
 */
function countPod(counts: TFJobStatusReplicaStatus, pod: coreV1.Pod): void {
  switch (pod.status?.phase) {
    case 'Running':
      counts.active! += 1;
      break;
    case 'Failed':
      counts.failed! += 1;
      break;
  }
}

/**
 * Creates the pod of replica `index`; warns (upstream's SetPodTemplateRestartPolicy) when the
 * template sets a restartPolicy, which the replica's overrides. A create the API server rejects
 * for the pod itself (400, 413, 422: the same template always fails) fails the job, naming the
 * pod and the API's reason, and returns false; other errors are thrown and retried.
 */
async function createPod(
  ctx: SyncContext,
  type: string,
  spec: TFJobSpecTfReplicaSpec,
  index: number,
): Promise<boolean> {
  const pod = newReplicaPod(ctx.job, type, index, ctx.tfConfig);
  if (ctx.gang) {
    const own = templateSpec(spec)?.schedulerName;
    if (own && own !== ctx.gang.scheduler.schedulerName)
      ctx.recorder.event(
        ctx.job,
        'Warning',
        'SettedPodTemplateSchedulerName',
        'Another scheduler is specified when gang-scheduling is enabled and it will not be overwritten',
      );
    decoratePod(pod, ctx.job, ctx.gang.scheduler, type);
  }
  if (spec.template?.spec?.restartPolicy !== undefined)
    ctx.recorder.event(
      ctx.job,
      'Warning',
      'SetPodTemplateRestartPolicy',
      'Restart policy in pod template will be overwritten by restart policy in replica spec',
    );
  try {
    await createExpected(ctx, 'Pod', pod);
    return true;
  } catch (err) {
    if (!StatusError.isInstance(err) || ![400, 413, 422].includes(err.code)) throw err;
    const { namespace, name } = ctx.job.metadata!;
    markFailed(
      ctx,
      Reason.Failed,
      `TFJob ${namespace}/${name} has failed because pod ${pod.metadata!.name} cannot be created (${err.reason}): ${err.message}`,
    );
    return false;
  }
}

/**
 * A disrupted pod (see {@link disruptionOf}): deleted unless it already is, so its index gets a
 * new pod once it is gone, under the Restarting condition.
 */
async function replaceDisrupted(ctx: SyncContext, pod: coreV1.Pod, why: string): Promise<void> {
  if (!pod.metadata?.deletionTimestamp) await deleteExpected(ctx, 'Pod', pod);
  announceDisrupted(ctx, pod, why);
}

/**
 * Announces the restart of the replica of pod `name` when that pod was disrupted and is gone
 * (see {@link SyncContext.goneDisrupted}): no reconcile may have recorded it while it was
 * terminating (it went too fast, or their status writes failed), and its replacement may exist
 * already. A restart already announced is not announced again.
 */
function announceGone(ctx: SyncContext, name: string): void {
  const pod = ctx.goneDisrupted.get(name);
  if (pod) announceDisrupted(ctx, pod, disruptionOf(pod)!);
}

/**
 * Sets Restarting for disrupted `pod` (`why`: {@link disruptionOf}), unless a suspend deleted
 * it. Announced once per pod: the condition's message names every pod disrupted while the job
 * is restarting (pods of a lost node terminate together, and later syncs see them all), so a
 * pod it names is not announced again. Not a failure and not a restart toward backoffLimit.
 */
function announceDisrupted(ctx: SyncContext, pod: coreV1.Pod, why: string): void {
  if (deletedBySuspend(ctx, pod)) return; // its replacement is the resumed job's pod, no restart
  const name = pod.metadata!.name!;
  const about = `TFJob ${ctx.job.metadata!.name!} is restarting because pod ${name} was disrupted`;
  const current = ctx.status.conditions?.find((c) => c.type === ConditionType.Restarting);
  const restarting = current?.status === 'True' ? current.message : undefined;
  if (restarting?.includes(`${about} (`)) return;
  const sentence = `${about} (${why}).`;
  markRestarting(ctx, sentence, restarting ? `${restarting} ${sentence}` : sentence);
}

/**
 * True when `pod` was deleted before the job was last resumed: the suspend deleted it, and it is
 * still terminating (a kubelet takes up to its grace period) when the job runs again.
 */
function deletedBySuspend(ctx: SyncContext, pod: coreV1.Pod): boolean {
  const resumed = ctx.status.conditions?.find(
    (c) => c.type === ConditionType.Suspended && c.status === 'False',
  )?.lastTransitionTime;
  const { deletionTimestamp, deletionGracePeriodSeconds } = pod.metadata ?? {};
  if (!resumed || !deletionTimestamp) return false;
  const deletedAt = Date.parse(deletionTimestamp) - (deletionGracePeriodSeconds ?? 0) * 1000;
  return deletedAt <= Date.parse(resumed);
}

/**
 * Deletes a failed pod so it is recreated when its restart policy says so (OnFailure and Always
 * normally restart in place, so a Failed pod under them hit a pod-level limit; ExitCode restarts
 * on retryable codes only). Unlike upstream, these restarts count toward backoffLimit too: the
 * failure that would bring the job's restarts to backoffLimit fails it instead (upstream's
 * pastBackoffLimit, `restarts >= backoffLimit`).
 */
async function restartIfAllowed(
  ctx: SyncContext,
  type: string,
  spec: TFJobSpecTfReplicaSpec,
  pod: coreV1.Pod,
  exitCode: number | undefined,
): Promise<boolean> {
  const policy = spec.restartPolicy;
  const retryable =
    policy === 'OnFailure' ||
    policy === 'Always' ||
    (policy === 'ExitCode' && exitCode !== undefined && isRetryableExitCode(exitCode));
  if (!retryable) return false;
  const limit = ctx.job.spec?.runPolicy?.backoffLimit;
  const restarts = runningRestarts(ctx.pods) + (ctx.status.restartCount ?? 0);
  if (limit !== undefined && restarts + 1 >= limit) {
    ctx.backoffExhausted = true;
    return false;
  }
  await deleteExpected(ctx, 'Pod', pod);
  announce(ctx, () => ctx.metrics.podFailed());
  ctx.status.restartCount = (ctx.status.restartCount ?? 0) + 1;
  ctx.restarting.add(type);
  markRestarting(
    ctx,
    `TFJob ${ctx.job.metadata!.name!} is restarting because ${type} replica(s) failed.`,
  );
  return true;
}

/** Warning events for what a user must see: non-zero exits, OOM kills, image pull failures. */
function surfaceContainerProblems(ctx: SyncContext, pod: coreV1.Pod): void {
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
    else if (service && index >= replicas) await deleteExpected(ctx, 'Service', service);
  }
}
