/**
 * Group / version / kind / resource identifiers (k8s.io/apimachinery/pkg/runtime/schema).
 * The core group is the empty string.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/runtime/schema/group_version.go
 */

/** An API group and version, e.g. `{ group: 'apps', version: 'v1' }`. */
export interface GroupVersion {
  group: string;
  version: string;
}

/** A kind in a group (no version), e.g. `{ group: 'apps', kind: 'Deployment' }`. */
export interface GroupKind {
  group: string;
  kind: string;
}

/** A resource in a group (no version), e.g. `{ group: 'apps', resource: 'deployments' }`. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** A kind in a group and version. */
export interface GroupVersionKind extends GroupVersion {
  kind: string;
}

/** A resource (lower-case plural) in a group and version. */
export interface GroupVersionResource extends GroupVersion {
  resource: string;
}

/** `deployments.apps`, or `pods` for the core group: how kube-apiserver names a resource in messages. */
export function formatGroupResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}
