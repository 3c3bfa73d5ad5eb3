import type { GroupVersionKind } from '@kubekit/apimachinery';
import type { JSONSchemaProps } from '../schema/json-schema-props';
import { FieldSet, type FieldPath } from './field-set';
import {
  cloneJson,
  isJsonObject,
  jsonEqual,
  ownValue,
  setOwn,
  type JsonObject,
  type JsonValue,
} from '../json';
import {
  conflictOf,
  decodeManagedFields,
  encodeManagedFields,
  formatTime,
  sameManager,
  type ApplyConflict,
  type ManagerEntry,
} from './managed-fields';
import { builtinTypeNode, childNode, typeNodeFromSchema, type TypeNode } from './patch-meta';
import {
  compareObjects,
  elementOf,
  fieldSetOf,
  indexOfTypedElement,
  listKeyErrors,
  retainPresent,
  typeNodeAt,
  valueAtTypedPath,
} from './typed-fields';
import { PatchError } from './patch-error';

/**
 * Server-side apply and the managedFields bookkeeping of updates, following structured-merge-diff
 * as kube-apiserver runs it: an apply merges the configuration into the live object (lists by
 * their list type and keys), takes ownership of the fields it specifies, conflicts with other
 * managers that own a field it changes (unless forced), and removes the fields it applied
 * before and omits now, when nobody else owns them.
 *
 * @see https://github.com/kubernetes-sigs/structured-merge-diff/blob/master/merge/update.go
 */

/** How to find the type of the object: built-in tables by kind, or a CRD schema. */
export interface TypeSource {
  /** The kind (built-in kinds use kube's list rules: containers by name, ports by port, ...). */
  gvk?: Pick<GroupVersionKind, 'group' | 'kind'>;
  /** A CRD's openAPIV3Schema: lists follow x-kubernetes-list-type / list-map-keys, else atomic. */
  schema?: JSONSchemaProps;
  /** An explicit type description (wins over the two above). */
  typeNode?: TypeNode;
  /**
   * Fields the endpoint resets (kube's ResetFieldsStrategy), as field-name paths: e.g.
   * `[['status']]` for the main resource of a kind with a status subresource, or
   * `[['spec'], ['metadata']]` for its `/status`. They are neither applied nor tracked.
   */
  ignoredFields?: string[][];
}

function withoutIgnored(obj: JsonObject, ignored: string[][] | undefined): JsonObject {
  for (const path of ignored ?? []) {
    let parent: unknown = obj;
    for (const name of path.slice(0, -1)) parent = isJsonObject(parent) ? parent[name] : undefined;
    const last = path[path.length - 1];
    if (isJsonObject(parent) && last !== undefined) delete parent[last];
  }
  return obj;
}

/** Options of {@link serverSideApply}. */
export interface ServerSideApplyOptions extends TypeSource {
  /** The current object, or null/undefined when the apply creates it. */
  live: unknown;
  /** The apply configuration (its metadata.managedFields are ignored). */
  applied: unknown;
  /** The field manager (`fieldManager` query parameter). */
  manager: string;
  /** `force=true`: take conflicting fields from their managers. */
  force?: boolean;
  /** The apiVersion of the request, recorded in the entry. */
  apiVersion: string;
  /** `status`, `scale`, ... when applying to a subresource. */
  subresource?: string;
  /** The time recorded in the entry. */
  now: Date;
}

/** The outcome of {@link serverSideApply}. */
export interface ServerSideApplyResult {
  /**
   * The applied object with its managedFields, or, when `conflicts` is not empty, the live object
   * unchanged (the server then answers {@link newApplyConflictError}, 409).
   */
  object: JsonObject;
  /** The fields owned by other managers that the apply would change (empty when forced). */
  conflicts: ApplyConflict[];
}

/** The manager kube records for fields that existed before the first apply to an object. */
export const BeforeFirstApplyManager = 'before-first-apply';

