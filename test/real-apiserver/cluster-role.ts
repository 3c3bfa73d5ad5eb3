import { createObject, type ApiTarget } from './api-request';

/** One rule of a ClusterRole. */
export interface PolicyRule {
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly verbs: readonly string[];
}

/**
 * Creates ClusterRole `name` with `rules` and a ClusterRoleBinding of the same name that grants
 * it to `user`.
 *
 * @throws RealApiServerError `request-failed` when the server refuses either object.
 */
export async function bindClusterRole(
  admin: ApiTarget,
  name: string,
  rules: readonly PolicyRule[],
  user: string,
): Promise<void> {
  const base = '/apis/rbac.authorization.k8s.io/v1';
  await createObject(admin, `${base}/clusterroles`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name },
    rules,
  });
  await createObject(admin, `${base}/clusterrolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  });
}
