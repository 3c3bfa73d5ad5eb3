import {
  newControllerExpectations,
  enqueueForObject,
  enqueueForOwner,
  expectationsObserver,
  newController,
  patchClientFromRest,
  type Controller,
  type ControllerExpectations,
  type ControllerMetrics,
  type Manager,
} from '@kubekit/controller';
import type { KubeObject } from '@kubekit/apimachinery';
import { isDeletedFinalStateUnknown, type DynamicSharedInformerFactory } from '@kubekit/cache';
import { coreV1 as core } from '@kubekit/clientset';
import type { EventRecorder } from '@kubekit/record';
import { DynamicClient, type RESTClient } from '@kubekit/rest';
import type { MetricsProvider } from '@kubekit/workqueue';
import { Clientset } from '../generated';
import { KubeflowV1Informers, tfJobsResource } from '../generated/kubeflow.org/v1';
import { TFJobGvk } from '../apis/constants';
import { noopJobMetrics, type JobMetrics } from './job-metrics';
import { podsKey, servicesKey, type ObjectWriter } from './sync-context';
import { GonePods } from './gone-pods';
import { indexByJob } from './job-index';
import { gangSchedulerFor, type PodGroup, type PriorityClass } from './pod-group';
import type { TFConfigOptions } from './tf-config';
import { newTFJobReconciler } from './tfjob-reconciler';

/** Options of {@link newTFJobController}. */
export interface TFJobControllerOptions {
  /**
   * The generated Clientset (it extends @kubekit/clientset's): TFJobs through `kubeflowV1`,
   * pods and services through `coreV1`, one RESTClient.
   */
  clientset: Pick<Clientset, 'coreV1' | 'kubeflowV1' | 'restClient'>;
  /** The informer factory the controller's informers live in (start it with the manager). */
  factory: DynamicSharedInformerFactory;
  /** Where events go. */
  recorder: EventRecorder;
  /** Concurrent reconciles (default 1; never two of one job). */
  workers?: number;
  /** Job lifecycle counters (default: none). */
  jobMetrics?: JobMetrics;
  /** The controller runner's reconcile metrics. */
  controllerMetrics?: ControllerMetrics;
  /** The work queue's metrics (`prometheusMetricsProvider` of @kubekit/workqueue). */
  metricsProvider?: MetricsProvider;
  /** TF_CONFIG options (cluster domain). */
  tfConfig?: TFConfigOptions;
  /**
   * `--gang-scheduler-name`: create a PodGroup per job and schedule its pods with this
   * scheduler (`volcano`, or a scheduler-plugins coscheduling scheduler). Unset: no gang.
   */
  gangSchedulerName?: string;
  /**
   * With gang scheduling: watch the PodGroups (an update of a job's PodGroup enqueues the job,
   * so pods held for a Pending volcano PodGroup are created as soon as it is admitted). Set it
   * from `podGroupsServed` (./pod-group) at start-up: the informer of an unserved resource never syncs.
   * Unset or false: a job waiting for its PodGroup is re-checked every second instead.
   */
  watchPodGroups?: boolean;
  /** Milliseconds since the epoch; default Date.now. */
  now?: () => number;
  /** Gets reconcile errors (they are retried with backoff); default console.error. */
  onError?: (error: unknown, key: string) => void;
  /**
   * The pod and service creations and deletions each job waits to see (`<key>/pods`,
   * `<key>/services`); default a new one. A job's records are deleted with the job.
   */
  expectations?: ControllerExpectations;
}

/**
 * The TFJob controller: a @kubekit/controller Controller watching TFJobs and the pods and
 * services (and, with `watchPodGroups`, PodGroups) they own (mapped to their job by controller reference), with expectations so a
 * lagging cache never makes it create a replica twice.
 *
 * @example
 * ```ts
 * const controller = newTFJobController({ clientset: new Clientset(rest), factory, recorder });
 * await runControllerManager({ controllers: [controller], runnables: [factoryRunnable(factory)], signal });
 * ```
 */
export function newTFJobController(options: TFJobControllerOptions): Controller {
  const parts = tfJobControllerParts(options);
  const controller = newController({
    name: 'tfjob-controller',
    workers: options.workers ?? 1,
    metrics: options.controllerMetrics,
    metricsProvider: options.metricsProvider,
    onError: options.onError,
    reconcile: parts.reconcile,
  });
  controller.watch(parts.tfJobs.informer, { mapToKeys: enqueueForObject });
  parts.watchOwned(controller);
  return controller;
}

/**
 * Options of {@link addTFJobController}: the manager lends the informers and metrics, its
 * RESTClient carries the generated Clientset.
 */
export type AddTFJobControllerOptions = Omit<
  TFJobControllerOptions,
  'clientset' | 'factory' | 'recorder' | 'controllerMetrics' | 'metricsProvider'
> & {
  /** Where events go; default the manager's recorder. */
  recorder?: EventRecorder;
};

