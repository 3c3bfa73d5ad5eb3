/**
 * Turns CRD openAPIV3Schemas (structural schemas) into TypeScript declarations with TSDoc.
 *
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#specifying-a-structural-schema
 * @packageDocumentation
 */
import { CodegenError, type CodegenErrorLocation } from './codegen-error';
import { pascalCase, propertyKey, singularize } from './names';

/** One node of an openAPIV3Schema, as far as types are concerned. */
interface Schema {
  type?: unknown;
  description?: unknown;
  properties?: unknown;
  required?: unknown;
  items?: unknown;
  additionalProperties?: unknown;
  enum?: unknown;
  nullable?: unknown;
  default?: unknown;
  format?: unknown;
  [key: string]: unknown;
}

/** Names the generated declarations import from @kubekit/apimachinery. */
export const apimachineryTypeNames = ['KubeObject', 'KubeList', 'ObjectMeta'] as const;

const junctors = ['allOf', 'anyOf', 'oneOf', 'not'] as const;
const typeKeywords = ['type', 'properties', 'items', 'additionalProperties'] as const;
const kubeObjectFields = new Set(['apiVersion', 'kind', 'metadata']);

interface Where {
  /** Location for errors: file, document and the JSON path of this node. */
  loc: CodegenErrorLocation & { path: string };
  /** The object path documented on named types, e.g. `.spec.tfReplicaSpecs[*]`. */
  objPath: string;
  /** The kind the node belongs to. */
  kind: string;
}

/**
 * Collects the declarations of one group version: each kind's interface, its list type and
 * the named interfaces of its nested objects, in a stable order (kinds in the order added,
 * nested types depth-first after their parent) with stable, collision-free names.
 */
export class SchemaTypes {
  private readonly used = new Set<string>(apimachineryTypeNames);
  private readonly declarations: (string | undefined)[] = [];

  /** Reserves top-level names (kinds and their lists) before any kind is added. */
  reserve(name: string): void {
    this.used.add(name);
  }

  /**
   * Adds the interface of `kind` (extending KubeObject, `metadata` typed ObjectMeta) and its
   * list type `listKind` from `schema`, located at `loc.path`.
   *
   * @throws {@link CodegenError} `Unsupported` for schema constructs that cannot be typed.
   */
  addKind(
    kind: string,
    listKind: string,
    schema: unknown,
    loc: CodegenErrorLocation & { path: string },
  ): void {
    const where: Where = { loc, objPath: '', kind };
    const s = this.node(schema, where);
    const open = s['x-kubernetes-preserve-unknown-fields'] === true;
    if (s.type !== 'object' || !(isRecord(s.properties) || open))
      throw new CodegenError(
        'Unsupported',
        'the root schema must be an object with properties (or x-kubernetes-preserve-unknown-fields)',
        loc,
      );
    const slot = this.declarations.push(undefined) - 1;
    this.declarations[slot] = this.interfaceOf(s, kind, where, { kubeObject: true, name: kind }, [
      ...describe(s, undefined, false),
      `The ${kind} kind (plain JSON objects as the API server sends them).`,
    ]);
    this.declarations.push(
      `${doc([`A list of ${kind} objects.`])}export type ${listKind} = KubeList<${kind}>;`,
    );
  }

  /** The declarations, ready to be written into a module. */
  source(): string {
    return this.declarations.filter((d) => d !== undefined).join('\n\n');
  }

  private unique(hint: string): string {
    let name = hint;
    for (let i = 2; this.used.has(name); i++) name = `${hint}${i}`;
    this.used.add(name);
    return name;
  }

  private node(schema: unknown, where: Where): Schema {
    if (!isRecord(schema))
      throw new CodegenError('Unsupported', 'a schema must be an object', where.loc);
    if ('$ref' in schema)
      throw new CodegenError(
        'Unsupported',
        '$ref is not allowed in CRD schemas (inline the definition)',
        at(where, '$ref'),
      );
    const intOrString = schema['x-kubernetes-int-or-string'] === true;
    for (const j of junctors) {
      const branches = schema[j];
      if (branches === undefined || intOrString) continue;
      for (const [i, branch] of (Array.isArray(branches) ? branches : [branches]).entries()) {
        const typed = isRecord(branch) && typeKeywords.find((k) => k in branch);
        if (typed)
          throw new CodegenError(
            'Unsupported',
            `"${typed}" inside ${j} is not structural: only validations may appear there (or mark the field x-kubernetes-int-or-string)`,
            at(where, Array.isArray(branches) ? `${j}[${i}]` : j),
          );
      }
    }
    return schema as Schema;
  }

