import type { GroupVersionKind } from '@kubekit/apimachinery';
import { PatchError } from './patch-error';
import {
  cloneJson,
  goFormat,
  isJsonObject,
  canonicalKey,
  ownValue,
  setOwn,
  type JsonObject,
  type JsonValue,
} from '../json';
import { builtinTypeNode, childNode, isBuiltinGroup, type TypeNode } from './patch-meta';

/**
 * Strategic merge patch as kube-apiserver applies it (`application/strategic-merge-patch+json`):
 * a JSON merge patch whose lists merge by the patch strategy of their field (containers by
 * `name`, ports by `containerPort`, finalizers as a set, ...) and which understands the
 * directives `$patch: replace|delete`, `$retainKeys`, `$deleteFromPrimitiveList/<field>`
 * and `$setElementOrder/<field>`. `null` deletes a key.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/strategicpatch/patch.go
 */

const directiveMarker = '$patch';
const retainKeysDirective = '$retainKeys';
const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList/';
const setElementOrderPrefix = '$setElementOrder/';

/** The media types kube-apiserver accepts for PATCH of a custom resource. */
export const CustomResourcePatchTypes = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/apply-patch+yaml',
] as const;

/**
 * True when kube-apiserver accepts strategic merge patch for this kind: built-in groups only.
 * For custom resources the server must answer {@link unsupportedStrategicMergePatch} (415).
 */
export function supportsStrategicMergePatch(gvk: Pick<GroupVersionKind, 'group'>): boolean {
  return isBuiltinGroup(gvk.group);
}

/**
 * The error kube-apiserver answers for a strategic merge patch of a custom resource:
 * 415 UnsupportedMediaType, `the body of the request was in an unknown format - accepted media
 * types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`.
 */
export function unsupportedStrategicMergePatch(): PatchError {
  return new PatchError(
    'UnsupportedMediaType',
    `the body of the request was in an unknown format - accepted media types include: ${CustomResourcePatchTypes.join(', ')}`,
  );
}

/** Options of {@link applyStrategicMergePatch}. */
export interface StrategicMergePatchOptions {
  /** Overrides the built-in table (e.g. a type described from a schema). */
  typeNode?: TypeNode;
}

/**
 * Applies a strategic merge patch to a copy of `doc` (which is not changed), using the patch
 * strategies of the built-in kind `gvk`. Kinds the table does not describe merge as JSON merge
 * patch does, with the directives still honoured.
 *
 * Errors ({@link PatchError}): `MalformedPatch` (400) for a patch that is not an object or a
 * malformed directive (`invalid patch format of primitive list`, `... of retainKeys`,
 * `... of setElementOrder list`); `InvalidStrategicMerge` (422) for lists of lists and content
 * outside `$retainKeys`; `MergeFailed` (500) for an element without its merge key or an unknown
 * `$patch` value, with kube's message (`map: map[image:x] does not contain declared merge key: name`).
 */
export function applyStrategicMergePatch<T = unknown>(
  doc: T,
  patch: unknown,
  gvk: Pick<GroupVersionKind, 'group' | 'kind'>,
  options: StrategicMergePatchOptions = {},
): T {
  if (!isJsonObject(patch)) {
    throw new PatchError('MalformedPatch', 'invalid JSON document');
  }
  const original = isJsonObject(doc) ? (cloneJson(doc) as JsonObject) : {};
  return mergeMap(original, patch, options.typeNode ?? builtinTypeNode(gvk)) as unknown as T;
}

function mergeMap(
  original: JsonObject,
  patchIn: JsonObject,
  node: TypeNode | undefined,
): JsonObject {
  const patch: JsonObject = { ...patchIn };
  const directive = patch[directiveMarker];
  if (directive !== undefined) {
    delete patch[directiveMarker];
    if (directive === 'replace') return mergeMap({}, patch, node);
    if (directive === 'delete') return {};
    // kube accepts no other directive on a map (`merge` included).
    throw new PatchError(
      'MergeFailed',
      `unknown patch type: ${goFormat(directive)} in map: ${goFormat(patchIn)}`,
    );
  }
  let result = original;
  if (Object.hasOwn(patch, retainKeysDirective)) {
    result = retainKeys(result, patch);
  }
  const orders: Array<[string, JsonValue]> = [];
  for (const key of Object.keys(patch)) {
    if (key.startsWith(deleteFromPrimitiveListPrefix)) {
      const values = patch[key];
      delete patch[key];
      if (!Array.isArray(values)) {
        throw new PatchError('MalformedPatch', 'invalid patch format of primitive list');
      }
      const field = key.slice(deleteFromPrimitiveListPrefix.length);
      const current = ownValue(result, field);
      const drop = new Set(values.map(canonicalKey));
      if (Array.isArray(current)) {
        setOwn(
          result,
          field,
          current.filter((v) => !drop.has(canonicalKey(v))),
        );
      }
    } else if (key.startsWith(setElementOrderPrefix)) {
      const order = patch[key];
      delete patch[key];
      if (!Array.isArray(order)) {
        throw new PatchError('MalformedPatch', 'invalid patch format of setElementOrder list');
      }
      orders.push([key.slice(setElementOrderPrefix.length), order]);
    }
  }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
      continue;
    }
    if (!Object.hasOwn(result, key) && isDirectiveOnly(value, 'delete')) continue;
    setOwn(result, key, mergeValue(ownValue(result, key), value, childNode(node, key)));
  }
  for (const [field, order] of orders) {
    const list = ownValue(result, field);
    if (Array.isArray(list)) {
      setOwn(result, field, applyElementOrder(list, order as JsonValue[], childNode(node, field)));
    }
  }
  return result;
}

