import { internalPodSpecLayouts } from './internal-pod-layout';

/**
 * A v1 PodSpec printed as kube-apiserver prints its internal form with `json.MarshalIndent(spec,
 * "", " ")`: Go field names in declaration order, every field present (null, "", 0, false when
 * unset) except omitempty ones of meta/v1 types, map keys sorted, the host namespace fields
 * moved into the security context as the v1 conversion does. The text the pod-update diff of
 * kube's ValidatePodUpdate is made of.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/types.go
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/v1/conversion.go
 */

type Obj = Record<string, unknown>;

interface GoField {
  /** The key Go prints. */
  key: string;
  /** The v1 JSON field it is converted from. */
  from: string;
  type: string;
  omitEmpty: boolean;
  embedded: boolean;
}

/** A Go value ready to print: a struct or map is an ordered Map. */
type GoValue = string | number | boolean | null | GoValue[] | Map<string, GoValue>;

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);

function parseField(spec: string): GoField {
  if (spec.startsWith('^')) {
    const type = spec.slice(1);
    return { key: type, from: type, type, omitEmpty: false, embedded: true };
  }
  const colon = spec.indexOf(':');
  const head = spec.slice(0, colon);
  const type = spec.slice(colon + 1);
  const omitEmpty = head.endsWith('~');
  const [key, from] = (omitEmpty ? head.slice(0, -1) : head).split('=') as [string, string?];
  return { key, from: from ?? lowerFirst(key), type, omitEmpty, embedded: false };
}

function parseLayouts(text: string): Map<string, GoField[]> {
  const layouts = new Map<string, GoField[]>();
  let current: GoField[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let fields = line;
    if (!line.startsWith(' ')) {
      const colon = line.indexOf(':');
      current = [];
      layouts.set(line.slice(0, colon), current);
      fields = line.slice(colon + 1);
    }
    current.push(...fields.trim().split(/\s+/).filter(Boolean).map(parseField));
  }
  return layouts;
}

const layouts = parseLayouts(internalPodSpecLayouts);

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function scalar(type: string, value: unknown): GoValue {
  const present = value !== undefined && value !== null;
  switch (type) {
    case 's':
      return present ? String(value) : '';
    case 'i':
    case 'f':
      return typeof value === 'number' ? value : 0;
    case 'b':
      return value === true;
    case 'q':
      return present ? String(value) : '0';
    case 't':
      return typeof value === 'string' ? value : null;
    case 'x':
      return typeof value === 'number' || typeof value === 'string' ? value : 0;
    default:
      return present ? (value as GoValue) : null;
  }
}

function convert(type: string, value: unknown): GoValue {
  if (type.startsWith('*')) {
    return value === undefined || value === null ? null : convert(type.slice(1), value);
  }
  if (type.startsWith('[]')) {
    return Array.isArray(value) ? value.map((v) => convert(type.slice(2), v)) : null;
  }
  if (type.startsWith('{}')) {
    if (!isObj(value)) return null;
    const keys = Object.keys(value).sort();
    return new Map(keys.map((k) => [k, convert(type.slice(2), value[k])]));
  }
  const layout = layouts.get(type);
  if (!layout) return scalar(type, value);
  const out = new Map<string, GoValue>();
  addFields(out, layout, isObj(value) ? value : {});
  return out;
}

function isEmpty(v: GoValue): boolean {
  if (v instanceof Map) return false; // structs are never omitted
  if (Array.isArray(v)) return v.length === 0;
  return v === null || v === '' || v === 0 || v === false;
}

function addFields(out: Map<string, GoValue>, layout: GoField[], src: Obj): void {
  for (const f of layout) {
    if (f.embedded) {
      // embedded structs print their fields in place; v1 nests ObjectMeta under `metadata`
      const inner = f.type === 'ObjectMeta' ? src.metadata : src;
      addFields(out, layouts.get(f.type) ?? [], isObj(inner) ? inner : {});
      continue;
    }
    const v = convert(f.type, src[f.from]);
    if (f.omitEmpty && isEmpty(v)) continue;
    if (!out.has(f.key)) out.set(f.key, v);
  }
}

/** A string as Go's encoding/json quotes it (HTML characters and line separators escaped). */
function goQuote(s: string): string {
  return JSON.stringify(s).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function print(v: GoValue, indent: string): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v !== 'object') return String(v);
  const inner = `${indent} `;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => inner + print(x, inner)).join(',\n')}\n${indent}]`;
  }
  if (v.size === 0) return '{}';
  const entries = [...v].map(([k, x]) => `${inner}${goQuote(k)}: ${print(x, inner)}`);
  return `{\n${entries.join(',\n')}\n${indent}}`;
}

/** The internal PodSpec of a v1 `spec`, printed as `json.MarshalIndent(spec, "", " ")` does. */
export function printInternalPodSpec(spec: Obj): string {
  const securityContext: Obj = { ...(isObj(spec.securityContext) ? spec.securityContext : {}) };
  for (const k of ['hostNetwork', 'hostPID', 'hostIPC', 'shareProcessNamespace', 'hostUsers'])
    securityContext[k] = spec[k];
  const serviceAccountName = spec.serviceAccountName || spec.serviceAccount;
  return print(convert('PodSpec', { ...spec, securityContext, serviceAccountName }), '');
}
