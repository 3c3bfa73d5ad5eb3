import { apiRequest, type ApiTarget } from './api-request';
import { RealApiServerError } from './real-apiserver-error';

const RW = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'];

/**
 * What the TFJob controller may do, and nothing more: its own custom resources, the pods and
 * services it creates, events, leader-election leases and the gang-scheduling PodGroups of
 * Volcano and scheduler-plugins.
 */
export const TFJOB_CONTROLLER_RULES = [
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
export async function applyTfjobControllerRbac(admin: ApiTarget, user: string): Promise<void> {
  const base = '/apis/rbac.authorization.k8s.io/v1';
  await create(admin, `${base}/clusterroles`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: TFJOB_CONTROLLER_ROLE },
    rules: TFJOB_CONTROLLER_RULES,
  });
  await create(admin, `${base}/clusterrolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: TFJOB_CONTROLLER_ROLE },
    roleRef: {
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: TFJOB_CONTROLLER_ROLE,
    },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  });
}

async function create(admin: ApiTarget, path: string, body: unknown): Promise<void> {
  const res = await apiRequest(admin, { method: 'POST', path, body });
  if (res.status !== 201) {
    throw new RealApiServerError('request-failed', `POST ${path}: ${res.status} ${res.body}`);
  }
}
