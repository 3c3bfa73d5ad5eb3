import type { TypeMeta } from './meta';
import { GroupVersionError } from './group-version-error';

/**
 * Group / version / kind / resource identifiers (k8s.io/apimachinery/pkg/runtime/schema).
 * The core group is the empty string: `v1` is `{ group: '', version: 'v1' }`.
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

/**
 * Parses `apps/v1` or `v1` (schema.ParseGroupVersion).
 *
 * @throws {@link GroupVersionError} (`InvalidGroupVersion`, naming the input) for an empty
 *   string, more than one `/`, or an empty group or version around the `/`.
 */
export function parseGroupVersion(text: string): GroupVersion {
  const parts = text.split('/');
  const [first = '', second] = parts;
  if (parts.length === 1 && first !== '') return { group: '', version: first };
  if (parts.length === 2 && first !== '' && second) return { group: first, version: second };
  throw new GroupVersionError(
    'InvalidGroupVersion',
    text,
    `unexpected GroupVersion string ${JSON.stringify(text)}: expected "version" or "group/version"`,
  );
}

/** `apps/v1`, or `v1` for the core group: the `apiVersion` of objects in `gv`. */
export function formatGroupVersion(gv: GroupVersion): string {
  return gv.group ? `${gv.group}/${gv.version}` : gv.version;
}

/**
 * The `apiVersion` field for a group version (or a GVK): the same text as
 * {@link formatGroupVersion}, named for the call sites that fill in objects.
 */
export const apiVersionOf: (gv: GroupVersion) => string = formatGroupVersion;

/** `apps/v1, Kind=Deployment` (`/v1, Kind=Pod` in the core group), as client-go prints a GVK. */
export function formatGroupVersionKind(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}, Kind=${gvk.kind}`;
}

/** `apps/v1, Resource=deployments`, as client-go prints a GVR. */
export function formatGroupVersionResource(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;
}

/** `deployments.apps`, or `pods` for the core group: how kube-apiserver names a resource in messages. */
export function formatGroupResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

/** `Deployment.apps`, or `Pod` for the core group. */
export function formatGroupKind(gk: GroupKind): string {
  return gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
}

/** Parses `deployments.apps` (group after the first `.`) or `pods` (schema.ParseGroupResource). */
export function parseGroupResource(text: string): GroupResource {
  const dot = text.indexOf('.');
  return dot < 0
    ? { group: '', resource: text }
    : { group: text.slice(dot + 1), resource: text.slice(0, dot) };
}

/** Parses `Deployment.apps` (group after the first `.`) or `Pod` (schema.ParseGroupKind). */
export function parseGroupKind(text: string): GroupKind {
  const { group, resource } = parseGroupResource(text);
  return { group, kind: resource };
}

/**
 * The GVK named by an `apiVersion` and a `kind` (schema.FromAPIVersionAndKind).
 *
 * @throws {@link GroupVersionError} when `apiVersion` is malformed.
 */
export function fromAPIVersionAndKind(apiVersion: string, kind: string): GroupVersionKind {
  return { ...parseGroupVersion(apiVersion), kind };
}

/**
 * The GVK an object declares in `apiVersion` and `kind`.
 *
 * @throws {@link GroupVersionError}: `MissingAPIVersion` / `MissingKind` when a field is absent
 *   or empty, `InvalidGroupVersion` when `apiVersion` is malformed.
 */
export function gvkFromObject(obj: TypeMeta): GroupVersionKind {
  if (!obj.apiVersion) {
    throw new GroupVersionError('MissingAPIVersion', '', 'object has no apiVersion');
  }
  if (!obj.kind) {
    throw new GroupVersionError(
      'MissingKind',
      '',
      `object of apiVersion ${JSON.stringify(obj.apiVersion)} has no kind`,
    );
  }
  return fromAPIVersionAndKind(obj.apiVersion, obj.kind);
}

/** Sets `apiVersion` and `kind` of `obj` from `gvk` (in place) and returns `obj`. */
export function setGroupVersionKind<T extends TypeMeta>(obj: T, gvk: GroupVersionKind): T {
  obj.apiVersion = formatGroupVersion(gvk);
  obj.kind = gvk.kind;
  return obj;
}

/** True when both name the same group and version. */
export function gvEquals(a: GroupVersion, b: GroupVersion): boolean {
  return a.group === b.group && a.version === b.version;
}

/** True when both name the same group, version and kind. */
export function gvkEquals(a: GroupVersionKind, b: GroupVersionKind): boolean {
  return gvEquals(a, b) && a.kind === b.kind;
}

/** True when both name the same group, version and resource. */
export function gvrEquals(a: GroupVersionResource, b: GroupVersionResource): boolean {
  return gvEquals(a, b) && a.resource === b.resource;
}

const kubeVersion = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

/**
 * Orders versions by Kubernetes priority (version.CompareKubeAwareVersionStrings): GA before
 * beta before alpha, then higher major, then higher minor; kube-like versions (`v2`, `v1beta1`)
 * before any other, which sort alphabetically. Positive when `a` has the higher priority, so
 * `versions.sort((a, b) => compareKubeAwareVersions(b, a))` lists the preferred version first:
 * `v2, v1, v1beta2, v1beta1, v1alpha1, foo`.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/version/helpers.go
 */
export function compareKubeAwareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const pa = kubeVersion.exec(a);
  const pb = kubeVersion.exec(b);
  if (!pa || !pb) {
    if (pa) return 1;
    if (pb) return -1;
    return a < b ? 1 : -1;
  }
  /** alpha < beta < GA */
  const rank = (m: RegExpExecArray): number => (m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2);
  return (
    rank(pa) - rank(pb) || Number(pa[1]) - Number(pb[1]) || Number(pa[3] ?? 0) - Number(pb[3] ?? 0)
  );
}
