import {
  cloneJson,
  isJsonObject,
  ownValue,
  setOwn,
  type JsonObject,
  type JsonValue,
} from '../json';

/**
 * RFC 7386 JSON Merge Patch: objects merge recursively, `null` deletes a key, anything else
 * (arrays included) replaces. Returns a new value; neither argument is changed.
 *
 * A patch that is not an object replaces the whole document (kube-apiserver then rejects a
 * result that is not an object when it decodes it).
 *
 * @see https://github.com/evanphx/json-patch/blob/master/merge.go
 */
export function applyMergePatch<T = unknown>(doc: T, patch: unknown): T {
  return mergeValue(cloneJson(doc) as JsonValue, patch as JsonValue) as unknown as T;
}

function mergeValue(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: JsonObject = isJsonObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else setOwn(result, key, mergeValue(ownValue(result, key), value));
  }
  return result;
}
