/**
 * @kubekit/leaderelection: leader election on a coordination.k8s.io/v1 Lease (client-go's
 * tools/leaderelection), with release on cancel, fencing tokens and a health check.
 * @packageDocumentation
 */
export type { Clock } from './clock';
export { monotonicClock } from './clock';
export { LeaderElectionError } from './leader-election-error';
export type { LeaderElectionErrorReason } from './leader-election-error';
export type { Lease, LeaseSpec } from './lease';
export type {
  LeaderElectionRecord,
  LockSnapshot,
  LockCallOptions,
  ResourceLock,
} from './resource-lock';
export { LeaseLock } from './lease-lock';
export type { LeaseClient, LeaseLockOptions } from './lease-lock';
export { leaseClientFromRest } from './lease-client-from-rest';
export type { LeaseClientFromRestOptions } from './lease-client-from-rest';
export { LeaderElector } from './leader-elector';
export { HealthzAdaptor } from './healthz-adaptor';
export type { HealthzAdaptorOptions } from './healthz-adaptor';
export type {
  LeaderElectorOptions,
  LeadershipTerm,
  RunOptions,
  LeaderElectionHealth,
} from './leader-election-config';