function retainKeys(original: JsonObject, patch: JsonObject): JsonObject {
  const keep = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(keep) || keep.some((k) => typeof k !== 'string')) {
    throw new PatchError('MalformedPatch', 'invalid patch format of retainKeys');
  }
  for (const key of Object.keys(patch)) {
    if (!key.startsWith('$') && !keep.includes(key)) {
      throw new PatchError('InvalidStrategicMerge', "patch content doesn't match retainKeys list");
    }
  }
  return Object.fromEntries(Object.entries(original).filter(([k]) => keep.includes(k)));
}

function mergeValue(
  original: JsonValue | undefined,
  patch: JsonValue,
  node: TypeNode | undefined,
): JsonValue {
  if (isJsonObject(patch)) {
    const base = isJsonObject(original) && !node?.atomic ? original : {};
    return mergeMap(base, patch, node);
  }
  if (Array.isArray(patch)) {
    return mergeList(Array.isArray(original) ? original : [], patch, node);
  }
  return patch;
}

function isDirectiveOnly(value: JsonValue, directive: string): boolean {
  return (
    isJsonObject(value) && value[directiveMarker] === directive && Object.keys(value).length === 1
  );
}

function mergeList(
  original: JsonValue[],
  patch: JsonValue[],
  node: TypeNode | undefined,
): JsonValue[] {
  if (patch.some((v) => Array.isArray(v))) {
    throw new PatchError('InvalidStrategicMerge', 'lists of lists are not supported');
  }
  if (!node?.mergeStrategy) return cloneJson(patch);
  if (patch.some((v) => isDirectiveOnly(v, 'replace'))) {
    return mergeList(
      [],
      patch.filter((v) => !isDirectiveOnly(v, 'replace')),
      node,
    );
  }
  const mergeKey = node.mergeKey;
  const hasMaps = patch.some(isJsonObject) || original.some(isJsonObject);
  if (!hasMaps || mergeKey === undefined) {
    const seen = new Set<string>();
    const result: JsonValue[] = [];
    for (const v of [...original, ...patch]) {
      const k = canonicalKey(v);
      if (!seen.has(k)) {
        seen.add(k);
        result.push(v);
      }
    }
    return result;
  }
  return mergeByKey(original, patch, mergeKey, node);
}

/**
 * Merges the elements of `patch` into `original` by their merge key: an element whose key is
 * present merges into the first one holding it, `$patch: delete` drops every one holding it, the
 * others are appended. Slots are looked up by key and deletions leave tombstones, so a patch of
 * n elements costs O(n), not O(n^2).
 */
function mergeByKey(
  original: JsonValue[],
  patch: JsonValue[],
  mergeKey: string,
  node: TypeNode,
): JsonValue[] {
  const result: Array<JsonValue | undefined> = [...original];
  const slots = new Map<string, number[]>();
  const keyOf = (o: JsonValue | undefined): string | undefined =>
    isJsonObject(o) && o[mergeKey] !== undefined ? canonicalKey(o[mergeKey]) : undefined;
  const addSlot = (i: number): void => {
    const k = keyOf(result[i]);
    if (k === undefined) return;
    const list = slots.get(k);
    if (list) list.push(i);
    else slots.set(k, [i]);
  };
  result.forEach((_, i) => addSlot(i));
  for (const item of patch) {
    if (!isJsonObject(item)) {
      throw new PatchError(
        'MergeFailed',
        `unable to find api field in struct for the merge key ${mergeKey}: ${goFormat(item)}`,
      );
    }
    if (item[mergeKey] === undefined) {
      throw new PatchError(
        'MergeFailed',
        `map: ${goFormat(item)} does not contain declared merge key: ${mergeKey}`,
      );
    }
    const k = canonicalKey(item[mergeKey]);
    const held = slots.get(k);
    if (item[directiveMarker] === 'delete') {
      for (const i of held ?? []) result[i] = undefined;
      slots.delete(k);
      continue;
    }
    const idx = held?.[0];
    const current = idx === undefined ? undefined : result[idx];
    if (idx !== undefined && isJsonObject(current))
      result[idx] = mergeMap(current, item, node.items);
    else {
      result.push(mergeMap({}, item, node.items));
      addSlot(result.length - 1);
    }
  }
  return result.filter((v): v is JsonValue => v !== undefined);
}

/**
 * Reorders `list` after `$setElementOrder/<field>`: the elements the order names take the slots
 * such elements already hold, in the order given; the others keep their places.
 */
function applyElementOrder(
  list: JsonValue[],
  order: JsonValue[],
  node: TypeNode | undefined,
): JsonValue[] {
  const mergeKey = node?.mergeKey;
  if (mergeKey !== undefined && order.some((o) => !isJsonObject(o) || o[mergeKey] === undefined)) {
    throw new PatchError('MalformedPatch', 'invalid patch format of setElementOrder list');
  }
  // an element's rank is the first place of its key (merge key value, or the value itself)
  const keyOf = (v: JsonValue): string =>
    mergeKey !== undefined && isJsonObject(v)
      ? `k${canonicalKey(v[mergeKey])}`
      : `v${canonicalKey(v)}`;
  const ranks = new Map<string, number>();
  order.forEach((o, i) => {
    const k = keyOf(o);
    if (!ranks.has(k)) ranks.set(k, i);
  });
  const rank = (v: JsonValue): number => ranks.get(keyOf(v)) ?? -1;
  const ordered = list.filter((v) => rank(v) >= 0).sort((a, b) => rank(a) - rank(b));
  let next = 0;
  return list.map((v) => (rank(v) >= 0 ? (ordered[next++] ?? v) : v));
}
