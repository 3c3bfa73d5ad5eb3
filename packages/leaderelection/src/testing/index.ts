/**
 * @kubekit/leaderelection/testing: an in-memory Lease store with optimistic concurrency and
 * latency / failure injection, for testing code that uses leader election without a server.
 * @packageDocumentation
 */
export { FakeLeaseStore } from './fake-lease-store';
export type { FakeLeaseCall, FakeLeaseClientHooks } from './fake-lease-store';
