/**
 * The outcome of one reconcile: `success`, `error`, `terminal_error` (a {@link terminalError},
 * not retried), `requeue` (Result.requeue) or `requeue_after` (Result.requeueAfterMs).
 * `controller_runtime_reconcile_total` counts a terminal error under `result="error"`, as
 * controller-runtime does, and `controller_runtime_terminal_reconcile_errors_total` as well.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/internal/controller/metrics/metrics.go
 */
export type ReconcileOutcome = 'success' | 'error' | 'terminal_error' | 'requeue' | 'requeue_after';

/**
 * Where a controller reports its reconciles; every method gets the controller's name. The
 * names in the table are those of {@link prometheusControllerMetrics}, controller-runtime's.
 *
 * | method | metric |
 * | --- | --- |
 * | reconciled | `controller_runtime_reconcile_total{controller,result}`, `controller_runtime_reconcile_errors_total{controller}`, `controller_runtime_terminal_reconcile_errors_total{controller}` and `controller_runtime_reconcile_time_seconds{controller}` |
 * | activeWorkers | `controller_runtime_active_workers{controller}` |
 * | maxConcurrentReconciles | `controller_runtime_max_concurrent_reconciles{controller}` |
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/internal/controller/metrics/metrics.go
 */
export interface ControllerMetrics {
  /** One reconcile finished with `outcome` after `seconds`. */
  reconciled(controller: string, outcome: ReconcileOutcome, seconds: number): void;
  /** The number of reconciles running changed by `delta` (+1 or -1). */
  activeWorkers(controller: string, delta: number): void;
  /** The controller runs with `workers` workers. */
  maxConcurrentReconciles(controller: string, workers: number): void;
}

/** The metrics of a controller that records nothing (the default). @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/internal/controller/metrics/metrics.go */
export const noopControllerMetrics: ControllerMetrics = {
  reconciled: () => {},
  activeWorkers: () => {},
  maxConcurrentReconciles: () => {},
};

/** A prom-client metric config, as {@link prometheusControllerMetrics} builds it. @see https://github.com/siimon/prom-client */
export interface PromControllerMetricConfig<R> {
  /** Metric name. */
  name: string;
  /** Help text. */
  help: string;
  /** Label names. */
  labelNames: string[];
  /** Registries to register in. */
  registers: R[];
}

/** A prom-client metric with labels. @see https://github.com/siimon/prom-client */
export interface PromLabels<Child> {
  /** The child metric for these label values. */
  labels(...values: string[]): Child;
}

/**
 * The parts of the `prom-client` module used here (`import * as promClient from 'prom-client'`
 * fits). Structural, so this package has no dependency on prom-client, not even a type one.
 *
 * @see https://github.com/siimon/prom-client
 */
export interface PromClientModule<R> {
  /** prom-client's Gauge class. */
  Gauge: new (
    config: PromControllerMetricConfig<R>,
  ) => PromLabels<{ inc(value?: number): void; set(value: number): void }>;
  /** prom-client's Counter class. */
  Counter: new (config: PromControllerMetricConfig<R>) => PromLabels<{ inc(): void }>;
  /** prom-client's Histogram class. */
  Histogram: new (
    config: PromControllerMetricConfig<R> & { buckets: number[] },
  ) => PromLabels<{ observe(value: number): void }>;
  /** prom-client's global registry. */
  register: R;
}

/** controller-runtime's reconcile time buckets (seconds). */
const reconcileTimeBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9,
  1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];

/**
 * {@link ControllerMetrics} in prom-client, with controller-runtime's metric names, so existing
 * dashboards and alerts work: `controller_runtime_reconcile_total`,
 * `controller_runtime_reconcile_errors_total`, `controller_runtime_terminal_reconcile_errors_total`,
 * `controller_runtime_reconcile_time_seconds`,
 * `controller_runtime_active_workers`, `controller_runtime_max_concurrent_reconciles`.
 * Registers them when called: call once per registry and share the result between controllers.
 *
 * @example
 * ```ts
 * import * as promClient from 'prom-client';
 * const metrics = prometheusControllerMetrics(promClient);
 * const controller = newController({ name: 'tfjob', metrics, reconcile });
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/internal/controller/metrics/metrics.go
 */
export function prometheusControllerMetrics<R>(
  promClient: PromClientModule<R>,
  options: { registry?: R } = {},
): ControllerMetrics {
  const registers = [options.registry ?? promClient.register];
  const config = (name: string, help: string, labelNames = ['controller']) => ({
    name: `controller_runtime_${name}`,
    help,
    labelNames,
    registers,
  });
  const total = new promClient.Counter(
    config('reconcile_total', 'Total number of reconciliations per controller', [
      'controller',
      'result',
    ]),
  );
  const errors = new promClient.Counter(
    config('reconcile_errors_total', 'Total number of reconciliation errors per controller'),
  );
  const terminal = new promClient.Counter(
    config(
      'terminal_reconcile_errors_total',
      'Total number of terminal reconciliation errors per controller',
    ),
  );
  const time = new promClient.Histogram({
    ...config('reconcile_time_seconds', 'Length of time per reconciliation per controller'),
    buckets: reconcileTimeBuckets,
  });
  const active = new promClient.Gauge(
    config('active_workers', 'Number of currently used workers per controller'),
  );
  const max = new promClient.Gauge(
    config('max_concurrent_reconciles', 'Maximum number of concurrent reconciles per controller'),
  );
  return {
    reconciled(controller, outcome, seconds) {
      const isTerminal = outcome === 'terminal_error';
      total.labels(controller, isTerminal ? 'error' : outcome).inc();
      if (outcome === 'error' || isTerminal) errors.labels(controller).inc();
      if (isTerminal) terminal.labels(controller).inc();
      time.labels(controller).observe(seconds);
    },
    activeWorkers: (controller, delta) => active.labels(controller).inc(delta),
    maxConcurrentReconciles: (controller, workers) => max.labels(controller).set(workers),
  };
}
