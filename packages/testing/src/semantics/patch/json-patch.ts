import { MaxJsonPatchCopyBytes, MaxJsonPatchOperations, MaxNestingDepth } from '../../limits';
import { PatchError } from './patch-error';
import {
  cloneJson,
  isJsonObject,
  jsonEqual,
  nestingDepth,
  setOwn,
  type JsonObject,
  type JsonValue,
} from '../json';

/**
 * RFC 6902 JSON Patch, with the behaviour of evanphx/json-patch v4 that kube-apiserver uses
 * (negative array indices count from the end; a `test` of a missing path against `null` passes).
 *
 * @see https://github.com/evanphx/json-patch/blob/master/patch.go
 */

/** One JSON Patch operation. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  /** A JSON pointer (RFC 6901): `/spec/containers/0/image`, `~1` for `/`, `~0` for `~`. */
  path: string;
  /** The value for add, replace and test (`null` when absent). */
  value?: unknown;
  /** The source pointer for move and copy. */
  from?: string;
}

export { MaxJsonPatchCopyBytes, MaxJsonPatchOperations };

/** Splits a JSON pointer into unescaped reference tokens; `''` is the whole document. */
export function parseJsonPointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) {
    throw new PatchError(
      'ApplyFailed',
      `JSON pointer must be empty or start with a "/": ${pointer}`,
    );
  }
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/**
 * Checks that `ops` is a JSON Patch document (an array of operations with known `op` and a
 * string `path`) and returns it typed.
 *
 * @throws {@link PatchError} `MalformedPatch` (400) when it is not; `TooManyOperations` (413) past
 * {@link MaxJsonPatchOperations}.
 */
