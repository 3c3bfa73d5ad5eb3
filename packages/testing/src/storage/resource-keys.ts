/**
 * The keys of a resource's objects: the group/resource errors name, the `ns/name` key of the
 * store and the etcd key kube-apiserver shows in storage errors.
 */
import { newBadRequest, type GroupResource } from '@kubekit/apimachinery';
import { goQuote } from '../go/go-strconv';
import { isValidPathSegmentName } from '../semantics/schema/name-validation';
import type { ResourceDef } from './resource-def';
import { objectKey } from './store';

/** The group and resource of a definition, as errors name them. */
export function groupResource(def: ResourceDef): GroupResource {
  return { group: def.group, resource: def.resource };
}

/**
 * The `ns/name` key of an object of `def`, as kube's registry KeyFunc computes it: a name that
 * cannot be a path segment (`.`, `..`, with `/` or `%`) fails with 400 `Name parameter invalid:
 * ".": may not be '.'`, so no request can name a namespace or a collection by a dot segment.
 */
export function keyOf(def: ResourceDef, namespace: string | undefined, name: string): string {
  const problems = isValidPathSegmentName(name);
  if (problems.length)
    throw newBadRequest(`Name parameter invalid: ${goQuote(name)}: ${problems.join(';')}`);
  return objectKey(def.namespaced ? namespace : undefined, name);
}

/** The etcd key kube-apiserver stores an object under (shown in storage errors). */
export function storageKey(def: ResourceDef, namespace: string | undefined, name: string): string {
  const prefix = def.crdName
    ? `/registry/${def.group}/${def.resource}`
    : `/registry/${def.resource}`;
  return def.namespaced ? `${prefix}/${namespace}/${name}` : `${prefix}/${name}`;
}
