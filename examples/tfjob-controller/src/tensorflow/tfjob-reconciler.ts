import {
  formatTime,
  isNotFound,
  type KubeObject,
  selectorFromSet,
  splitMetaNamespaceKey,
} from '@kubekit/apimachinery';
import type { Lister } from '@kubekit/cache';
import {
  claimObjects,
  type ControllerExpectations,
  type PatchClient,
  type ReconcileContext,
  type Result,
} from '@kubekit/controller';
import type { EventRecorder } from '@kubekit/record';
import type { DynamicResourceClient } from '@kubekit/rest';
import type { coreV1 } from '@kubekit/clientset';
import type { TFJob, TFJobInterface } from '../generated/kubeflow.org/v1';
import { ConditionType, KubeflowJobsController, Reason, TFJobGvk } from '../apis/constants';
import { hasDefaults, withDefaults } from '../apis/defaults';
import { jobLabels } from '../apis/names';
import { formatProblems, validateTFJob } from '../apis/validation';
import { hasCondition, isFinished, updateJobConditions } from './conditions';
import type { GonePods } from './gone-pods';
import type { JobMetrics } from './job-metrics';
import { markFailed, markResumed, markSuspended, updateJobStatus } from './job-status';
import {
  delayPodCreation,
  deletePodGroup,
  newPodGroup,
  priorityClassValues,
  syncPodGroup,
  templateSpec,
  type GangScheduler,
  type PodGroup,
  type PriorityClass,
} from './pod-group';
import { reconcilePods, reconcileServices } from './replica-reconciler';
import { runningRestarts } from './replicas';
import {
  announce,
  deleteExpected,
  podsKey,
  servicesKey,
  type ObjectWriter,
  type SyncContext,
} from './sync-context';
import { satisfiedOrPassed, type CreationVersions } from './lost-creations';
import { tfConfigProblems, type TFConfigOptions } from './tf-config';

/** A namespaced client of pods or services: what the reconciler writes through. */
export type NamespacedClient<T extends KubeObject> = (namespace: string) => ObjectWriter<T>;

/**
 * The cached objects labelled as replicas of job `jobName` (those its label selector matches),
 * from an index (see ./job-index): never mutate them.
 */
export type JobObjects<T extends KubeObject> = (namespace: string, jobName: string) => T[];

/** Where the reconciler reads and writes one kind of object a job owns (pods, services). */
export interface OwnedObjects<T extends KubeObject> {
  ofJob: JobObjects<T>;
  client: NamespacedClient<T>;
  /**
   * The resourceVersion the informer behind `ofJob` has reached (`lastSyncResourceVersion()`):
   * lets a job whose expected creation can no longer be delivered go on (./lost-creations).
   */
  cacheVersion: () => string;
}

/** What {@link newTFJobReconciler} needs. */
export interface TFJobReconcilerOptions {
  tfJobs: { lister: Lister<TFJob>; client: (namespace: string) => TFJobInterface };
  pods: OwnedObjects<coreV1.Pod>;
  services: OwnedObjects<coreV1.Service>;
  recorder: EventRecorder;
  expectations: ControllerExpectations;
  /**
   * Disrupted pods the pod informer saw deleted (its delete handler calls `deleted`), and the
   * pods the reconciler deletes itself.
   */
  gonePods: GonePods;
  metrics: JobMetrics;
  /** Milliseconds since the epoch (a fake clock in tests). */
  now: () => number;
  /** Options of TF_CONFIG (cluster domain). */
  tfConfig?: TFConfigOptions;
  /**
   * Gang scheduling (PodGroups; PriorityClasses order replicas for `minResources`); unset: pods
   * are scheduled individually.
   */
  gang?: {
    scheduler: GangScheduler;
    podGroups: (namespace: string) => DynamicResourceClient<PodGroup>;
    priorityClasses?: DynamicResourceClient<PriorityClass>;
    /**
     * Whether a PodGroup watch enqueues the job when its PodGroup changes; unset, a job whose
     * pods wait for a Pending PodGroup is re-checked every second instead.
     */
    watched?: boolean;
  };
}

