/**
 * TypeScript declarations from the schemas of OpenAPI v3 documents: one `types.ts` module per
 * schema package (`io.k8s.api.apps.v1` -> `apps/v1/types.ts`), true to the JSON the API server
 * sends: date-times, quantities and bytes are strings, int-or-string is `number | string`,
 * required properties are required, enums are unions, descriptions are TSDoc. Types only.
 *
 * @packageDocumentation
 */
import { posix } from 'node:path';
import { CodegenError } from './codegen-error';
import type { GeneratedFile } from './model';
import { camelCase, groupVersionDir, isIdentifier, pascalCase, propertyKey } from './names';
import { refName, type OpenApiGvk, type OpenApiSpec } from './openapi-document';
import { doc } from './schema-types';

type Schema = Record<string, unknown>;

const isRecord = (v: unknown): v is Schema =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Schemas whose JSON is narrower than their OpenAPI form says: a Quantity is accepted as a
 * number but always sent as a string.
 */
const overrides: Record<string, { type: string; note: string }> = {
  'io.k8s.apimachinery.pkg.api.resource.Quantity': {
    type: 'string',
    note: 'On the wire a string such as `500m` or `1Gi` (the server accepts numbers on input, and always sends strings).',
  },
};

/** The `x-kubernetes-group-version-kind` entries of a schema. */
export function schemaGvks(schema: Schema): OpenApiGvk[] {
  const v = schema['x-kubernetes-group-version-kind'];
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.filter(
    (g): g is OpenApiGvk =>
      isRecord(g) &&
      typeof g.group === 'string' &&
      typeof g.version === 'string' &&
      typeof g.kind === 'string',
  );
}

const packageOf = (name: string) => name.slice(0, name.lastIndexOf('.'));
const localName = (name: string) => name.slice(name.lastIndexOf('.') + 1);

/**
 * The declarations of every schema of a spec, grouped in modules by schema package. A package
 * whose kinds all belong to one group version lives in that group version's directory (next to
 * its clients); other packages (apimachinery's meta/v1, resource, intstr, runtime) in a
 * directory after their name.
 */
export class OpenApiTypes {
  private readonly spec: OpenApiSpec;
  private readonly dirs = new Map<string, string>();

  /** @throws {@link CodegenError} `Conflict` when two packages map to one directory or a name is no identifier. */
  constructor(spec: OpenApiSpec) {
    this.spec = spec;
    const gvs = new Map<string, Set<string>>();
    for (const [name, schema] of spec.schemas) {
      const pkg = packageOf(name);
      const set = gvs.get(pkg) ?? new Set<string>();
      const gvks = schemaGvks(schema);
      if (gvks.length === 1) set.add(groupVersionDir(gvks[0]!.group, gvks[0]!.version));
      else if (gvks.length > 1) set.add('*');
      gvs.set(pkg, set);
      if (!isIdentifier(localName(name)))
        throw new CodegenError('Conflict', `schema name ${name} does not end in an identifier`, {
          path: `components.schemas.${name}`,
        });
    }
    const owner = new Map<string, string>();
    for (const [pkg, set] of gvs) {
      const dir =
        set.size === 1 && !set.has('*')
          ? [...set][0]!
          : pkg
              .replace(/^io\.k8s\./, '')
              .split('.')
              .join('/');
      const other = owner.get(dir);
      if (other)
        throw new CodegenError(
          'Conflict',
          `schema packages ${other} and ${pkg} would both be written to ${dir}`,
        );
      owner.set(dir, pkg);
      this.dirs.set(pkg, dir);
    }
  }

  /** The output directory of the module declaring schema `name`. */
  dirOf(name: string): string {
    return this.dirs.get(packageOf(name))!;
  }

  /** The declared name of schema `name` in its module (`io.k8s.api.core.v1.Pod` -> `Pod`). */
  nameOf(name: string): string {
    return localName(name);
  }

  /** The schema of kind `gvk` (the one schema carrying exactly that group-version-kind). */
  kindSchema(gvk: OpenApiGvk): string | undefined {
    for (const [name, schema] of this.spec.schemas)
      if (
        schemaGvks(schema).some(
          (g) => g.group === gvk.group && g.version === gvk.version && g.kind === gvk.kind,
        )
      )
        return name;
    return undefined;
  }

  /** One unformatted `types.ts` per directory, sorted by path. */
  modules(): GeneratedFile[] {
    const byDir = new Map<string, string[]>();
    for (const name of this.spec.schemas.keys()) {
      const dir = this.dirOf(name);
      byDir.set(dir, [...(byDir.get(dir) ?? []), name]);
    }
    return [...byDir.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([dir, names]) => ({ path: `${dir}/types.ts`, content: this.module(dir, names) }));
  }

