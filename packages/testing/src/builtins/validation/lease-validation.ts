import type { FieldError } from '@kubekit/apimachinery';
import { invalid } from '../../semantics/schema/field-error';
import type { Obj } from '../../storage/store';

/**
 * A written Lease as kube-apiserver stores it: `spec` always there (a Go struct), without the
 * fields of a disabled feature (CoordinatedLeaderElection is off by default in 1.34): a create
 * drops them, an update keeps them only if the stored lease has them.
 */
export function normalizeLease(lease: Obj, old: Obj | undefined): void {
  const spec: Obj = (lease.spec ??= {});
  for (const key of ['strategy', 'preferredHolder']) {
    if (old?.spec?.[key] === undefined) delete spec[key];
  }
}

/**
 * ValidateLeaseSpec of coordination.k8s.io/v1 Leases, with kube's messages.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/coordination/validation/validation.go
 */
export function validateLease(lease: Obj): FieldError[] {
  const spec: Obj = lease.spec ?? {};
  const errs: FieldError[] = [];
  const duration: unknown = spec.leaseDurationSeconds;
  if (typeof duration === 'number' && duration <= 0)
    errs.push(invalid('spec.leaseDurationSeconds', duration, 'must be greater than 0'));
  const transitions: unknown = spec.leaseTransitions;
  if (typeof transitions === 'number' && transitions < 0)
    errs.push(invalid('spec.leaseTransitions', transitions, 'must be greater than or equal to 0'));
  return errs;
}
