import type { PromClientModule } from '@kubekit/controller';

/** Counters of job lifecycle transitions, labelled by namespace (training-operator's metrics). */
export interface JobMetrics {
  created(namespace: string): void;
  deleted(namespace: string): void;
  successful(namespace: string): void;
  failed(namespace: string): void;
  restarted(namespace: string): void;
}

/** Metrics that count nothing (tests, or no registry). */
export const noopJobMetrics: JobMetrics = {
  created: () => {},
  deleted: () => {},
  successful: () => {},
  failed: () => {},
  restarted: () => {},
};

/**
 * `training_operator_jobs_{created,deleted,successful,failed,restarted}_total{job_namespace,
 * framework="tensorflow"}` registered in prom-client's `registry`.
 * @see https://github.com/kubeflow/training-operator/blob/release-1.9/pkg/common/metrics.go
 */
export function prometheusJobMetrics<R>(
  prom: Pick<PromClientModule<R>, 'Counter' | 'register'>,
  options: { registry?: R } = {},
): JobMetrics {
  const registers = [options.registry ?? prom.register];
  const counter = (what: string, help: string) => {
    const c = new prom.Counter({
      name: `training_operator_jobs_${what}_total`,
      help,
      labelNames: ['job_namespace', 'framework'],
      registers,
    });
    return (namespace: string): void => c.labels(namespace, 'tensorflow').inc();
  };
  return {
    created: counter('created', 'Counts number of jobs created'),
    deleted: counter('deleted', 'Counts number of jobs deleted'),
    successful: counter('successful', 'Counts number of jobs successfully finished'),
    failed: counter('failed', 'Counts number of jobs failed'),
    restarted: counter('restarted', 'Counts number of jobs restarted'),
  };
}
