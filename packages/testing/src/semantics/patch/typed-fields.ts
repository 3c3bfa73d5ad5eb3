import {
  FieldSet,
  type FieldCursor,
  fieldElement,
  formatFieldPath,
  indexElement,
  keyElement,
  valueElement,
  type FieldPath,
} from './field-set';
import { isJsonObject, jsonEqual, type JsonObject, type JsonValue } from '../json';
import { childNode, listMapKeys, type TypeNode } from './patch-meta';

/**
 * The field sets of objects and the comparison of two objects, driven by a {@link TypeNode}, as
 * structured-merge-diff computes them for managedFields (typed/tofieldset.go, typed/compare.go).
 *
 * Two flavours: `apply` sets hold what an applier specified (leaves, list elements, empty or
 * null values); `update` sets also hold maps and lists that were added whole (the `".": {}`
 * entries of Update managers). A node without a type description counts as a struct at the top
 * level of an object and as a map below it.
 */
export type FieldSetMode = 'apply' | 'update';

/** Paths kube never tracks in managedFields (apiVersion, kind and server-owned metadata). */
const untracked: FieldPath[] = [
  ['f:apiVersion'],
  ['f:kind'],
  ['f:metadata'],
  ...[
    'name',
    'namespace',
    'creationTimestamp',
    'selfLink',
    'uid',
    'generation',
    'managedFields',
    'resourceVersion',
  ].map((f) => ['f:metadata', `f:${f}`]),
];

/** The path element of list element `item` at `index` of a set or associative list. */
export function elementOf(item: unknown, index: number, list: TypeNode | undefined): string {
  if (list?.listType === 'set') return valueElement(item as JsonValue);
  const keys = listMapKeys(list);
  if (keys && isJsonObject(item)) {
    const values = keyValues(item, keys, list);
    const present = keys.filter((k) => values[k] !== undefined);
    if (present.length > 0) {
      return keyElement(Object.fromEntries(present.map((k) => [k, values[k] ?? null])));
    }
  }
  return indexElement(index);
}

function keyValues(
  item: JsonObject,
  keys: string[],
  list: TypeNode | undefined,
): Record<string, JsonValue | undefined> {
  return Object.fromEntries(keys.map((k) => [k, item[k] ?? list?.keyDefaults?.[k]]));
}

/**
 * The errors structured-merge-diff reports for an object it cannot type: elements of an
 * associative list that omit a key without default, or share their keys. Messages as kube
 * prints them: `.spec.containers: element 0: associative list with keys has an element that
 * omits key field "name" (and doesn't have default value)`,
 * `.spec.containers[name="a"].env: duplicate entries for key [name="X"]`.
 */
export function listKeyErrors(obj: unknown, root: TypeNode): string[] {
  const errors: string[] = [];
  const walk = (value: unknown, node: TypeNode | undefined, path: FieldPath) => {
    if (isJsonObject(value) && !node?.atomic) {
      for (const [k, v] of Object.entries(value)) {
        walk(v, childNode(node, k), [...path, fieldElement(k)]);
      }
      return;
    }
    if (!Array.isArray(value) || node?.listType !== 'map') return;
    const keys = listMapKeys(node) ?? [];
    const seen = new Set<string>();
    value.forEach((item, i) => {
      if (!isJsonObject(item)) return;
      const values = keyValues(item, keys, node);
      const missing = keys.find((k) => values[k] === undefined);
      if (missing !== undefined) {
        errors.push(
          `${formatFieldPath(path)}: element ${i}: associative list with keys has an element that omits key field ${JSON.stringify(missing)} (and doesn't have default value)`,
        );
        return;
      }
      const pe = elementOf(item, i, node);
      if (seen.has(pe)) {
        errors.push(`${formatFieldPath(path)}: duplicate entries for key ${formatFieldPath([pe])}`);
        return;
      }
      seen.add(pe);
      walk(item, node.items, [...path, pe]);
    });
  };
  walk(obj, root, []);
  return errors;
}

function isGranularList(node: TypeNode | undefined): boolean {
  return node?.listType === 'set' || node?.listType === 'map';
}

function isStruct(node: TypeNode | undefined, depth: number): boolean {
  if (node?.unstructured) return false;
  return node?.fields !== undefined || (node?.values === undefined && depth === 1);
}

/** Adds the paths of the value at `at` (and, when its rules say so, `at` itself). */
function collectField(
  value: unknown,
  node: TypeNode | undefined,
  at: FieldCursor,
  mode: FieldSetMode,
): void {
  collect(value, node, at, mode);
  if (value === null || (isJsonObject(value) && Object.keys(value).length === 0)) at.mark();
  else if (mode === 'update' && isJsonObject(value) && !node?.atomic && !isStruct(node, at.depth))
    at.mark();
  else if (mode === 'update' && Array.isArray(value) && isGranularList(node)) at.mark();
}

function collect(
  value: unknown,
  node: TypeNode | undefined,
  at: FieldCursor,
  mode: FieldSetMode,
): void {
  if (isJsonObject(value) && !node?.atomic) {
    for (const [k, v] of Object.entries(value)) {
      collectField(v, childNode(node, k), at.child(fieldElement(k)), mode);
    }
    return;
  }
  if (Array.isArray(value) && isGranularList(node)) {
    value.forEach((item, i) => {
      const child = at.child(elementOf(item, i, node));
      if (node?.listType === 'map') collect(item, node.items, child, mode);
      child.mark();
    });
    return;
  }
  if (at.depth > 0) at.mark();
}

/** The field set of `obj` (a whole resource) under type `root`. */
export function fieldSetOf(obj: unknown, root: TypeNode, mode: FieldSetMode): FieldSet {
  const out = new FieldSet();
  collect(obj, root, out.cursor(), mode);
  for (const p of untracked) out.remove(p);
  return out;
}