export function decodeJsonPatch(ops: unknown): JsonPatchOperation[] {
  if (!Array.isArray(ops)) {
    throw new PatchError(
      'MalformedPatch',
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
  }
  for (const op of ops) {
    if (!isJsonObject(op)) {
      throw new PatchError(
        'MalformedPatch',
        `json: cannot unmarshal ${Array.isArray(op) ? 'array' : typeof op} into Go value of type jsonpatch.Operation`,
      );
    }
  }
  if (ops.length > MaxJsonPatchOperations) {
    throw new PatchError(
      'TooManyOperations',
      `The allowed maximum operations in a JSON patch is ${MaxJsonPatchOperations}, got ${ops.length}`,
    );
  }
  return ops as JsonPatchOperation[];
}

type Container = JsonObject | JsonValue[];

interface Location {
  parent: Container;
  key: string;
}

/** Resolves every token but the last; fails when an intermediate value is missing. */
function locate(doc: JsonValue, tokens: string[], opName: string, pointer: string): Location {
  let cur: JsonValue | undefined = doc;
  for (const token of tokens.slice(0, -1)) {
    cur = child(cur, token);
    if (cur === undefined) {
      throw new PatchError(
        'ApplyFailed',
        `${opName} operation does not apply: doc is missing path: "${pointer}": missing value`,
      );
    }
  }
  if (!isJsonObject(cur) && !Array.isArray(cur)) {
    throw new PatchError(
      'ApplyFailed',
      `${opName} operation does not apply: doc is missing path: "${pointer}": missing value`,
    );
  }
  return { parent: cur, key: tokens[tokens.length - 1] ?? '' };
}

function child(value: JsonValue | undefined, token: string): JsonValue | undefined {
  if (Array.isArray(value)) {
    const idx = arrayIndex(token, value.length, false);
    return value[idx];
  }
  if (isJsonObject(value)) return Object.hasOwn(value, token) ? value[token] : undefined;
  return undefined;
}

/** Parses an array index token; negative indices count from the end (json-patch v4). */
function arrayIndex(token: string, length: number, forInsert: boolean): number {
  if (!/^-?\d+$/.test(token)) {
    throw new PatchError(
      'ApplyFailed',
      `Unable to access invalid index: ${token}: invalid index referenced`,
    );
  }
  let idx = Number(token);
  const max = forInsert ? length : length - 1;
  if (idx < 0) {
    if (idx < -(max + 1)) {
      throw new PatchError(
        'ApplyFailed',
        `Unable to access invalid index: ${idx}: invalid index referenced`,
      );
    }
    idx += max + 1;
  }
  if (idx > max) {
    throw new PatchError(
      'ApplyFailed',
      `Unable to access invalid index: ${idx}: invalid index referenced`,
    );
  }
  return idx;
}

function getAt(doc: JsonValue, pointer: string): JsonValue | undefined {
  let cur: JsonValue | undefined = doc;
  for (const token of parseJsonPointer(pointer)) {
    if (Array.isArray(cur) && !/^-?\d+$/.test(token)) return undefined;
    try {
      cur = child(cur, token);
    } catch {
      return undefined;
    }
    if (cur === undefined) return undefined;
  }
  return cur;
}

function addAt(doc: JsonValue, pointer: string, value: JsonValue, opName = 'add'): JsonValue {
  const tokens = parseJsonPointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = locate(doc, tokens, opName, pointer);
  if (Array.isArray(parent)) {
    const idx = key === '-' ? parent.length : arrayIndex(key, parent.length, true);
    parent.splice(idx, 0, value);
  } else {
    setOwn(parent, key, value);
  }
  return doc;
}

function removeAt(doc: JsonValue, pointer: string, opName = 'remove'): JsonValue {
  const tokens = parseJsonPointer(pointer);
  if (tokens.length === 0) {
    throw new PatchError(
      'ApplyFailed',
      `${opName} operation does not apply: cannot remove the document root`,
    );
  }
  const { parent, key } = locate(doc, tokens, opName, pointer);
  if (Array.isArray(parent)) {
    parent.splice(arrayIndex(key, parent.length, false), 1);
  } else {
    if (!Object.hasOwn(parent, key)) {
      throw new PatchError(
        'ApplyFailed',
        `unable to remove nonexistent key: ${key}: missing value`,
      );
    }
    delete parent[key];
  }
  return doc;
}

function requireFrom(op: JsonPatchOperation): string {
  if (typeof op.from !== 'string') {
    throw new PatchError('ApplyFailed', `${op.op} operation missing from path`);
  }
  return op.from;
}

/**
 * Bounds of what a JSON patch may grow a document by: the bytes all `copy` operations add
 * (kube-apiserver's JSONPatchMaxCopyBytes), and the nesting depth of the result (an upper
 * bound kept per operation: the depth of the path plus that of the value it places).
 */
class GrowthBounds {
  private copied = 0;
  private depth: number;

  constructor(doc: JsonValue) {
    this.depth = nestingDepth(doc, MaxNestingDepth);
  }

  copy(value: JsonValue): void {
    this.copied += Buffer.byteLength(JSON.stringify(value));
    if (this.copied > MaxJsonPatchCopyBytes)
      throw new PatchError(
        'ApplyFailed',
        `Unable to complete the copy, the accumulated size increase of copy is ${this.copied}, exceeding the limit ${MaxJsonPatchCopyBytes}`,
      );
  }

  place(pointer: string, value: JsonValue): void {
    const depth = parseJsonPointer(pointer).length + nestingDepth(value, MaxNestingDepth);
    this.depth = Math.max(this.depth, depth);
    if (this.depth > MaxNestingDepth)
      throw new PatchError(
        'ApplyFailed',
        `the patched object exceeds max depth ${MaxNestingDepth}`,
      );
  }
}

/**
 * Applies an RFC 6902 JSON Patch to a copy of `doc` and returns the result (`doc` is not changed).
 *
 * Errors: {@link PatchError} `MalformedPatch` (400) when `ops` is not a patch document,
 * `TooManyOperations` (413), `ApplyFailed` (422) when an operation does not apply: a missing
 * path, an index out of range, or a failed `test`; or when copies add more than
 * {@link MaxJsonPatchCopyBytes} or the result would nest deeper than {@link MaxNestingDepth}.
 */
export function applyJsonPatch<T = unknown>(doc: T, ops: unknown): T {
  const patch = decodeJsonPatch(ops);
  let result = cloneJson(doc) as unknown as JsonValue;
  const bounds = new GrowthBounds(result);
  for (const op of patch) {
    if (typeof op.path !== 'string') {
      throw new PatchError('ApplyFailed', `${String(op.op)} operation missing path`);
    }
    const value = cloneJson((op.value ?? null) as JsonValue);
    switch (op.op) {
      case 'add':
        bounds.place(op.path, value);
        result = addAt(result, op.path, value);
        break;
      case 'remove':
        result = removeAt(result, op.path);
        break;
      case 'replace': {
        bounds.place(op.path, value);
        if (op.path === '') {
          result = value;
          break;
        }
        if (getAt(result, op.path) === undefined) {
          throw new PatchError(
            'ApplyFailed',
            `replace operation does not apply: doc is missing key: ${op.path}: missing value`,
          );
        }
        const tokens = parseJsonPointer(op.path);
        const { parent, key } = locate(result, tokens, 'replace', op.path);
        if (Array.isArray(parent)) parent[arrayIndex(key, parent.length, false)] = value;
        else setOwn(parent, key, value);
        break;
      }
      case 'move': {
        const from = requireFrom(op);
        const moved = getAt(result, from);
        if (moved === undefined) {
          throw new PatchError(
            'ApplyFailed',
            `move operation does not apply: doc is missing from path: ${from}: missing value`,
          );
        }
        if (from === op.path) break;
        bounds.place(op.path, moved);
        result = removeAt(result, from, 'move');
        result = addAt(result, op.path, moved, 'move');
        break;
      }
      case 'copy': {
        const from = requireFrom(op);
        const copied = getAt(result, from);
        if (copied === undefined) {
          throw new PatchError(
            'ApplyFailed',
            `copy operation does not apply: doc is missing from path: ${from}: missing value`,
          );
        }
        bounds.copy(copied);
        bounds.place(op.path, copied);
        result = addAt(result, op.path, cloneJson(copied), 'copy');
        break;
      }
      case 'test': {
        const actual = getAt(result, op.path);
        const ok = actual === undefined ? value === null : jsonEqual(actual, value);
        if (!ok)
          throw new PatchError('ApplyFailed', `testing value ${op.path} failed: test failed`);
        break;
      }
      default:
        throw new PatchError(
          'ApplyFailed',
          `Unexpected kind: ${String((op as { op: unknown }).op)}`,
        );
    }
  }
  return result as unknown as T;
}
