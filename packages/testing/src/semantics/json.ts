/**
 * Plain JSON values and the helpers the whole server shares: type guards, own-property access,
 * deep equality, deep copy, dotted paths, and Go-style rendering for the messages
 * kube-apiserver prints.
 */

/** Any JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/**
 * A decoded JSON object read without type checks (request bodies and the nested parts of stored
 * objects); a stored object itself is an `Obj` (storage/store.ts).
 */
export type JsonMap = Record<string, any>;

/** True for an object that is not null and not an array, read as a {@link JsonMap}. */
export function isJsonMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` when it is a {@link JsonMap}, else an empty one (a nil struct in Go). */
export function jsonMapOf(value: unknown): JsonMap {
  return isJsonMap(value) ? value : {};
}

/** `value` when it is an array (of objects, unchecked), else an empty one. */
export function jsonMapsOf(value: unknown): JsonMap[] {
  return Array.isArray(value) ? (value as JsonMap[]) : [];
}

/** `value` when it is a string, else `''` (Go's zero value). */
export function stringOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The own property `key` of `obj`, never an inherited one: a request body's `__proto__`,
 * `constructor` or `toString` is data only when the object itself has that key. Every merge of
 * request content reads through this, so no merge can reach `Object.prototype`.
 */
export function ownValue<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/**
 * Sets `key` of `obj` as an own data property, as JSON.parse creates it: `__proto__` is a key
 * like any other (plain assignment would call the prototype setter instead).
 */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  else obj[key] = value;
}

/**
 * How many arrays and objects nest in `value` (0 for a scalar, 1 for `{}` or `[1]`), counted
 * without recursion; stops counting once past `limit`.
 */
export function nestingDepth(value: unknown, limit = Number.MAX_SAFE_INTEGER): number {
  let max = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth > max) max = depth;
    if (max > limit) return max;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return max;
}

/**
 * A string that is equal for two JSON values exactly when {@link jsonEqual} holds (object keys
 * sorted), to find equal values through a Map or Set instead of comparing every pair.
 */
export function canonicalKey(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalKey).join(',')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalKey(value[k])}`).join(',')}}`;
  }
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** Structural equality of two JSON values (key order of objects does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && jsonEqual(a[k], b[k]));
  }
  return false;
}

/** A deep copy of a JSON value (`undefined` stays `undefined`). */
export function cloneJson<T>(value: T): T {
  return value === undefined ? value : structuredClone(value);
}

/**
 * Renders a value the way Go's `fmt` `%v` prints a decoded JSON value (`map[a:1 b:[x y]]`), as
 * kube-apiserver does in the messages of strategic merge patch errors.
 */
export function goFormat(value: unknown): string {
  if (value === null || value === undefined) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(goFormat).join(' ')}]`;
  if (isJsonObject(value)) {
    const keys = Object.keys(value).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(value[k])}`).join(' ')}]`;
  }
  return String(value);
}

/** The JSON type name of a value as kube-openapi reports it (`integer` for whole numbers). */
export function jsonTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'number':
      return Number.isInteger(value) ? 'integer' : 'number';
    default:
      return 'object';
  }
}

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as JsonMap)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as JsonMap)[k] !== undefined);
  return (
    ka.length === kb.length && ka.every((k) => deepEqual((a as JsonMap)[k], (b as JsonMap)[k]))
  );
}

/**
 * A deep copy of a JSON object. Plain objects and arrays are copied by hand (several times
 * faster than structuredClone, which serializes: it was a third of the server's CPU on writes);
 * anything else that is not a primitive (a Date, a Map, a typed array) goes to structuredClone.
 */
export function clone<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    const out: unknown[] = new Array(value.length);
    for (let i = 0; i < value.length; i++) out[i] = clone(value[i]);
    return out as T;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    const v = clone((value as Record<string, unknown>)[k]);
    // an own "__proto__" key (JSON.parse makes one) must stay a key, not become the prototype
    if (k === '__proto__')
      Object.defineProperty(out, k, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[k] = v;
  }
  return out as T;
}

/**
 * Reads a dotted path (`spec.replicas`) from an object, through own properties only: a path a
 * CRD names (`.spec.__proto__.replicas`) never reaches a prototype.
 */
export function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = ownValue(cur as JsonMap, part);
  }
  return cur;
}

/** Writes a dotted path as own properties, creating intermediate objects. */
export function setPath(obj: JsonMap, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur: JsonMap = obj;
  for (const part of parts.slice(0, -1)) {
    const next: unknown = ownValue(cur, part);
    if (typeof next !== 'object' || next === null) setOwn(cur, part, {});
    cur = ownValue(cur, part) as JsonMap;
  }
  setOwn(cur, parts[parts.length - 1]!, value);
}
