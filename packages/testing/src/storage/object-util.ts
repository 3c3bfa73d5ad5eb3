import type { Obj } from './store';
import { deepEqual } from '../semantics/json';

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