function typeOf(source: TypeSource, obj: unknown): TypeNode {
  if (source.typeNode) return source.typeNode;
  if (source.schema) return typeNodeFromSchema(source.schema);
  if (source.gvk) return builtinTypeNode(source.gvk);
  const apiVersion = isJsonObject(obj) && typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const kind = isJsonObject(obj) && typeof obj.kind === 'string' ? obj.kind : '';
  return builtinTypeNode({
    group: apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '',
    kind,
  });
}

function withoutManagedFields(obj: unknown): JsonObject {
  const copy = isJsonObject(obj) ? (cloneJson(obj) as JsonObject) : {};
  if (isJsonObject(copy.metadata)) delete copy.metadata.managedFields;
  return copy;
}

function setManagedFields(obj: JsonObject, entries: ManagerEntry[]): JsonObject {
  const metadata = isJsonObject(obj.metadata) ? obj.metadata : {};
  const encoded = encodeManagedFields(entries);
  if (encoded.length > 0) metadata.managedFields = encoded as unknown as JsonValue;
  else delete metadata.managedFields;
  return { ...obj, metadata };
}

/** Drops from every entry the paths whose value no longer exists in `obj`. */
function dropVanished(entries: ManagerEntry[], obj: unknown, root: TypeNode): void {
  for (const e of entries) e.fields = retainPresent(e.fields, obj, root);
}

/**
 * Applies `applied` for `manager` (server-side apply, `application/apply-patch+yaml`).
 * See {@link ServerSideApplyResult} for conflicts; fields this manager applied before and omits
 * now are removed unless another manager owns them (or something below them).
 *
 * Errors: {@link PatchError} `MergeFailed` (500, as kube) when an element of an associative list
 * omits a key without default or two elements share their keys.
 */
export function serverSideApply(options: ServerSideApplyOptions): ServerSideApplyResult {
  const live = isJsonObject(options.live) ? (cloneJson(options.live) as JsonObject) : undefined;
  const config = withoutIgnored(withoutManagedFields(options.applied), options.ignoredFields);
  const root = typeOf(options, config);
  const liveBase = live ? withoutManagedFields(live) : {};

  let entries = decodeManagedFields(
    live && isJsonObject(live.metadata) ? live.metadata.managedFields : undefined,
  );
  if (live && entries.length === 0) {
    entries = [
      {
        manager: BeforeFirstApplyManager,
        operation: 'Update',
        apiVersion: typeof live.apiVersion === 'string' ? live.apiVersion : options.apiVersion,
        fields: fieldSetOf(liveBase, root, 'update'),
      },
    ];
  }
  const me = {
    manager: options.manager,
    operation: 'Apply' as const,
    apiVersion: options.apiVersion,
    subresource: options.subresource,
  };
  const previous = entries.find((e) => sameManager(e, me));
  const others = entries.filter((e) => e !== previous);

  const keyErrors = listKeyErrors(config, root);
  if (keyErrors.length > 0) throw typedPatchError(config, options.apiVersion, keyErrors);
  const appliedSet = fieldSetOf(config, root, 'apply');
  const merged = mergeApply(liveBase, config, root) as JsonObject;
  const cmp = compareObjects(liveBase, merged, root, 'apply');
  const changed = cmp.modified.union(cmp.added);

  const conflicts: ApplyConflict[] = [];
  const conflictPaths = new Map<ManagerEntry, FieldPath[]>();
  for (const e of others) {
    const paths = e.fields.intersection(appliedSet).intersection(changed).paths();
    if (paths.length === 0) continue;
    conflictPaths.set(e, paths);
    conflicts.push(...paths.map((p) => conflictOf(e, p)));
  }
  if (conflicts.length > 0 && !options.force) {
    return { object: live ?? {}, conflicts };
  }
  for (const [e, paths] of conflictPaths) for (const p of paths) e.fields.remove(p);

  const othersUnion = others.reduce((acc, e) => acc.union(e.fields), new FieldSet());
  const stale = (previous?.fields ?? new FieldSet()).difference(appliedSet).difference(othersUnion);
  const owned = othersUnion.union(appliedSet);
  const removable = FieldSet.of(stale.paths().filter((p) => !othersUnion.hasDescendant(p)));
  // Remove the outermost paths only: an element goes whole (its keys would vanish first otherwise).
  const outermost = removable
    .paths()
    .filter((p) => !p.some((_, i) => i > 0 && removable.has(p.slice(0, i))));
  outermost.sort((a, b) => b.length - a.length);
  for (const p of outermost) removeAtPath(merged, p, owned, root);

  const mine: ManagerEntry = { ...me, time: formatTime(options.now), fields: appliedSet };
  const result = [...others, mine];
  dropVanished(result, merged, root);
  return { object: setManagedFields(merged, result), conflicts: [] };
}