  /** The TypeScript type of `schema`; named interfaces it needs are added under `hint`. */
  private typeOf(schema: unknown, hint: string, where: Where): string {
    const s = this.node(schema, where);
    let t: string;
    if (s['x-kubernetes-int-or-string'] === true) t = 'number | string';
    else if (s['x-kubernetes-embedded-resource'] === true)
      t = this.objectType(s, hint, where, true);
    else
      switch (s.type) {
        case undefined:
          if (s['x-kubernetes-preserve-unknown-fields'] === true) {
            t = 'unknown';
            break;
          }
          throw new CodegenError(
            'Unsupported',
            'type is required (structural schema), unless x-kubernetes-preserve-unknown-fields or x-kubernetes-int-or-string is set',
            where.loc,
          );
        case 'object':
          t = this.objectType(s, hint, where, false);
          break;
        case 'array': {
          if (s.items === undefined)
            throw new CodegenError(
              'Unsupported',
              'an array needs items (structural schema)',
              where.loc,
            );
          const item = this.typeOf(s.items, hint, {
            ...where,
            loc: at(where, 'items'),
            objPath: `${where.objPath}[*]`,
          });
          t = `${/[|&]/.test(item) ? `(${item})` : item}[]`;
          break;
        }
        case 'string':
        case 'integer':
        case 'number':
        case 'boolean':
          t =
            s.enum === undefined
              ? s.type === 'integer'
                ? 'number'
                : s.type
              : enumType(s.enum, where);
          break;
        default:
          throw new CodegenError(
            'Unsupported',
            `unknown type ${JSON.stringify(s.type)}`,
            at(where, 'type'),
          );
      }
    return s.nullable === true && t !== 'unknown' ? `${t} | null` : t;
  }

  private objectType(s: Schema, hint: string, where: Where, embedded: boolean): string {
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const add = s.additionalProperties;
    const hasProps = isRecord(s.properties) && Object.keys(s.properties).length > 0;
    if (hasProps && add !== undefined && add !== false)
      throw new CodegenError(
        'Unsupported',
        'properties and additionalProperties are mutually exclusive in structural schemas',
        at(where, 'additionalProperties'),
      );
    if (isRecord(add))
      return `Record<string, ${this.typeOf(add, hint, { ...where, loc: at(where, 'additionalProperties'), objPath: `${where.objPath}[*]` })}>`;
    if (add === true || (!hasProps && preserve && !embedded)) return 'Record<string, unknown>';
    if (!hasProps)
      return embedded ? 'KubeObject & Record<string, unknown>' : 'Record<string, never>';
    const name = this.unique(hint);
    const slot = this.declarations.push(undefined) - 1;
    this.declarations[slot] = this.interfaceOf(s, name, where, { kubeObject: embedded, name }, [
      ...describe(s, undefined, false),
      `\`${where.objPath || '.'}\` of a ${where.kind}${embedded ? ' (an embedded object)' : ''}.`,
    ]);
    return name;
  }