/** What changed between two objects. */
export interface Comparison {
  added: FieldSet;
  removed: FieldSet;
  modified: FieldSet;
}

interface Cursors {
  added: FieldCursor;
  removed: FieldCursor;
  modified: FieldCursor;
}

const childCursors = (c: Cursors, pe: string): Cursors => ({
  added: c.added.child(pe),
  removed: c.removed.child(pe),
  modified: c.modified.child(pe),
});

/** Compares `before` and `after` (whole resources) under type `root`, as an Update records it. */
export function compareObjects(
  before: unknown,
  after: unknown,
  root: TypeNode,
  mode: FieldSetMode = 'update',
): Comparison {
  const result: Comparison = {
    added: new FieldSet(),
    removed: new FieldSet(),
    modified: new FieldSet(),
  };
  const cursors = {
    added: result.added.cursor(),
    removed: result.removed.cursor(),
    modified: result.modified.cursor(),
  };
  walk(before, after, root, cursors, mode);
  for (const set of [result.added, result.removed, result.modified])
    for (const p of untracked) set.remove(p);
  return result;
}

function walk(
  l: unknown,
  r: unknown,
  node: TypeNode | undefined,
  at: Cursors,
  mode: FieldSetMode,
): void {
  // null against a list or map is an empty one: its elements are added or removed, not itself
  if (l === null && (Array.isArray(r) || isJsonObject(r)))
    return walk(Array.isArray(r) ? [] : {}, r, node, at, mode);
  if (r === null && (Array.isArray(l) || isJsonObject(l)))
    return walk(l, Array.isArray(l) ? [] : {}, node, at, mode);
  if (isJsonObject(l) && isJsonObject(r) && !node?.atomic) {
    for (const k of new Set([...Object.keys(l), ...Object.keys(r)])) {
      const pe = fieldElement(k);
      const child = childNode(node, k);
      if (!Object.hasOwn(l, k)) collectField(r[k], child, at.added.child(pe), mode);
      else if (!Object.hasOwn(r, k)) collectField(l[k], child, at.removed.child(pe), mode);
      else walk(l[k], r[k], child, childCursors(at, pe), mode);
    }
    return;
  }
  if (Array.isArray(l) && Array.isArray(r) && isGranularList(node)) {
    const lElems = new Map(l.map((item, i) => [elementOf(item, i, node), item]));
    const rElems = new Map(r.map((item, i) => [elementOf(item, i, node), item]));
    for (const [pe, item] of rElems) {
      if (!lElems.has(pe)) {
        const added = at.added.child(pe);
        if (node?.listType === 'map') collect(item, node.items, added, mode);
        added.mark();
      } else if (node?.listType === 'map') {
        walk(lElems.get(pe), item, node.items, childCursors(at, pe), mode);
      }
    }
    for (const [pe, item] of lElems) {
      if (rElems.has(pe)) continue;
      const removed = at.removed.child(pe);
      if (node?.listType === 'map') collect(item, node.items, removed, mode);
      removed.mark();
    }
    return;
  }
  if (!jsonEqual(l, r)) at.modified.mark();
}

/** The index of the element of `list` that path element `pe` names, keys defaulted; or -1. */
export function indexOfTypedElement(
  list: readonly unknown[],
  pe: string,
  node: TypeNode | undefined,
): number {
  if (pe.startsWith('i:')) {
    const i = Number(pe.slice(2));
    return i < list.length ? i : -1;
  }
  return list.findIndex((item, i) => elementOf(item, i, node) === pe);
}

/** The value at `path` in `obj` (list elements found by their keys, defaults applied), or undefined. */
export function valueAtTypedPath(obj: unknown, path: FieldPath, root: TypeNode): unknown {
  let cur: unknown = obj;
  let node: TypeNode | undefined = root;
  for (const pe of path) {
    if (pe.startsWith('f:')) {
      const name = pe.slice(2);
      if (!isJsonObject(cur) || !Object.hasOwn(cur, name)) return undefined;
      cur = cur[name];
      node = childNode(node, name);
    } else {
      if (!Array.isArray(cur)) return undefined;
      const idx = indexOfTypedElement(cur, pe, node);
      if (idx < 0) return undefined;
      cur = cur[idx];
      node = node?.items;
    }
  }
  return cur;
}

/** The type of the value at `path` under `root`. */
export function typeNodeAt(path: FieldPath, root: TypeNode): TypeNode | undefined {
  let node: TypeNode | undefined = root;
  for (const pe of path) node = pe.startsWith('f:') ? childNode(node, pe.slice(2)) : node?.items;
  return node;
}

interface Located {
  value: unknown;
  node: TypeNode | undefined;
  elements?: Map<string, unknown>;
}

/** The paths of `set` whose value exists in `obj` (one walk, list elements indexed once). */
export function retainPresent(set: FieldSet, obj: unknown, root: TypeNode): FieldSet {
  return set.filter<Located>({ value: obj, node: root }, (pe, at) => {
    if (pe.startsWith('f:')) {
      const name = pe.slice(2);
      if (!isJsonObject(at.value) || !Object.hasOwn(at.value, name)) return undefined;
      return { value: at.value[name], node: childNode(at.node, name) };
    }
    if (!Array.isArray(at.value)) return undefined;
    if (!at.elements) {
      const list = at.value;
      at.elements = new Map(list.map((item, i) => [elementOf(item, i, at.node), item]));
    }
    if (!at.elements.has(pe)) return undefined;
    return { value: at.elements.get(pe), node: at.node?.items };
  });
}