/**
 * The TFJob reconcile function for a @kubekit/controller Controller: defaults (persisted) and
 * validates the job, then runs upstream's ReconcileJobs: finished jobs get their pods cleaned
 * up and their TTL enforced; suspended jobs lose their pods; jobs past backoffLimit or
 * activeDeadlineSeconds fail; otherwise pods and services are reconciled per replica type and
 * the status derived from them is written when it changed.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/common/job.go (ReconcileJobs)
 */
export function newTFJobReconciler(options: TFJobReconcilerOptions) {
  const creationVersions: CreationVersions = new Map();
  const settled = (expKey: string, cacheVersion: string): boolean =>
    satisfiedOrPassed(options.expectations, creationVersions, expKey, cacheVersion);
  return async (key: string, { signal }: ReconcileContext): Promise<Result | void> => {
    const { namespace, name } = splitMetaNamespaceKey(key);
    const cached = options.tfJobs.lister.namespace(namespace).get(name);
    if (!cached) {
      for (const expKey of [podsKey(key), servicesKey(key)]) {
        options.expectations.deleteExpectations(expKey);
        creationVersions.delete(expKey);
      }
      options.gonePods.forget(key);
      return;
    }
    if (cached.metadata?.deletionTimestamp) return;
    const managedBy = cached.spec?.runPolicy?.managedBy;
    if (managedBy !== undefined && managedBy !== KubeflowJobsController) return; // e.g. MultiKueue's
    const client = options.tfJobs.client(namespace);
    if (!hasDefaults(cached)) {
      await client.update(withDefaults(cached), { signal }); // the update event brings the key back
      return;
    }
    const job = cached; // the cache's: read only
    const ctx = newContext(options, key, job, signal, creationVersions);
    if (!hasCondition(ctx.status, ConditionType.Created)) {
      const msg = `TFJob ${name} is created.`;
      updateJobConditions(
        ctx.status,
        ConditionType.Created,
        'True',
        Reason.Created,
        msg,
        ctx.nowMs,
      );
      announce(ctx, () => {
        options.recorder.event(job, 'Normal', Reason.Created, msg);
        options.metrics.created(namespace);
      });
    }
    const problems = validateTFJob(job);
    // only a job within MaxReplicasPerType gets its TF_CONFIG measured
    if (problems.length === 0) problems.push(...tfConfigProblems(job, options.tfConfig));
    if (problems.length > 0) {
      if (!hasCondition(ctx.status, ConditionType.Failed))
        markFailed(
          ctx,
          Reason.FailedValidation,
          `TFJob ${name} is invalid: ${formatProblems(problems)}`,
        );
      await writeStatus(client, cached, ctx, signal);
      return;
    }
    if (
      !settled(podsKey(key), options.pods.cacheVersion()) ||
      !settled(servicesKey(key), options.services.cacheVersion())
    )
      return; // the informers have not seen our last writes yet
    const selector = selectorFromSet(jobLabels(name));
    const claim = <T extends coreV1.Pod | coreV1.Service>(
      objects: T[],
      patchClient: PatchClient<T>,
    ): Promise<T[]> =>
      claimObjects({
        owner: job,
        ownerGvk: TFJobGvk,
        selector,
        objects,
        client: patchClient,
        getFreshOwner: (s) => client.get(name, { signal: s }),
        signal,
      });
    ctx.pods = await claim(options.pods.ofJob(namespace, name), ctx.podWriter);
    ctx.services = await claim(options.services.ofJob(namespace, name), ctx.serviceWriter);
    ctx.goneDisrupted = options.gonePods.take(key);
    try {
      const result = await syncJob(ctx);
      if (ctx.jobDeleted) return;
      await writeStatus(client, cached, ctx, signal);
      return result;
    } catch (err) {
      options.gonePods.restore(key, ctx.goneDisrupted); // announced by the retry
      throw err;
    }
  };
}