/**
 * The TFJob controller on a @kubekit/controller {@link Manager}: `mgr.controller({ for: tfjobs,
 * reconcile, onDelete })` plus the pod and service watches that observe the expectations (the
 * builder's `owns` has no observer, so the controller's own `watch` maps them, observing first).
 * `onDelete` deletes a deleted job's expectations.
 *
 * @example
 * ```ts
 * const mgr = newManager({ name: 'tfjob-controller', prometheus: promClient });
 * addTFJobController(mgr, { workers: 2 });
 * await mgr.start();
 * ```
 */
export function addTFJobController(mgr: Manager, options: AddTFJobControllerOptions): Controller {
  const parts = tfJobControllerParts({
    ...options,
    clientset: new Clientset(mgr.restClient),
    factory: mgr.informers,
    recorder: options.recorder ?? mgr.recorder,
  });
  const controller = mgr.controller({
    for: tfJobsResource,
    name: 'tfjob-controller',
    workers: options.workers ?? 1,
    ...(options.onError ? { onError: options.onError } : {}),
    reconcile: (_job, context) => parts.reconcile(context.key, context),
    // the reconcile of a job gone from the cache deletes its expectations (client-go's deleteJob)
    onDelete: async (context) => void (await parts.reconcile(context.key, context)),
  });
  parts.watchOwned(controller);
  return controller;
}

/** The reconcile of a TFJob controller, its informers and the watches of what its jobs own. */
function tfJobControllerParts(options: TFJobControllerOptions) {
  const { factory } = options;
  const tfJobs = new KubeflowV1Informers(factory).tfJobs();
  const coreInformers = new core.CoreV1Informers(factory);
  const pods = coreInformers.pods();
  const services = coreInformers.services();
  const expectations = options.expectations ?? newControllerExpectations();
  const gonePods = new GonePods();
  const { coreV1, restClient: rest } = options.clientset;
  // create/delete through the typed client; adopt/release through a merge-patch client
  const writer = <T extends KubeObject>(
    typed: Pick<ObjectWriter<T>, 'create' | 'delete'>,
    resource: string,
    namespace: string,
  ): ObjectWriter<T> => ({
    create: (obj, o) => typed.create(obj, o),
    delete: (name, o) => typed.delete(name, o),
    patch: patchClientFromRest<T>(rest, {
      resource: { group: '', version: 'v1', resource },
      namespace,
    }).patch,
  });
  const jobMetrics = options.jobMetrics ?? noopJobMetrics;
  const gang = options.gangSchedulerName ? gangFor(rest, options.gangSchedulerName) : undefined;
  const podGroups =
    gang && options.watchPodGroups
      ? factory.forResource<PodGroup>(gang.scheduler.resource)
      : undefined;
  const reconcile = newTFJobReconciler({
    tfJobs: { lister: tfJobs.lister, client: (ns) => options.clientset.kubeflowV1.tfJobs(ns) },
    pods: {
      ofJob: indexByJob(pods.informer),
      client: (ns) => writer(coreV1.pods(ns), 'pods', ns),
      cacheVersion: () => pods.informer.lastSyncResourceVersion(),
    },
    services: {
      ofJob: indexByJob(services.informer),
      client: (ns) => writer(coreV1.services(ns), 'services', ns),
      cacheVersion: () => services.informer.lastSyncResourceVersion(),
    },
    recorder: options.recorder,
    expectations,
    gonePods,
    metrics: jobMetrics,
    now: options.now ?? Date.now,
    tfConfig: options.tfConfig,
    gang: gang && { ...gang, watched: podGroups !== undefined },
  });
  const ownerKey = enqueueForOwner({ group: TFJobGvk.group, kind: TFJobGvk.kind });
  const observePods = expectationsObserver<core.Pod>(expectations, (pod) =>
    mapKey(ownerKey(pod), podsKey),
  );
  const watchOwned = (controller: Controller): void => {
    controller.watch<core.Pod>(pods.informer, {
      mapToKeys: ownerKey,
      observe: (event) => {
        observePods(event);
        if (event.type !== 'delete') return;
        const pod = isDeletedFinalStateUnknown(event.object)
          ? (event.object.obj as core.Pod | undefined)
          : event.object;
        const jobKey = pod && ownerKey(pod)[0];
        if (!jobKey) return;
        jobMetrics.podDeleted();
        gonePods.deleted(jobKey, pod);
      },
    });
    controller.watch<core.Service>(services.informer, {
      mapToKeys: ownerKey,
      observe: expectationsObserver(expectations, (svc) => mapKey(ownerKey(svc), servicesKey)),
    });
    if (podGroups) controller.watch<PodGroup>(podGroups.informer, { mapToKeys: ownerKey });
  };
  return { reconcile, tfJobs, watchOwned };
}

function mapKey(keys: readonly string[], to: (key: string) => string): string | undefined {
  return keys[0] === undefined ? undefined : to(keys[0]);
}

function gangFor(rest: RESTClient, schedulerName: string) {
  const scheduler = gangSchedulerFor(schedulerName);
  const dynamic = new DynamicClient(rest);
  const podGroups = dynamic.resource<PodGroup>(scheduler.resource);
  const priorityClasses = dynamic.resource<PriorityClass>({
    group: 'scheduling.k8s.io',
    version: 'v1',
    resource: 'priorityclasses',
  });
  return { scheduler, podGroups: (ns: string) => podGroups.namespace(ns), priorityClasses };
}
