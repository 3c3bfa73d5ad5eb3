import type { Obj } from './store';

/**
 * JSON encoding of stored objects with a per-object cache: stored objects never change, so each
 * is serialized at most once per shape (apiVersion, list item or not) however many lists, gets
 * and watchers send it.
 */
const cache = new WeakMap<Obj, Map<string, string>>();

/**
 * The JSON of `obj` served at `apiVersion`. `item` drops kind/apiVersion, as kube-apiserver
 * does for the items of built-in lists.
 */
export function encodeObject(obj: Obj, apiVersion: string, item = false): string {
  const key = item ? `item:${apiVersion}` : apiVersion;
  let byShape = cache.get(obj);
  const hit = byShape?.get(key);
  if (hit !== undefined) return hit;
  let value: Obj = obj;
  if (item) value = { ...obj, kind: undefined, apiVersion: undefined };
  else if (obj.apiVersion !== apiVersion) value = { ...obj, apiVersion };
  const json = JSON.stringify(value);
  if (!byShape) cache.set(obj, (byShape = new Map()));
  byShape.set(key, json);
  return json;
}

/** A shallow copy of `obj` presented at `apiVersion` (CRD versions convert with strategy None). */
export function atVersion(obj: Obj, apiVersion: string): Obj {
  return obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion };
}