  private module(dir: string, names: string[]): string {
    const imports = new Map<string, string>();
    const used = new Set(names.map(localName));
    const ref = (name: string): string => {
      const target = this.dirOf(name);
      if (target === dir) return localName(name);
      let alias = imports.get(target);
      if (!alias) {
        const segs = target.split('/');
        const base = camelCase(segs.at(-2)!.split('.')[0]!) + pascalCase(segs.at(-1)!);
        alias = base;
        for (let i = 2; used.has(alias); i++) alias = `${base}${i}`;
        used.add(alias);
        imports.set(target, alias);
      }
      return `${alias}.${localName(name)}`;
    };
    const decls = [...names]
      .sort((a, b) => (localName(a) < localName(b) ? -1 : 1))
      .map((name) => this.declaration(name, this.spec.schemas.get(name)!, ref));
    const importLines = [...imports.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(
        ([target, alias]) => `import type * as ${alias} from '${relative(dir, target)}/types.js';`,
      );
    const header = `// Types of ${[...new Set(names.map(packageOf))].join(', ')}, from OpenAPI v3.`;
    return [header, ...importLines, '', decls.join('\n\n')].join('\n');
  }

  private declaration(name: string, schema: Schema, ref: (name: string) => string): string {
    const local = localName(name);
    const gvks = schemaGvks(schema);
    const lines = describe(schema);
    if (gvks.length === 1)
      lines.push(
        `Kind \`${gvks[0]!.kind}\` of \`${gvks[0]!.group ? `${gvks[0]!.group}/` : ''}${gvks[0]!.version}\`.`,
      );
    const override = overrides[name];
    if (override)
      return `${doc([...lines, override.note])}export type ${local} = ${override.type};`;
    if (isRecord(schema.properties) && Object.keys(schema.properties).length > 0)
      return `${doc(lines)}export interface ${local} ${this.objectLiteral(schema, ref, name)}`;
    return `${doc(lines)}export type ${local} = ${this.typeOf(schema, ref, name)};`;
  }

  private objectLiteral(schema: Schema, ref: (name: string) => string, path: string): string {
    const props = schema.properties as Record<string, unknown>;
    const required = new Set(Array.isArray(schema.required) ? schema.required.map(String) : []);
    const members = Object.entries(props).map(([prop, p]) => {
      const s = isRecord(p) ? p : {};
      return `${doc(describe(s))}${propertyKey(prop)}${required.has(prop) ? '' : '?'}: ${this.typeOf(s, ref, `${path}.${prop}`)};`;
    });
    return `{\n${members.join('\n')}\n}`;
  }

  /** The type expression of `schema`. */
  private typeOf(schema: unknown, ref: (name: string) => string, path: string): string {
    if (!isRecord(schema))
      throw new CodegenError('InvalidOpenApi', 'a schema must be an object', { path });
    const target = refName(schema);
    let t: string;
    if (target !== undefined) t = ref(target);
    else if (schema['x-kubernetes-int-or-string'] === true || schema.format === 'int-or-string')
      t = 'number | string';
    else if (Array.isArray(schema.oneOf) || Array.isArray(schema.anyOf)) {
      const branches = (schema.oneOf ?? schema.anyOf) as unknown[];
      t = [...new Set(branches.map((b, i) => this.typeOf(b, ref, `${path}.oneOf[${i}]`)))].join(
        ' | ',
      );
    } else
      switch (schema.type) {
        case 'string':
        case 'boolean':
          t = Array.isArray(schema.enum) ? literals(schema.enum) : schema.type;
          break;
        case 'integer':
        case 'number':
          t = Array.isArray(schema.enum) ? literals(schema.enum) : 'number';
          break;
        case 'array': {
          const item = this.typeOf(schema.items ?? {}, ref, `${path}.items`);
          t = `${/[|&]/.test(item) ? `(${item})` : item}[]`;
          break;
        }
        case 'object':
          if (isRecord(schema.properties) && Object.keys(schema.properties).length > 0)
            t = this.objectLiteral(schema, ref, path);
          else if (isRecord(schema.additionalProperties))
            t = `Record<string, ${this.typeOf(schema.additionalProperties, ref, `${path}.additionalProperties`)}>`;
          else t = 'Record<string, unknown>';
          break;
        case undefined:
          t = 'unknown';
          break;
        default:
          throw new CodegenError('InvalidOpenApi', `unknown type ${JSON.stringify(schema.type)}`, {
            path,
          });
      }
    return schema.nullable === true && t !== 'unknown' ? `${t} | null` : t;
  }
}

function literals(values: unknown[]): string {
  return [
    ...new Set(
      values.map((v) =>
        typeof v === 'string'
          ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`
          : v === null
            ? 'null'
            : String(v),
      ),
    ),
  ].join(' | ');
}

/** The relative specifier from directory `from` to directory `to` (both output-relative). */
function relative(from: string, to: string): string {
  const rel = posix.relative(from, to);
  return rel.startsWith('.') ? rel : `./${rel}`;
}

/** Formats the TypeScript type already says enough about. */
const numericFormats = new Set(['int-or-string', 'int32', 'int64', 'double', 'float']);

/** TSDoc paragraphs of a schema: its description (with `@` escaped) and its format. */
function describe(schema: Schema): string[] {
  const lines: string[] = [];
  if (typeof schema.description === 'string' && schema.description.trim())
    lines.push(schema.description.trim().replace(/@/g, '\\@'));
  if (typeof schema.format === 'string' && !numericFormats.has(schema.format))
    lines.push(
      schema.format === 'date-time'
        ? 'An RFC 3339 date-time string.'
        : schema.format === 'byte'
          ? 'Base64-encoded bytes.'
          : `Format: \`${schema.format}\`.`,
    );
  return lines;
}
