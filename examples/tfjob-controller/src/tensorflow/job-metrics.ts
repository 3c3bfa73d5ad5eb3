import type { PromClientModule } from '@kubekit/controller';

/**
 * Counters of job lifecycle transitions, labelled by namespace, and of the pods and services the
 * controller writes (training-operator's metrics).
 */
export interface JobMetrics {
  created(namespace: string): void;
  deleted(namespace: string): void;
  successful(namespace: string): void;
  failed(namespace: string): void;
  restarted(namespace: string): void;
  /** A pod was created. */
  podCreated(): void;
  /** A pod owned by a job was deleted (by anyone: the informer saw it go). */
  podDeleted(): void;
  /** A replica's pod failed (counted once, when the controller acted on it). */
  podFailed(): void;
  /** A service was created. */
  serviceCreated(): void;
  /** Creating a service failed. */
  serviceCreationFailed(): void;
}

const noop = (): void => {};

/** Metrics that count nothing (tests, or no registry). */
export const noopJobMetrics: JobMetrics = {
  created: noop,
  deleted: noop,
  successful: noop,
  failed: noop,
  restarted: noop,
  podCreated: noop,
  podDeleted: noop,
  podFailed: noop,
  serviceCreated: noop,
  serviceCreationFailed: noop,
};

/**
 * training-operator's counters registered in prom-client's `registry`:
 * `training_operator_jobs_{created,deleted,successful,failed,restarted}_total{job_namespace,
 * framework="tensorflow"}`, `{created,deleted,failed}_pods_total` and
 * `{succeeded,failed}_service_creation_total` (the unlabelled names of upstream's pod.go and
 * service.go).
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/common/metrics.go
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/controller.v1/common/pod.go
 */
export function prometheusJobMetrics<R>(
  prom: Pick<PromClientModule<R>, 'Counter' | 'register'>,
  options: { registry?: R } = {},
): JobMetrics {
  const registers = [options.registry ?? prom.register];
  const jobCounter = (what: string, help: string) => {
    const c = new prom.Counter({
      name: `training_operator_jobs_${what}_total`,
      help,
      labelNames: ['job_namespace', 'framework'],
      registers,
    });
    return (namespace: string): void => c.labels(namespace, 'tensorflow').inc();
  };
  const counter = (name: string, help: string) => {
    const c = new prom.Counter({ name, help, labelNames: [], registers });
    return (): void => c.labels().inc();
  };
  return {
    created: jobCounter('created', 'Counts number of jobs created'),
    deleted: jobCounter('deleted', 'Counts number of jobs deleted'),
    successful: jobCounter('successful', 'Counts number of jobs successfully finished'),
    failed: jobCounter('failed', 'Counts number of jobs failed'),
    restarted: jobCounter('restarted', 'Counts number of jobs restarted'),
    podCreated: counter('created_pods_total', 'The total number of created pods'),
    podDeleted: counter('deleted_pods_total', 'The total number of deleted pods'),
    podFailed: counter('failed_pods_total', 'The total number of failed pods'),
    serviceCreated: counter(
      'succeeded_service_creation_total',
      'The total number of succeeded service creation',
    ),
    serviceCreationFailed: counter(
      'failed_service_creation_total',
      'The total number of failed service creation',
    ),
  };
}
