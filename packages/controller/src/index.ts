/**
 * @kubekit/controller: the glue every Kubernetes controller repeats: informers -> rate-limited
 * queue -> reconcile workers, controller expectations, owner references (claim / adopt /
 * release), finalizers, the metrics and health server, and a leader-elected manager.
 * @packageDocumentation
 */
export type { ControllerErrorReason } from './controller-error';
export { ControllerError, terminalError, isTerminalError } from './controller-error';
export type { Logger, LogFields, ConsoleLoggerOptions } from './logger';
export { consoleLogger } from './logger';
export type { Controller, ControllerOptions, WatchableInformer, WatchOptions } from './controller';
export type { Reconciler, ReconcileContext, Result } from './reconcile';
export { newController } from './controller';
export type { MapToKeys, EnqueueForOwnerOptions } from './handlers';
export { enqueueForObject, enqueueForOwner } from './handlers';
export type { Predicate } from './predicates';
export {
  generationChangedPredicate,
  resourceVersionChangedPredicate,
  labelChangedPredicate,
} from './predicates';
export type {
  ControllerMetrics,
  ReconcileOutcome,
  PromClientModule,
  PromControllerMetricConfig,
  PromLabels,
} from './controller-metrics';
export { noopControllerMetrics, prometheusControllerMetrics } from './controller-metrics';
export type {
  ControllerExpectations,
  ControllerExpectationsOptions,
  Expectations,
} from './controller-expectations';
export {
  ExpectationsTimeoutMs,
  newControllerExpectations,
  expectationsObserver,
} from './controller-expectations';
export type { PatchClient, PatchCallOptions, PatchClientFromRestOptions } from './patch-client';
export { patchClientFromRest } from './patch-client';
export type { ClaimObjectsOptions } from './controller-ref-manager';
export { claimObjects } from './controller-ref-manager';
export type { FinalizerOptions } from './finalizers';
export { hasFinalizer, isBeingDeleted, addFinalizer, removeFinalizer } from './finalizers';
export type {
  HealthCheck,
  MetricsRegistry,
  ManagerServer,
  ManagerServerOptions,
} from './manager-server';
export { startManagerServer } from './manager-server';
export type {
  Runnable,
  StartableFactory,
  ManagerLeaderElection,
  ControllerManagerOptions,
} from './controller-manager';
export { runControllerManager, factoryRunnable } from './controller-manager';
export type { SignalHandlerOptions } from './signals';
export { setupSignalHandler } from './signals';
export type { Manager, ManagerOptions, LeaderElectionOptions, PrometheusModule } from './manager';
export { newManager } from './manager';
export type {
  ControllerBuilderOptions,
  FinalizerSpec,
  ObjectContext,
  ObjectEventRecorder,
  ObjectReconciler,
  StatusOf,
  StatusPatch,
  WatchSpec,
} from './builder';
export { watch } from './builder';
