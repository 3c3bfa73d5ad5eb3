import { newBadRequest, type FieldError } from '@kubekit/apimachinery';
import { forbidden, invalid, required, tooLong } from '../../semantics/schema/field-error';
import { isConfigMapKey } from '../../semantics/schema/name-validation';
import { goJsonKind } from '../../go/go-json';
import { deepEqual } from '../../semantics/json';
import type { Obj } from '../../storage/store';

/**
 * ConfigMaps and Secrets as kube-apiserver decodes, defaults and validates them: key format
 * (`data[key]`), total size, the required keys of typed secrets, `immutable`, the immutable
 * secret type, `stringData` merged into `data` and base64 checked on decode.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
 */

/** Largest total size of a Secret's or ConfigMap's values, in bytes. */
export const maxSecretSize = 1024 * 1024;

function mapOf(value: unknown): Record<string, string> {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, string>)
    : {};
}

function keyErrors(path: string, key: string): FieldError[] {
  return isConfigMapKey(key).map((msg) => invalid(`${path}[${key}]`, key, msg));
}

/** Decoded byte length of a base64 value (the value is known to be valid). */
function decodedLength(value: string): number {
  return Buffer.from(value, 'base64').length;
}

/** Drops an empty map, as a Go `omitempty` field is never serialized. */
export function dropEmptyMap(obj: Obj, key: string): void {
  const v: unknown = obj[key];
  if (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)
    delete obj[key];
}

/**
 * The typed decoding of a `map[string]string` (or `[]byte`) field: 400 `ConfigMap in version
 * "v1" cannot be handled as a ConfigMap: json: cannot unmarshal object into Go struct field
 * ConfigMap.data of type string` for a value that is not a string (null is the empty value).
 */
function decodeStringMap(obj: Obj, kind: string, field: string, valueType: string): void {
  const fail = (value: unknown, type: string) =>
    newBadRequest(
      `${kind} in version "v1" cannot be handled as a ${kind}: json: cannot unmarshal ${goJsonKind(value)} into Go struct field ${kind}.${field} of type ${type}`,
    );
  const map: unknown = obj[field];
  if (map === undefined || map === null) return;
  if (typeof map !== 'object' || Array.isArray(map)) throw fail(map, `map[string]${valueType}`);
  for (const [k, v] of Object.entries(map)) {
    if (v === null) (map as Record<string, unknown>)[k] = '';
    else if (typeof v !== 'string') throw fail(v, valueType);
  }
}

/** A ConfigMap as decoding leaves it: string values only, empty `data` / `binaryData` gone. */
export function normalizeConfigMap(cm: Obj): void {
  decodeStringMap(cm, 'ConfigMap', 'data', 'string');
  decodeStringMap(cm, 'ConfigMap', 'binaryData', '[]uint8');
  dropEmptyMap(cm, 'data');
  dropEmptyMap(cm, 'binaryData');
}

/** ValidateConfigMap: keys, keys in both bags, total size. */
export function validateConfigMap(cm: Obj): FieldError[] {
  const data = mapOf(cm.data);
  const binary = mapOf(cm.binaryData);
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    errs.push(...keyErrors('data', k));
    if (Object.hasOwn(binary, k))
      errs.push(invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
    size += Buffer.byteLength(String(v));
  }
  for (const [k, v] of Object.entries(binary)) {
    errs.push(...keyErrors('binaryData', k));
    size += decodedLength(String(v));
  }
  if (size > maxSecretSize) errs.push(tooLong('', maxSecretSize));
  return errs;
}

const immutableMsg = 'field is immutable when `immutable` is set';

/** ValidateConfigMapUpdate beyond ValidateConfigMap: an immutable ConfigMap stays as it is. */
export function validateConfigMapUpdate(cm: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (old.immutable === true) {
    if (cm.immutable !== true) errs.push(forbidden('immutable', immutableMsg));
    for (const key of ['data', 'binaryData']) {
      if (!deepEqual(cm[key] ?? {}, old[key] ?? {})) errs.push(forbidden(key, immutableMsg));
    }
  }
  return [...errs, ...validateConfigMap(cm)];
}

const base64Alphabet = /[A-Za-z0-9+/]/;

/**
 * Where Go's base64.StdEncoding rejects `value` (the `illegal base64 data at input byte N`
 * offset), or undefined when it decodes.
 */
