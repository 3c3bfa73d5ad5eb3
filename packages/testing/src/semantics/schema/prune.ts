import { cloneJson, isJsonObject } from '../json';
import { childPath, indexPath } from './field-error';
import { additionalPropertiesSchema, itemsSchema, type JSONSchemaProps } from './json-schema-props';
import { objectMetaFields, resourceMetaFields } from './object-meta-fields';

/**
 * Pruning of unknown fields, as kube-apiserver does to every custom resource it decodes: a field
 * the structural schema does not declare is dropped, unless a node says
 * `x-kubernetes-preserve-unknown-fields: true` (then only the fields it declares are pruned
 * below it). `apiVersion`, `kind` and `metadata` of the resource and of every
 * `x-kubernetes-embedded-resource` are kept, with `metadata` reduced to the ObjectMeta fields.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apiserver/schema/pruning/algorithm.go
 */

/** What {@link pruneUnknownFields} returns. */
export interface PruneResult<T> {
  /** A pruned copy of the object (the input is not changed). */
  object: T;
  /**
   * The paths of the dropped fields (`spec.foo`, `spec.items[0].bar`): what kube-apiserver
   * reports as `unknown field "spec.foo"` warnings, or rejects under `fieldValidation=Strict`.
   */
  unknownFields: string[];
}

/** Options of {@link pruneUnknownFields}. */
export interface PruneOptions {
  /** Whether `obj` is a whole resource (default true): its apiVersion, kind and metadata stay. */
  isResourceRoot?: boolean;
}

/** Drops the fields of `obj` that `schema` does not declare; see the module notes. */
export function pruneUnknownFields<T>(
  obj: T,
  schema: JSONSchemaProps | undefined,
  options: PruneOptions = {},
): PruneResult<T> {
  const object = cloneJson(obj);
  const unknownFields: string[] = [];
  const root = options.isResourceRoot ?? true;
  const rootSchema: JSONSchemaProps | undefined = root
    ? { ...(schema ?? {}), 'x-kubernetes-embedded-resource': true }
    : schema;
  prune(object, rootSchema, '', unknownFields);
  return { object, unknownFields };
}

function coerceMetadata(metadata: Record<string, unknown>, path: string, pruned: string[]): void {
  for (const key of Object.keys(metadata)) {
    if (!objectMetaFields.has(key)) {
      pruned.push(childPath(childPath(path, 'metadata'), key));
      delete metadata[key];
    }
  }
}

function isKeptMetaField(
  x: Record<string, unknown>,
  key: string,
  path: string,
  pruned: string[],
): boolean {
  const v = x[key];
  if (key === 'metadata') {
    if (isJsonObject(v)) coerceMetadata(v, path, pruned);
    return true;
  }
  return typeof v === 'string';
}

function prune(x: unknown, s: JSONSchemaProps | undefined, path: string, pruned: string[]): void {
  if (s?.['x-kubernetes-preserve-unknown-fields']) {
    skipPrune(x, s, path, pruned);
    return;
  }
  if (Array.isArray(x)) {
    const items = s ? itemsSchema(s) : undefined;
    x.forEach((v, i) => prune(v, items, indexPath(path, i), pruned));
    return;
  }
  if (!isJsonObject(x)) return;
  const properties = s?.properties ?? {};
  const additional = s ? additionalPropertiesSchema(s) : undefined;
  for (const key of Object.keys(x)) {
    const p = childPath(path, key);
    if (
      s?.['x-kubernetes-embedded-resource'] &&
      resourceMetaFields.has(key) &&
      isKeptMetaField(x, key, path, pruned)
    ) {
      continue;
    }
    if (Object.hasOwn(properties, key)) prune(x[key], properties[key], p, pruned);
    else if (additional || s?.additionalProperties === true) prune(x[key], additional, p, pruned);
    else {
      pruned.push(p);
      delete x[key];
    }
  }
}

function skipPrune(x: unknown, s: JSONSchemaProps, path: string, pruned: string[]): void {
  if (Array.isArray(x)) {
    const items = itemsSchema(s);
    if (items) x.forEach((v, i) => skipPrune(v, items, indexPath(path, i), pruned));
    return;
  }
  if (!isJsonObject(x)) return;
  const properties = s.properties ?? {};
  const additional = additionalPropertiesSchema(s);
  for (const key of Object.keys(x)) {
    if (s['x-kubernetes-embedded-resource'] && resourceMetaFields.has(key)) {
      if (key === 'metadata' && isJsonObject(x[key])) coerceMetadata(x[key], path, pruned);
      continue;
    }
    const p = childPath(path, key);
    if (Object.hasOwn(properties, key)) prune(x[key], properties[key], p, pruned);
    else if (additional) prune(x[key], additional, p, pruned);
  }
}
