import { isNotFound, type KubeObject } from '@kubekit/apimachinery';
import type { ControllerExpectations, PatchClient } from '@kubekit/controller';
import type { EventRecorder } from '@kubekit/record';
import type { DynamicResourceClient } from '@kubekit/rest';
import type { coreV1 } from '@kubekit/clientset';
import type { TFJob, TFJobInterface, TFJobStatus } from '../generated/kubeflow.org/v1';
import type { GoneDisrupted, GonePods } from './gone-pods';
import type { JobMetrics } from './job-metrics';
import type { CreationVersions } from './lost-creations';
import type { GangScheduler, PodGroup, PriorityClass } from './pod-group';
import type { TFConfigOptions } from './tf-config';

/**
 * The narrow client calls the controller makes on pods or services of a namespace (a
 * ResourceClient of @kubekit/clientset fits; `patch` is used to adopt and release).
 */
export interface ObjectWriter<T extends KubeObject> extends PatchClient<T> {
  create(obj: T, options?: { signal?: AbortSignal }): Promise<T>;
  delete(name: string, options?: { signal?: AbortSignal }): Promise<unknown>;
}

/** Everything one reconcile of one TFJob shares (built per sync; `status` is mutated). */
export interface SyncContext {
  key: string;
  /** The defaulted, valid job. */
  job: TFJob;
  /** The job's own client (TTL deletes the job). */
  jobClient: Pick<TFJobInterface, 'delete'>;
  /** Set once the job was deleted (TTL): nothing more is written. */
  jobDeleted: boolean;
  /** The status being computed (written back when it differs). */
  status: TFJobStatus;
  pods: coreV1.Pod[];
  services: coreV1.Service[];
  podWriter: ObjectWriter<coreV1.Pod>;
  serviceWriter: ObjectWriter<coreV1.Service>;
  recorder: EventRecorder;
  /**
   * Gang scheduling: the scheduler, the namespace's PodGroup client and the PriorityClass
   * client (unset: disabled).
   */
  gang?: {
    scheduler: GangScheduler;
    podGroups: DynamicResourceClient<PodGroup>;
    priorityClasses?: DynamicResourceClient<PriorityClass>;
    /** Whether a PodGroup watch enqueues the job (no re-check of a Pending PodGroup needed). */
    watched?: boolean;
  };
  expectations: ControllerExpectations;
  /** Disrupted pods seen deleted, and the pods the controller deletes itself. */
  gonePods: GonePods;
  /**
   * This job's disrupted pods the informer saw deleted since its last reconcile (taken from
   * {@link SyncContext.gonePods}): their replicas are announced restarting (once).
   */
  goneDisrupted: GoneDisrupted;
  /** The resourceVersion of each expectations key's newest create (./lost-creations). */
  creationVersions: CreationVersions;
  metrics: JobMetrics;
  tfConfig: TFConfigOptions;
  nowMs: number;
  signal: AbortSignal;
  /** Replica types with a failed replica being restarted in this sync. */
  restarting: Set<string>;
  /**
   * Restarting was set (or named one more pod) in this sync: the job is Running again in a later
   * sync at the earliest, so that a status write records the restart (and announces it) even
   * when the replacements already run.
   */
  restartMarked: boolean;
  /**
   * Events and counters of the status transitions this sync made: emitted only once the status
   * recording them is written. A reconcile working from a stale cache makes the same transition
   * again, but its status write conflicts, so each transition is announced once.
   */
  notices: (() => void)[];
  /** Worker 0 exited 0 (the default success policy's signal without a chief). */
  worker0Completed: boolean;
  /** The last permanent failure seen, for the Failed message. */
  lastFailure?: { pod: string; exitCode: number; reason?: string };
  /** An ExitCode restart was refused because backoffLimit was reached. */
  backoffExhausted: boolean;
}

/** Queues `notice` (an event, a counter) until the status of this sync is written. */
export function announce(ctx: SyncContext, notice: () => void): void {
  ctx.notices.push(notice);
}

/** The expectations key of a job's pods. */
export const podsKey = (key: string): string => `${key}/pods`;
/** The expectations key of a job's services. */
export const servicesKey = (key: string): string => `${key}/services`;

/** Creates `obj` with expectations raised first (and lowered again when the create fails). */
export async function createExpected<T extends KubeObject>(
  ctx: SyncContext,
  kind: 'Pod' | 'Service',
  obj: T,
): Promise<void> {
  const expKey = kind === 'Pod' ? podsKey(ctx.key) : servicesKey(ctx.key);
  const writer = (kind === 'Pod' ? ctx.podWriter : ctx.serviceWriter) as ObjectWriter<T>;
  ctx.expectations.expectCreations(expKey, 1);
  ctx.creationVersions.delete(expKey);
  try {
    const created = await writer.create(obj, { signal: ctx.signal });
    const version = created.metadata?.resourceVersion;
    if (version) ctx.creationVersions.set(expKey, version);
    if (kind === 'Pod') ctx.metrics.podCreated();
    else ctx.metrics.serviceCreated();
    ctx.recorder.eventf(
      ctx.job,
      'Normal',
      `SuccessfulCreate${kind}`,
      `Created ${kind.toLowerCase()}: %s`,
      obj.metadata?.name,
    );
  } catch (err) {
    ctx.expectations.creationObserved(expKey);
    if (kind === 'Service') ctx.metrics.serviceCreationFailed();
    ctx.recorder.eventf(
      ctx.job,
      'Warning',
      `FailedCreate${kind}`,
      'Error creating: %v',
      (err as Error).message,
    );
    throw err;
  }
}

/**
 * Deletes the cached pod or service `obj` with expectations raised first; a pod is marked as the
 * controller's own delete (no disruption, see {@link GonePods}).
 */
export async function deleteExpected(
  ctx: SyncContext,
  kind: 'Pod' | 'Service',
  obj: coreV1.Pod | coreV1.Service,
): Promise<void> {
  const expKey = kind === 'Pod' ? podsKey(ctx.key) : servicesKey(ctx.key);
  const writer = kind === 'Pod' ? ctx.podWriter : ctx.serviceWriter;
  const name = obj.metadata!.name!;
  ctx.expectations.expectDeletions(expKey, 1);
  if (kind === 'Pod') ctx.gonePods.deleting(obj);
  try {
    await writer.delete(name, { signal: ctx.signal });
    ctx.recorder.eventf(
      ctx.job,
      'Normal',
      `SuccessfulDelete${kind}`,
      `Deleted ${kind.toLowerCase()}: %s`,
      name,
    );
  } catch (err) {
    ctx.expectations.deletionObserved(expKey);
    if (kind === 'Pod') ctx.gonePods.notDeleting(obj);
    if (isNotFound(err)) return;
    ctx.recorder.eventf(
      ctx.job,
      'Warning',
      `FailedDelete${kind}`,
      'Error deleting: %v',
      (err as Error).message,
    );
    throw err;
  }
}
