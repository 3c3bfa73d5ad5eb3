import type { ObjectMeta } from '@kubekit/apimachinery';

/**
 * The spec of a coordination.k8s.io/v1 Lease. Times are MicroTime strings
 * (`2006-01-02T15:04:05.000000Z`).
 *
 * @see https://kubernetes.io/docs/reference/kubernetes-api/cluster-resources/lease-v1/
 */
export interface LeaseSpec {
  /** The identity of the current holder; empty or absent when the lease is free. */
  holderIdentity?: string;
  /** How long, in seconds, candidates must wait after last observing a change before taking over. */
  leaseDurationSeconds?: number;
  /** When the current holder acquired the lease. */
  acquireTime?: string;
  /** When the current holder last renewed the lease. */
  renewTime?: string;
  /** How many times the lease changed hands; kubekit uses it as a fencing token. */
  leaseTransitions?: number;
  /** The strategy for picking a leader in coordinated leader election (not used by kubekit). */
  strategy?: string;
  /** The identity a coordinated leader election would like to hold the lease (not used by kubekit). */
  preferredHolder?: string;
}

/** A coordination.k8s.io/v1 Lease, the object a {@link LeaseLock} coordinates on. */
export interface Lease {
  /** Always `coordination.k8s.io/v1` when sent by kubekit. */
  apiVersion?: string;
  /** Always `Lease` when sent by kubekit. */
  kind?: string;
  /** Name, namespace and the resourceVersion that makes updates optimistic. */
  metadata: ObjectMeta;
  /** Who holds the lease, since when and for how long. */
  spec?: LeaseSpec;
}