function newContext(
  options: TFJobReconcilerOptions,
  key: string,
  job: TFJob,
  signal: AbortSignal,
  creationVersions: CreationVersions,
): SyncContext {
  const namespace = job.metadata!.namespace!;
  return {
    key,
    job,
    jobClient: options.tfJobs.client(namespace),
    jobDeleted: false,
    status: structuredClone(job.status ?? {}),
    pods: [],
    services: [],
    podWriter: options.pods.client(namespace),
    serviceWriter: options.services.client(namespace),
    recorder: options.recorder,
    gang: options.gang && {
      scheduler: options.gang.scheduler,
      podGroups: options.gang.podGroups(namespace),
      priorityClasses: options.gang.priorityClasses,
      watched: options.gang.watched,
    },
    expectations: options.expectations,
    gonePods: options.gonePods,
    goneDisrupted: new Map(),
    creationVersions,
    metrics: options.metrics,
    tfConfig: options.tfConfig ?? {},
    nowMs: options.now(),
    signal,
    restarting: new Set(),
    restartMarked: false,
    notices: [],
    worker0Completed: false,
    backoffExhausted: false,
  };
}

async function syncJob(ctx: SyncContext): Promise<Result | void> {
  const { job, status } = ctx;
  const runPolicy = job.spec?.runPolicy ?? {};
  const name = job.metadata!.name!;
  if (isFinished(status)) return finishJob(ctx);
  if (runPolicy.suspend) {
    await deletePodsAndServices(ctx, 'All');
    if (ctx.gang) await deletePodGroup(ctx.gang.podGroups, name, ctx.signal);
    for (const rs of Object.values(status.replicaStatuses ?? {})) rs.active = 0;
    markSuspended(ctx);
    return;
  }
  if (hasCondition(status, ConditionType.Suspended)) markResumed(ctx);
  status.startTime ??= formatTime(ctx.nowMs);
  const failure = exceededLimit(ctx);
  if (failure) {
    await deletePodsAndServices(ctx, runPolicy.cleanPodPolicy ?? 'None');
    markFailed(ctx, Reason.Failed, failure);
    return finishJob(ctx);
  }
  if (!(await reconcilePodGroup(ctx))) {
    updateJobStatus(ctx);
    // the PodGroup watch enqueues the job once the scheduler admits the group
    return ctx.gang?.watched ? undefined : { requeueAfterMs: PodGroupPendingRequeueMs };
  }
  for (const [type, spec] of Object.entries(job.spec?.tfReplicaSpecs ?? {})) {
    if (!spec) continue;
    if (isFinished(status)) break; // a pod could not be created
    await reconcilePods(ctx, type, spec);
    await reconcileServices(ctx, type, spec);
  }
  updateJobStatus(ctx);
  if (isFinished(status)) return finishJob(ctx);
  const deadline = runPolicy.activeDeadlineSeconds;
  if (deadline !== undefined)
    return {
      requeueAfterMs: Math.max(0, Date.parse(status.startTime) + deadline * 1000 - ctx.nowMs),
    };
}

/**
 * How soon a job whose pods wait for a Pending volcano PodGroup is looked at again when no
 * PodGroup watch is registered (the PodGroup resource was not served at start-up).
 */
const PodGroupPendingRequeueMs = 1000;

/**
 * Gang scheduling: creates or updates the job's PodGroup; when the PodGroup resource is not
 * served a Warning event says so and the pods are created anyway (the scheduler named in them
 * decides). False while pod creation waits for the PodGroup ({@link delayPodCreation}).
 */
async function reconcilePodGroup(ctx: SyncContext): Promise<boolean> {
  if (!ctx.gang) return true;
  const { scheduler, podGroups, priorityClasses } = ctx.gang;
  const specs = Object.values(ctx.job.spec?.tfReplicaSpecs ?? {});
  const classNames = specs.flatMap((s) => (s && templateSpec(s)?.priorityClassName) || []);
  const values =
    priorityClasses && classNames.length > 0
      ? await priorityClassValues(priorityClasses, classNames, ctx.signal)
      : undefined;
  const desired = newPodGroup(ctx.job, scheduler, values);
  const synced = await syncPodGroup(podGroups, desired, ctx.signal);
  if (synced.result !== 'unavailable') return !delayPodCreation(synced.podGroup, scheduler);
  const { group, version, resource } = scheduler.resource;
  ctx.recorder.eventf(
    ctx.job,
    'Warning',
    'PodGroupUnavailable',
    'Cannot create PodGroup %s: %s.%s/%s is not served (is the CRD installed?)',
    desired.metadata!.name,
    resource,
    group,
    version,
  );
  return true;
}

