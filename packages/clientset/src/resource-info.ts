/**
 * ResourceInfo: what a typed client needs to know about one resource, and the scheme
 * registration built from it.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/kubernetes/scheme/register.go
 * @packageDocumentation
 */
import type {
  GroupVersionKind,
  GroupVersionResource,
  KubeObject,
  Scheme,
} from '@kubekit/apimachinery';

/** The key of {@link ResourceInfo}'s type-only object member; no value exists at runtime. */
declare const objectType: unique symbol;

/**
 * One resource of one group version, as kubekit-gen writes it into generated code (and as
 * discovery describes it).
 *
 * `T` is the type of the resource's objects (`ResourceInfo<CronTab>` for a generated
 * `cronTabsResource`): it lives only in the type system, so APIs taking a resource (the
 * controller builder's `for`, `Manager.client`) infer the object type from it. It defaults to
 * {@link KubeObject} for resources known only at runtime (discovery).
 */
export interface ResourceInfo<T extends KubeObject = KubeObject> {
  /** Type-only: carries `T`; never set (generated constants and discovery leave it out). */
  readonly [objectType]?: T;
  /** The API group; `''` is the core group. */
  readonly group: string;
  readonly version: string;
  /** CamelCase kind, e.g. `Deployment`. */
  readonly kind: string;
  /** The resource: lower-case plural, e.g. `deployments`. */
  readonly plural: string;
  /** Lower-case singular, e.g. `deployment`. */
  readonly singular: string;
  /** The kind of lists, e.g. `DeploymentList`. */
  readonly listKind: string;
  /** True for namespaced resources, false for cluster-scoped ones. */
  readonly namespaced: boolean;
  /** Short names such as `deploy`. */
  readonly shortNames: readonly string[];
  /** Subresources the server serves, e.g. `status`, `scale`, `log`. */
  readonly subresources: readonly string[];
  /** Categories the resource belongs to (`all`: what `kubectl get all` shows). */
  readonly categories?: readonly string[];
  /** The verbs the server serves (`get`, `list`, `watch`, `create`, ...); absent: all of them. */
  readonly verbs?: readonly string[];
}

/** The kind of a resource. */
export function gvkOf(info: ResourceInfo): GroupVersionKind {
  return { group: info.group, version: info.version, kind: info.kind };
}

/** The group-version-resource of a resource. */
export function gvrOf(info: ResourceInfo): GroupVersionResource {
  return { group: info.group, version: info.version, resource: info.plural };
}

/** The `apiVersion` of objects of a resource (`v1`, `apps/v1`). */
export function apiVersionOf(info: ResourceInfo): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/**
 * Registers the kinds of `resources` in `scheme` (kind, plural, singular, scope, list kind,
 * short names). Kinds the scheme already knows are left as they are, so calling an
 * `addToScheme` twice is harmless.
 */
export function registerResources(scheme: Scheme, resources: readonly ResourceInfo[]): void {
  for (const info of resources) {
    const gvk = gvkOf(info);
    if (scheme.recognizes(gvk)) continue;
    scheme.register({
      gvk,
      plural: info.plural,
      singular: info.singular,
      namespaced: info.namespaced,
      listKind: info.listKind,
      shortNames: [...info.shortNames],
    });
  }
}
