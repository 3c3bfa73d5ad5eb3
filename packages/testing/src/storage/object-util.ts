import type { Obj } from './store';
import { ownValue, setOwn } from '../semantics/patch/json-value';

/** Structural equality of JSON values (key order ignored). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ka = Object.keys(a).filter((k) => (a as Obj)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Obj)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Obj)[k], (b as Obj)[k]));
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

/** True when anything but metadata and status differs: what bumps metadata.generation. */
export function specChanged(a: Obj, b: Obj): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) {
    if (k === 'metadata' || k === 'status' || k === 'apiVersion' || k === 'kind') continue;
    if (!deepEqual(a[k], b[k])) return true;
  }
  return false;
}

let lastSecond = -1;
let lastText = '';

/** RFC 3339 with second precision, as metav1.Time serializes (cached per second: hot on writes). */
export function formatTime(d: Date): string {
  const second = Math.floor(d.getTime() / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastText = d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  }
  return lastText;
}

const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** generateName's random suffix: 5 characters from kube's consonant-and-digit alphabet. */
export function randomSuffix(): string {
  let s = '';
  for (let i = 0; i < 5; i++)
    s += suffixAlphabet[Math.floor(Math.random() * suffixAlphabet.length)];
  return s;
}

/**
 * A new object UID: a version 4 UUID drawn from `Math.random`, so a simulation that seeds
 * `Math.random` replays the same UIDs.
 */
export function newUid(): string {
  const hex = (digits: number): string => {
    let s = '';
    for (let i = 0; i < digits; i++) s += Math.floor(Math.random() * 16).toString(16);
    return s;
  };
  const variant = (8 + Math.floor(Math.random() * 4)).toString(16);
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${variant}${hex(3)}-${hex(12)}`;
}

/**
 * Reads a dotted path (`spec.replicas`) from an object, through own properties only: a path a
 * CRD names (`.spec.__proto__.replicas`) never reaches a prototype.
 */
export function getPath(obj: unknown, path: string): unknown {
  let cur = obj;
  for (const part of path.replace(/^\./, '').split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = ownValue(cur as Obj, part);
  }
  return cur;
}

/** Writes a dotted path as own properties, creating intermediate objects. */
export function setPath(obj: Obj, path: string, value: unknown): void {
  const parts = path.replace(/^\./, '').split('.');
  let cur: Obj = obj;
  for (const part of parts.slice(0, -1)) {
    const next: unknown = ownValue(cur, part);
    if (typeof next !== 'object' || next === null) setOwn(cur, part, {});
    cur = ownValue(cur, part) as Obj;
  }
  setOwn(cur, parts[parts.length - 1]!, value);
}