/**
 * The backoff-limit or deadline failure message, if the job ran out of either. Restarts are the
 * container restarts of running pods (upstream's pastBackoffLimit) plus the pods the controller
 * replaced after a failure (`status.restartCount`); like upstream the job fails once they reach
 * backoffLimit (0 and 1 alike: at the first restart).
 */
function exceededLimit(ctx: SyncContext): string | undefined {
  const runPolicy = ctx.job.spec?.runPolicy ?? {};
  const name = ctx.job.metadata!.name!;
  const limit = runPolicy.backoffLimit;
  if (limit !== undefined) {
    const restarts = runningRestarts(ctx.pods) + (ctx.status.restartCount ?? 0);
    if (limit === 0 ? restarts > 0 : restarts >= limit)
      return `Job ${name} has failed because it has reached the specified backoff limit`;
  }
  const deadline = runPolicy.activeDeadlineSeconds;
  if (deadline !== undefined && ctx.status.startTime) {
    if (ctx.nowMs - Date.parse(ctx.status.startTime) >= deadline * 1000)
      return `Job ${name} has failed because it was active longer than specified deadline`;
  }
  return undefined;
}

/** A finished job: pods cleaned per cleanPodPolicy, its PodGroup deleted, active replicas counted done, TTL enforced. */
async function finishJob(ctx: SyncContext): Promise<Result | void> {
  const runPolicy = ctx.job.spec?.runPolicy ?? {};
  await deletePodsAndServices(ctx, runPolicy.cleanPodPolicy ?? 'None');
  if (ctx.gang) await deletePodGroup(ctx.gang.podGroups, ctx.job.metadata!.name!, ctx.signal);
  if (hasCondition(ctx.status, ConditionType.Succeeded))
    for (const rs of Object.values(ctx.status.replicaStatuses ?? {})) {
      rs.succeeded = (rs.succeeded ?? 0) + (rs.active ?? 0);
      rs.active = 0;
    }
  const ttl = runPolicy.ttlSecondsAfterFinished;
  if (ttl === undefined || !ctx.status.completionTime) return;
  const remaining = Date.parse(ctx.status.completionTime) + ttl * 1000 - ctx.nowMs;
  if (remaining > 0) return { requeueAfterMs: remaining };
  await ctx.jobClient.delete(ctx.job.metadata!.name!, {
    propagationPolicy: 'Background',
    signal: ctx.signal,
  });
  ctx.jobDeleted = true;
  ctx.metrics.deleted(ctx.job.metadata!.namespace ?? '');
}

/**
 * Upstream's DeletePodsAndServices: None deletes nothing, Running deletes running and pending
 * pods (pending ones would start later), All deletes every pod; each pod's service goes too.
 */
async function deletePodsAndServices(ctx: SyncContext, policy: string): Promise<void> {
  if (policy === 'None') return;
  for (const pod of ctx.pods) {
    const phase = pod.status?.phase;
    if (policy === 'Running' && phase !== 'Running' && phase !== 'Pending') continue;
    if (pod.metadata?.deletionTimestamp) continue;
    await deleteExpected(ctx, 'Pod', pod);
    const service = ctx.services.find((s) => s.metadata?.name === pod.metadata!.name);
    if (service) await deleteExpected(ctx, 'Service', service);
  }
  ctx.pods = [];
}

/**
 * Writes the computed status when it changed, then announces the transitions it records (an
 * unchanged status records none; a stale cache's write conflicts and is retried from scratch).
 */
async function writeStatus(
  client: TFJobInterface,
  cached: TFJob,
  ctx: SyncContext,
  signal: AbortSignal,
): Promise<void> {
  const { status } = ctx;
  if (JSON.stringify(status) === JSON.stringify(cached.status ?? {})) return;
  status.lastReconcileTime = formatTime(ctx.nowMs);
  try {
    await client.updateStatus({ ...cached, status }, { signal });
  } catch (err) {
    if (isNotFound(err)) return;
    throw err;
  }
  for (const notice of ctx.notices) notice();
}
