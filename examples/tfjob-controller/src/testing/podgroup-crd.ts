/**
 * A minimal PodGroup CustomResourceDefinition of `group`/`version` (volcano's
 * `scheduling.volcano.sh/v1beta1` or scheduler-plugins' `scheduling.x-k8s.io/v1alpha1`):
 * namespaced, schemaless spec and status, enough for tests of gang scheduling.
 */
export function podGroupCrd(group: string, version: string): Record<string, unknown> {
  const open = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `podgroups.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: {
        kind: 'PodGroup',
        listKind: 'PodGroupList',
        plural: 'podgroups',
        singular: 'podgroup',
      },
      versions: [
        {
          name: version,
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec: open, status: open } } },
        },
      ],
    },
  };
}
