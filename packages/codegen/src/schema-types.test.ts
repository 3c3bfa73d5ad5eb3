import { CodegenError } from './codegen-error';
import { SchemaTypes } from './schema-types';

const loc = { file: 'crd.yaml', documentIndex: 2, path: 'spec.versions[0].schema.openAPIV3Schema' };

function typesOf(spec: unknown, extra: Record<string, unknown> = {}): string {
  const t = new SchemaTypes();
  t.reserve('Widget');
  t.reserve('WidgetList');
  t.addKind('Widget', 'WidgetList', { type: 'object', properties: { spec, ...extra } }, loc);
  return t.source();
}

function errorOf(spec: unknown): CodegenError {
  try {
    typesOf(spec);
  } catch (err) {
    if (CodegenError.isInstance(err)) return err;
    throw err;
  }
  throw new Error('expected a CodegenError');
}

describe('SchemaTypes', () => {
  it('types the kind as a KubeObject with ObjectMeta and a list alias', () => {
    const out = typesOf(
      { type: 'object', properties: { size: { type: 'integer' } } },
      { metadata: { type: 'object' } },
    );
    expect(out).toContain('export interface Widget extends KubeObject {');
    expect(out).toContain('metadata?: ObjectMeta;');
    expect(out).toContain('spec?: WidgetSpec;');
    expect(out).toContain('export interface WidgetSpec {');
    expect(out).toContain('export type WidgetList = KubeList<Widget>;');
  });

  it('maps required, enums, int-or-string, nullable, maps and arrays', () => {
    const out = typesOf({
      type: 'object',
      required: ['mode'],
      properties: {
        mode: { type: 'string', enum: ['Fast', "O'Neil"] },
        level: { type: 'integer', enum: [1, 2] },
        port: {
          anyOf: [{ type: 'integer' }, { type: 'string' }],
          'x-kubernetes-int-or-string': true,
        },
        ports: { type: 'array', items: { 'x-kubernetes-int-or-string': true } },
        note: { type: 'string', nullable: true },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        anything: { type: 'object', additionalProperties: true },
        'x-odd': { type: 'boolean' },
      },
    });
    expect(out).toContain("mode: 'Fast' | 'O\\'Neil';");
    expect(out).toContain('level?: 1 | 2;');
    expect(out).toContain('port?: number | string;');
    expect(out).toContain('ports?: (number | string)[];');
    expect(out).toContain('note?: string | null;');
    expect(out).toContain('labels?: Record<string, string>;');
    expect(out).toContain('anything?: Record<string, unknown>;');
    expect(out).toContain("'x-odd'?: boolean;");
  });

  it('keeps unknown fields open, types embedded resources as KubeObjects and empty objects as empty', () => {
    const out = typesOf({
      type: 'object',
      properties: {
        raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        loose: { 'x-kubernetes-preserve-unknown-fields': true },
        partly: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { a: { type: 'string' } },
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: {
            apiVersion: { type: 'string' },
            metadata: { type: 'object' },
            spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          },
        },
        opaque: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
        empty: { type: 'object' },
      },
    });
    expect(out).toContain('raw?: Record<string, unknown>;');
    expect(out).toContain('loose?: unknown;');
    expect(out).toMatch(
      /export interface WidgetSpecPartly \{[^}]*a\?: string;[^}]*\[key: string\]: unknown;/s,
    );
    expect(out).toMatch(
      /export interface WidgetSpecTemplate extends KubeObject \{[^}]*metadata\?: ObjectMeta;[^}]*spec\?: Record<string, unknown>;/s,
    );
    expect(out).not.toMatch(/WidgetSpecTemplate extends KubeObject \{[^}]*apiVersion/s);
    expect(out).toContain('opaque?: KubeObject & Record<string, unknown>;');
    expect(out).toContain('empty?: Record<string, never>;');
  });

  it('writes descriptions, formats, validations and defaults into TSDoc, escaping comment ends and tags', () => {
    const out = typesOf({
      type: 'object',
      properties: {
        replicas: {
          type: 'integer',
          format: 'int32',
          minimum: 0,
          default: 1,
          description: 'How many. See @other and */ this.',
        },
      },
    });
    expect(out).toContain(' * How many. See \\@other and *\\/ this.');
    expect(out).toContain(' * Format: `int32`');
    expect(out).toContain(' * Minimum: `0`');
    expect(out).toContain(' * @defaultValue `1`');
  });

  it('gives nested types stable, unique names derived from their path', () => {
    const out = typesOf(
      {
        type: 'object',
        properties: {
          endpoints: {
            type: 'array',
            items: { type: 'object', properties: { port: { type: 'string' } } },
          },
          policies: {
            type: 'object',
            additionalProperties: { type: 'object', properties: { on: { type: 'boolean' } } },
          },
        },
      },
      // WidgetSpecEndpoint is taken by the root's own property: the nested one gets a suffix
      { specEndpoint: { type: 'object', properties: { x: { type: 'string' } } } },
    );
    expect(out).toContain('endpoints?: WidgetSpecEndpoint[];');
    expect(out).toContain('policies?: Record<string, WidgetSpecPolicy>;');
    expect(out).toContain('specEndpoint?: WidgetSpecEndpoint2;');
    expect(out.indexOf('interface WidgetSpec ')).toBeLessThan(
      out.indexOf('interface WidgetSpecEndpoint '),
    );
  });

  it('types a fully open root schema as a KubeObject with unknown fields', () => {
    const t = new SchemaTypes();
    t.addKind(
      'Blob',
      'BlobList',
      { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      loc,
    );
    expect(t.source()).toMatch(
      /export interface Blob extends KubeObject \{[^}]*\[key: string\]: unknown;\s*\}/s,
    );
    expect(() => new SchemaTypes().addKind('Blob', 'BlobList', { type: 'object' }, loc)).toThrow(
      /root schema/,
    );
  });

  it('rejects what cannot be typed, naming the file, document and JSON path', () => {
    const ref = errorOf({ type: 'object', properties: { a: { $ref: '#/definitions/A' } } });
    expect(ref.reason).toBe('Unsupported');
    expect(ref.message).toBe(
      'crd.yaml, document 2, at spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.a.$ref: $ref is not allowed in CRD schemas (inline the definition)',
    );
    expect(
      errorOf({ type: 'object', properties: { a: { anyOf: [{ type: 'string' }] } } }).path,
    ).toBe('spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.a.anyOf[0]');
    expect(
      errorOf({ type: 'object', properties: { a: { description: 'untyped' } } }).message,
    ).toMatch(/type is required/);
    expect(errorOf({ type: 'array' }).path).toBe(
      'spec.versions[0].schema.openAPIV3Schema.properties.spec',
    );
    expect(
      errorOf({
        type: 'object',
        properties: { a: { type: 'string' } },
        additionalProperties: { type: 'string' },
      }).message,
    ).toMatch(/mutually exclusive/);
    expect(errorOf({ type: 'tuple' }).reason).toBe('Unsupported');
    expect(errorOf({ type: 'string', enum: [{ a: 1 }] }).path).toMatch(/enum\[0\]$/);
  });
});
