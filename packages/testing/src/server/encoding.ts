import type { Obj } from '../storage/store';

/**
 * JSON encoding of stored objects with a per-object cache: stored objects never change, so each
 * is serialized at most once per shape (full object or list item) however many lists, gets and
 * watchers send it.
 */
const itemCache = new WeakMap<Obj, string>();
const fullCache = new WeakMap<Obj, string>();

/** The JSON of `obj` served at `apiVersion`, not cached. */
export function objectJson(obj: Obj, apiVersion: string): string {
  return JSON.stringify(obj.apiVersion === apiVersion ? obj : { ...obj, apiVersion });
}

/**
 * The JSON of `obj` served at `apiVersion`. `item` drops kind/apiVersion, as kube-apiserver
 * does for the items of built-in lists. Only the stored apiVersion is cached (other versions
 * of a multi-version CRD are encoded on demand).
 */
export function encodeObject(obj: Obj, apiVersion: string, item = false): string {
  if (item) {
    let json = itemCache.get(obj);
    if (json === undefined)
      itemCache.set(
        obj,
        (json = JSON.stringify({ ...obj, kind: undefined, apiVersion: undefined })),
      );
    return json;
  }
  if (obj.apiVersion !== apiVersion) return objectJson(obj, apiVersion);
  let json = fullCache.get(obj);
  if (json === undefined) fullCache.set(obj, (json = JSON.stringify(obj)));
  return json;
}