export function illegalBase64Offset(value: string): number | undefined {
  const clean = value.replace(/[\r\n]/g, '');
  let i = 0;
  while (i < clean.length && base64Alphabet.test(clean[i]!)) i++;
  if (i === clean.length) return clean.length % 4 === 0 ? undefined : i - (i % 4);
  if (clean[i] !== '=') return i;
  // padding: only at the end of a quantum of 2 or 3 characters
  const inQuantum = i % 4;
  const pad = inQuantum === 2 ? '==' : inQuantum === 3 ? '=' : '';
  if (!pad) return i;
  if (clean.slice(i, i + pad.length) !== pad)
    return i + pad.length > clean.length ? clean.length : i;
  if (i + pad.length < clean.length) return i + pad.length;
  return undefined;
}

/**
 * A Secret as decoding and defaulting leave it: `data` checked as base64 (a 400 otherwise),
 * `stringData` merged into `data` (base64-encoded), empty maps dropped, `type` Opaque.
 */
export function normalizeSecret(secret: Obj): void {
  decodeStringMap(secret, 'Secret', 'data', '[]uint8');
  decodeStringMap(secret, 'Secret', 'stringData', 'string');
  const data = { ...mapOf(secret.data) };
  for (const v of Object.values(data)) {
    const at = illegalBase64Offset(String(v));
    if (at !== undefined) {
      throw newBadRequest(
        `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${at}`,
      );
    }
  }
  for (const [k, v] of Object.entries(mapOf(secret.stringData)))
    data[k] = Buffer.from(String(v)).toString('base64');
  delete secret.stringData;
  if (Object.keys(data).length) secret.data = data;
  else delete secret.data;
  secret.type ||= 'Opaque';
}

/** The keys a typed secret must carry (at least one of them for basic-auth). */
function typedSecretErrors(secret: Obj, data: Record<string, string>): FieldError[] {
  const has = (k: string): boolean => k in data;
  const need = (k: string): FieldError => required(`data[${k}]`);
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      return secret.metadata?.annotations?.['kubernetes.io/service-account.name']
        ? []
        : [required('metadata.annotations[kubernetes.io/service-account.name]')];
    case 'kubernetes.io/dockercfg':
      return has('.dockercfg') ? jsonErrors(data, '.dockercfg') : [need('.dockercfg')];
    case 'kubernetes.io/dockerconfigjson':
      return has('.dockerconfigjson')
        ? jsonErrors(data, '.dockerconfigjson')
        : [need('.dockerconfigjson')];
    case 'kubernetes.io/basic-auth':
      return has('username') || has('password') ? [] : [need('username'), need('password')];
    case 'kubernetes.io/ssh-auth':
      return decodedLength(data['ssh-privatekey'] ?? '') ? [] : [need('ssh-privatekey')];
    case 'kubernetes.io/tls':
      return [
        ...(has('tls.crt') ? [] : [need('tls.crt')]),
        ...(has('tls.key') ? [] : [need('tls.key')]),
      ];
    default:
      return [];
  }
}

/** How Go's encoding/json rejects `text` as a JSON object (undefined when it is one). */
function goJsonObjectError(text: string): string | undefined {
  const first = text.trimStart()[0];
  if (first === undefined) return 'unexpected end of JSON input';
  if (!'{["tfn-0123456789'.includes(first))
    return `invalid character '${first}' looking for beginning of value`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return undefined;
  const type = Array.isArray(parsed)
    ? 'array'
    : typeof parsed === 'boolean'
      ? 'bool'
      : typeof parsed;
  return `json: cannot unmarshal ${type} into Go value of type map[string]interface {}`;
}

/** A docker config key must hold a JSON object. */
function jsonErrors(data: Record<string, string>, key: string): FieldError[] {
  const msg = goJsonObjectError(Buffer.from(data[key] ?? '', 'base64').toString());
  return msg ? [invalid(`data[${key}]`, '<secret contents redacted>', msg)] : [];
}

/** ValidateSecret: keys, total size, the keys of typed secrets. */
export function validateSecret(secret: Obj): FieldError[] {
  const data = mapOf(secret.data);
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(data)) {
    errs.push(...keyErrors('data', k));
    size += decodedLength(String(v));
  }
  if (size > maxSecretSize) errs.push(tooLong('data', maxSecretSize));
  return [...errs, ...typedSecretErrors(secret, data)];
}

/** ValidateSecretUpdate beyond ValidateSecret: `type` never changes, immutable data stays. */
export function validateSecretUpdate(secret: Obj, old: Obj): FieldError[] {
  const errs: FieldError[] = [];
  if (secret.type !== old.type) errs.push(invalid('type', secret.type ?? '', 'field is immutable'));
  if (old.immutable === true) {
    if (secret.immutable !== true) errs.push(forbidden('immutable', immutableMsg));
    if (!deepEqual(secret.data ?? {}, old.data ?? {})) errs.push(forbidden('data', immutableMsg));
  }
  return [...errs, ...validateSecret(secret)];
}
