import type { FieldError } from '@kubekit/apimachinery';
import { invalid } from '../../semantics/schema/field-error';
import { nonNegative } from './number-validation';
import type { JsonMap } from '../../semantics/json';

/**
 * kube-apiserver's validation of the status an apps/v1 workload's status subresource stores
 * (ValidateDeploymentStatus, ValidateReplicaSetStatus, ValidateStatefulSetStatus,
 * ValidateDaemonSetStatus): non-negative counters, then replica counts that may not exceed the
 * total (or the ready count), with kube's messages and order.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/validation/validation.go
 */

/** Every counter non-negative, in `fields` order. */
function counters(status: JsonMap, fields: string[]): FieldError[] {
  return fields.flatMap((f) => nonNegative(`status.${f}`, status[f]));
}

/** `status.<field>: Invalid value: N: cannot be greater than <than>` when it is. */
function notAbove(status: JsonMap, field: string, limit: string, than: string): FieldError[] {
  const value = status[field] ?? 0;
  return value > (status[limit] ?? 0)
    ? [invalid(`status.${field}`, value, `cannot be greater than ${than}`)]
    : [];
}

function deploymentStatus(s: JsonMap): FieldError[] {
  return [
    ...counters(s, [
      'observedGeneration',
      'replicas',
      'updatedReplicas',
      'readyReplicas',
      'availableReplicas',
      'unavailableReplicas',
      'collisionCount',
    ]),
    ...notAbove(s, 'readyReplicas', 'replicas', 'status.replicas'),
    ...notAbove(s, 'availableReplicas', 'replicas', 'status.replicas'),
    ...notAbove(s, 'availableReplicas', 'readyReplicas', 'readyReplicas'),
  ];
}

function replicaSetStatus(s: JsonMap): FieldError[] {
  return [
    ...counters(s, [
      'replicas',
      'fullyLabeledReplicas',
      'readyReplicas',
      'availableReplicas',
      'observedGeneration',
    ]),
    ...notAbove(s, 'fullyLabeledReplicas', 'replicas', 'status.replicas'),
    ...notAbove(s, 'readyReplicas', 'replicas', 'status.replicas'),
    ...notAbove(s, 'availableReplicas', 'replicas', 'status.replicas'),
    ...notAbove(s, 'availableReplicas', 'readyReplicas', 'readyReplicas'),
  ];
}

function statefulSetStatus(s: JsonMap): FieldError[] {
  return [
    ...counters(s, [
      'replicas',
      'readyReplicas',
      'currentReplicas',
      'updatedReplicas',
      'availableReplicas',
      'observedGeneration',
      'collisionCount',
    ]),
    ...notAbove(s, 'readyReplicas', 'replicas', 'status.replicas'),
    ...notAbove(s, 'currentReplicas', 'replicas', 'status.replicas'),
    ...notAbove(s, 'updatedReplicas', 'replicas', 'status.replicas'),
    ...notAbove(s, 'availableReplicas', 'replicas', 'status.replicas'),
    ...notAbove(s, 'availableReplicas', 'readyReplicas', 'status.readyReplicas'),
  ];
}

function daemonSetStatus(s: JsonMap): FieldError[] {
  return counters(s, [
    'currentNumberScheduled',
    'numberMisscheduled',
    'desiredNumberScheduled',
    'numberReady',
    'observedGeneration',
    'updatedNumberScheduled',
    'numberAvailable',
    'numberUnavailable',
    'collisionCount',
  ]);
}

const byKind: Record<string, (status: JsonMap) => FieldError[]> = {
  Deployment: deploymentStatus,
  ReplicaSet: replicaSetStatus,
  StatefulSet: statefulSetStatus,
  DaemonSet: daemonSetStatus,
};

/** The status validation of an apps/v1 workload of `kind` written through `status`. */
export function validateWorkloadStatus(kind: string, obj: JsonMap): FieldError[] {
  const status = obj.status;
  return byKind[kind]?.(status && typeof status === 'object' ? status : {}) ?? [];
}