  private interfaceOf(
    s: Schema,
    name: string,
    where: Where,
    shape: { kubeObject: boolean; name: string },
    docLines: string[],
  ): string {
    const props = isRecord(s.properties) ? s.properties : {};
    const required = new Set(Array.isArray(s.required) ? s.required.map(String) : []);
    const members: string[] = [];
    for (const [prop, raw] of Object.entries(props)) {
      const propWhere: Where = {
        ...where,
        loc: at(where, `properties.${prop}`),
        objPath: `${where.objPath}.${prop}`,
      };
      const p = this.node(raw, propWhere);
      if (shape.kubeObject && kubeObjectFields.has(prop)) {
        if (prop === 'metadata')
          members.push(
            `${doc(describe(p, 'Standard object metadata.'))}metadata${required.has(prop) ? '' : '?'}: ObjectMeta;`,
          );
        continue;
      }
      const elementy =
        p.type === 'array' || (p.type === 'object' && isRecord(p.additionalProperties));
      const type = this.typeOf(
        p,
        shape.name + pascalCase(elementy ? singularize(prop) : prop),
        propWhere,
      );
      members.push(
        `${doc(describe(p))}${propertyKey(prop)}${required.has(prop) ? '' : '?'}: ${type};`,
      );
    }
    if (s['x-kubernetes-preserve-unknown-fields'] === true)
      members.push(
        `${doc(['Fields not in the schema are kept (x-kubernetes-preserve-unknown-fields).'])}[key: string]: unknown;`,
      );
    const base = shape.kubeObject ? ' extends KubeObject' : '';
    return `${doc(docLines)}export interface ${name}${base} {\n${members.join('\n')}\n}`;
  }
}

function enumType(values: unknown, where: Where): string {
  if (!Array.isArray(values) || values.length === 0)
    throw new CodegenError('Unsupported', 'enum must be a non-empty list', at(where, 'enum'));
  const literals = values.map((v, i) => {
    if (v === null) return 'null';
    if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    throw new CodegenError(
      'Unsupported',
      'enum values must be strings, numbers or booleans',
      at(where, `enum[${i}]`),
    );
  });
  return [...new Set(literals)].join(' | ');
}

function at(where: Where, suffix: string): CodegenErrorLocation & { path: string } {
  return { ...where.loc, path: `${where.loc.path}.${suffix}` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The TSDoc lines of a schema: description, then (with `facts`) format, validations, default. */
function describe(s: Schema, fallback?: string, facts = true): string[] {
  const lines: string[] = [];
  // '@' in schema text would start TSDoc tags: escape it
  if (typeof s.description === 'string' && s.description.trim())
    lines.push(s.description.trim().replace(/@/g, '\\@'));
  else if (fallback) lines.push(fallback);
  if (!facts) return lines;
  const notes: string[] = [];
  const fact = (label: string, key: string) => {
    const v = s[key];
    if (v !== undefined)
      notes.push(`${label}: \`${typeof v === 'string' ? v : JSON.stringify(v)}\``);
  };
  fact('Format', 'format');
  fact('Pattern', 'pattern');
  fact('Minimum', 'minimum');
  fact('Maximum', 'maximum');
  fact('Exclusive minimum', 'exclusiveMinimum');
  fact('Exclusive maximum', 'exclusiveMaximum');
  fact('Min length', 'minLength');
  fact('Max length', 'maxLength');
  fact('Min items', 'minItems');
  fact('Max items', 'maxItems');
  fact('Min properties', 'minProperties');
  fact('Max properties', 'maxProperties');
  fact('List type', 'x-kubernetes-list-type');
  fact('List map keys', 'x-kubernetes-list-map-keys');
  fact('Map type', 'x-kubernetes-map-type');
  if (s['x-kubernetes-int-or-string'] === true) notes.push('An integer or a string.');
  if (Array.isArray(s['x-kubernetes-validations']))
    for (const rule of s['x-kubernetes-validations'] as { rule?: unknown; message?: unknown }[])
      notes.push(
        `Validation: \`${String(rule?.rule)}\`${rule?.message ? ` (${String(rule.message).replace(/@/g, '\\@')})` : ''}`,
      );
  if (notes.length) lines.push(notes.join('\n'));
  if (s.default !== undefined) lines.push(`@defaultValue \`${JSON.stringify(s.default)}\``);
  return lines;
}

/** A TSDoc block (with a trailing newline) of `paragraphs`, or '' when there are none. */
export function doc(paragraphs: string[]): string {
  if (paragraphs.length === 0) return '';
  const body = paragraphs
    .join('\n\n')
    .replace(/\*\//g, '*\\/')
    .split('\n')
    .map((l) => (l.trim() ? ` * ${l.trimEnd()}` : ' *'));
  return `/**\n${body.join('\n')}\n */\n`;
}
