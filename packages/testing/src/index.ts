/**
 * @kubekit/testing: an in-memory Kubernetes API server that speaks the real HTTP and watch
 * protocol, plus fixtures for tests.
 * @packageDocumentation
 */
export { startApiServer } from './api-server';
export type {
  ApiServer,
  ApiServerOptions,
  FaultInjector,
  FailureRule,
  KubeConfigFile,
  PodLogHook,
  PodLogRequest,
  StoredObject,
} from './api-server';
export {
  MaxRequestBodyBytes,
  MaxNestingDepth,
  MaxJsonPatchOperations,
  MaxJsonPatchCopyBytes,
  DefaultWatchBufferBytesPerWatcher,
  DefaultWatchBufferBytesTotal,
  DefaultWatchHistoryBytes,
  DefaultRequestTimeoutMs,
} from './limits';
export type { StorageAccess, ResourceRef, StorageDeleteOptions } from './storage-access';
export { fixtures } from './fixtures';
export type { MetaOverrides, PodFixtureOptions, CrdFixtureOptions } from './fixtures';
// LocalKubelet lives in `@kubekit/testing/kubelet`; the pod types stay here too because
// simulate()'s options take them.
export type { KubeletPod, KubeletContainer } from './kubelet/kubelet-pod';
export { startServerUnderTest, testServerKind } from './server-under-test';
export type { ServerUnderTest, ServerUnderTestOptions, TestServerKind } from './server-under-test';
export { simulate, simulateSeeds, SimulationFailure } from './simulation/simulate';
export type { SimulationResult } from './simulation/simulate';
export type {
  SimulationOptions,
  SimulationRun,
  SimulationEnv,
  SimulationConnection,
  SimulationManagerContext,
} from './simulation/simulation-types';
export type {
  SimulationInvariant,
  SimulationView,
  SimulationChange,
  Violation,
} from './simulation/invariants';
export { defaultFaultRates, describeFault } from './simulation/fault-schedule';
export type { FaultEvent, FaultKind, FaultRates } from './simulation/fault-schedule';
export type { SimPodPlan } from './simulation/sim-kubelet';
export type {
  InProcessTransport,
  InProcessRequest,
  InProcessResponse,
} from './simulation/in-process-network';
export { VirtualClock } from './simulation/virtual-clock';
export { seededRandom } from './simulation/random';
export type { SeededRandom } from './simulation/random';
