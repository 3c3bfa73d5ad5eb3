import type { ApiTarget } from './api-request';
import { bindClusterRole, type PolicyRule } from './cluster-role';

const RW = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * What the TFJob controller may do, and nothing more: its own custom resources, the pods and
 * services it creates, events, leader-election leases and the gang-scheduling PodGroups of
 * Volcano and scheduler-plugins.
 */
export const TFJOB_CONTROLLER_RULES: readonly PolicyRule[] = [
  {
    apiGroups: ['kubeflow.org'],
    resources: ['tfjobs', 'tfjobs/status', 'tfjobs/finalizers'],
    verbs: RW,
  },
  { apiGroups: [''], resources: ['pods', 'services'], verbs: RW },
  { apiGroups: [''], resources: ['events'], verbs: ['create', 'update', 'patch'] },
  { apiGroups: ['events.k8s.io'], resources: ['events'], verbs: ['create', 'update', 'patch'] },
  {
    apiGroups: ['coordination.k8s.io'],
    resources: ['leases'],
    verbs: ['get', 'list', 'watch', 'create', 'update', 'patch'],
  },
  {
    apiGroups: ['scheduling.volcano.sh', 'scheduling.x-k8s.io'],
    resources: ['podgroups'],
    verbs: RW,
  },
];

/** Name of the ClusterRole and ClusterRoleBinding {@link applyTfjobControllerRbac} creates. */
export const TFJOB_CONTROLLER_ROLE = 'kubekit:tfjob-controller';

/**
 * Creates the ClusterRole with {@link TFJOB_CONTROLLER_RULES} and binds it to `user`.
 *
 * @throws RealApiServerError `request-failed` when the server refuses either object.
 */
export function applyTfjobControllerRbac(admin: ApiTarget, user: string): Promise<void> {
  return bindClusterRole(admin, TFJOB_CONTROLLER_ROLE, TFJOB_CONTROLLER_RULES, user);
}