/**
 * `failed to create typed patch object (ns/name; apps/v1, Kind=Deployment): <errors>`, which
 * kube-apiserver answers as a 500 InternalError.
 */
function typedPatchError(config: JsonObject, apiVersion: string, errors: string[]): PatchError {
  const meta = isJsonObject(config.metadata) ? config.metadata : {};
  const ns = typeof meta.namespace === 'string' ? meta.namespace : '';
  const name = typeof meta.name === 'string' ? meta.name : '';
  const gv = apiVersion.includes('/') ? apiVersion : `/${apiVersion}`;
  const kind = typeof config.kind === 'string' ? config.kind : '';
  const detail = errors.length === 1 ? errors[0] : `errors:\n  ${errors.join('\n  ')}`;
  return new PatchError(
    'MergeFailed',
    `failed to create typed patch object (${ns}/${name}; ${gv}, Kind=${kind}): ${detail}`,
  );
}

/** Merges an apply configuration into the live object: maps deeply, lists by their list type. */
function mergeApply(live: unknown, config: unknown, node: TypeNode | undefined): unknown {
  if (isJsonObject(config)) {
    if (!isJsonObject(live) || node?.atomic) return cloneJson(config);
    const result: JsonObject = { ...live };
    for (const [k, v] of Object.entries(config)) {
      setOwn(result, k, mergeApply(ownValue(live, k), v, childNode(node, k)) as JsonValue);
    }
    return result;
  }
  if (Array.isArray(config)) {
    if (!Array.isArray(live) || (node?.listType !== 'set' && node?.listType !== 'map')) {
      return cloneJson(config);
    }
    return mergeListItems(live, config, node);
  }
  return cloneJson(config);
}

/**
 * Merges the elements of a set or associative list in structured-merge-diff's order: elements
 * only the live object has keep their place, the applied ones follow the configuration's order.
 */
function mergeListItems(live: unknown[], config: unknown[], node: TypeNode): unknown[] {
  const index = (list: unknown[]) => {
    const order: string[] = [];
    const items = new Map<string, unknown>();
    list.forEach((item, i) => {
      const pe = elementOf(item, i, node);
      if (items.has(pe)) return;
      items.set(pe, item);
      order.push(pe);
    });
    return { order, items };
  };
  const l = index(live);
  const r = index(config);
  const merge = (pe: string) => mergeApply(l.items.get(pe), r.items.get(pe), node.items);
  const shared = r.order.filter((pe) => l.items.has(pe));
  let nextShared = shared.shift();
  const out: unknown[] = [];
  let li = 0;
  let ri = 0;
  while (li < l.order.length || ri < r.order.length) {
    const lpe = l.order[li];
    const rpe = r.order[ri];
    if (lpe !== undefined && rpe !== undefined) {
      if (lpe === rpe) {
        out.push(merge(lpe));
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (r.items.has(lpe) && nextShared !== undefined && nextShared !== lpe) {
        li++;
        continue;
      }
    }
    if (lpe !== undefined && !r.items.has(lpe)) {
      out.push(cloneJson(l.items.get(lpe)));
      li++;
      continue;
    }
    if (rpe === undefined) {
      li++; // a shared element already merged
      continue;
    }
    out.push(merge(rpe));
    ri++;
    if (nextShared === rpe) nextShared = shared.shift();
  }
  return out;
}

/** Removes the value at `path`, then maps left empty that nobody owns. */
function removeAtPath(obj: JsonObject, path: FieldPath, owned: FieldSet, root: TypeNode): void {
  const parentPath = path.slice(0, -1);
  const parent = parentPath.length === 0 ? obj : valueAtTypedPath(obj, parentPath, root);
  const last = path[path.length - 1] ?? '';
  if (last.startsWith('f:') && isJsonObject(parent)) {
    delete parent[last.slice(2)];
  } else if (Array.isArray(parent)) {
    const idx = indexOfTypedElement(parent, last, typeNodeAt(parentPath, root));
    if (idx >= 0) parent.splice(idx, 1);
  } else {
    return;
  }
  if (
    parentPath.length > 0 &&
    isJsonObject(parent) &&
    Object.keys(parent).length === 0 &&
    parentPath[parentPath.length - 1]?.startsWith('f:') &&
    !owned.has(parentPath) &&
    !owned.hasDescendant(parentPath)
  ) {
    removeAtPath(obj, parentPath, owned, root);
  }
}

/** Options of {@link recordUpdateManager}. */
export interface RecordUpdateOptions extends TypeSource {
  /** The object before the write, or null/undefined on create. */
  live: unknown;
  /** The object the write produces (a PUT body, or the result of a PATCH). */
  updated: unknown;
  /** The field manager (`fieldManager`, or the one kube derives from the User-Agent). */
  manager: string;
  /** The apiVersion of the request. */
  apiVersion: string;
  /** `status`, `scale`, ... for writes to a subresource. */
  subresource?: string;
  /**
   * The time recorded in the entry; none for writes through `scale`, whose entries kube-apiserver
   * converts back to the main resource without a time (so they sort first).
   */
  now?: Date;
}

/**
 * Records a create, update (PUT) or non-apply patch in managedFields, as kube-apiserver does:
 * the manager's `Update` entry gains the fields the write added or changed and loses the ones it
 * removed; other managers lose ownership of what it changed or removed. Returns the updated
 * object with its new managedFields.
 *
 * A client may reset managedFields by sending `[{}]` (the result then has none); an empty list
 * or the live entries unchanged mean "keep tracking".
 */
export function recordUpdateManager(options: RecordUpdateOptions): JsonObject {
  const live = isJsonObject(options.live) ? (options.live as JsonObject) : undefined;
  const updated = isJsonObject(options.updated) ? (cloneJson(options.updated) as JsonObject) : {};
  const liveEntries = live && isJsonObject(live.metadata) ? live.metadata.managedFields : undefined;
  const sent = isJsonObject(updated.metadata) ? updated.metadata.managedFields : undefined;
  if (
    Array.isArray(sent) &&
    sent.length === 1 &&
    isJsonObject(sent[0]) &&
    Object.keys(sent[0]).length === 0
  ) {
    return setManagedFields(updated, []);
  }
  const base =
    Array.isArray(sent) && sent.length > 0 && !jsonEqual(sent, liveEntries) ? sent : liveEntries;
  const entries = decodeManagedFields(base);
  const root = typeOf(options, updated);
  const after = withoutManagedFields(updated);
  const cmp = compareObjects(
    withoutIgnored(live ? withoutManagedFields(live) : {}, options.ignoredFields),
    withoutIgnored(cloneJson(after), options.ignoredFields),
    root,
    'update',
  );
  const changed = cmp.added.union(cmp.modified);

  const me = {
    manager: options.manager,
    operation: 'Update' as const,
    apiVersion: options.apiVersion,
    subresource: options.subresource,
  };
  let mine = entries.find((e) => sameManager(e, me));
  const others = entries.filter((e) => e !== mine);
  for (const e of others) e.fields = e.fields.difference(changed).difference(cmp.removed);
  if (!changed.isEmpty() || !cmp.removed.isEmpty()) {
    const fields = (mine?.fields ?? new FieldSet()).union(changed).difference(cmp.removed);
    mine = { ...me, time: options.now && formatTime(options.now), fields };
  }
  const result = mine ? [...others, mine] : others;
  dropVanished(result, after, root);
  return setManagedFields(after, result);
}
