import { CodegenError } from './codegen-error';
import { generateFromOpenApi } from './generate-openapi';
import { readOpenApi } from './openapi-document';
import { resourcesFromPaths, withDiscovery } from './openapi-resources';
import { OpenApiTypes } from './openapi-types';

const ref = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/${name}` }] });
const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const gvk = (kind: string) => ({ group: 'example.com', version: 'v1', kind });

/** A small document in kube-apiserver's shape: one namespaced kind with status and scale. */
function document() {
  const op = (action: string, kind = 'Widget', response?: string) => ({
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk(kind),
    ...(response
      ? {
          responses: {
            200: {
              content: {
                'application/json': { schema: { $ref: `#/components/schemas/${response}` } },
              },
            },
          },
        }
      : {}),
  });
  const base = '/apis/example.com/v1';
  return {
    openapi: '3.0.0',
    paths: {
      [`${base}/widgets`]: { get: op('list', 'Widget', 'com.example.v1.WidgetList') },
      [`${base}/namespaces/{namespace}/widgets`]: {
        get: op('list', 'Widget', 'com.example.v1.WidgetList'),
        post: op('post'),
        delete: op('deletecollection'),
      },
      [`${base}/namespaces/{namespace}/widgets/{name}`]: {
        get: op('get'),
        put: op('put'),
        patch: op('patch'),
        delete: op('delete'),
      },
      [`${base}/watch/namespaces/{namespace}/widgets`]: { get: op('watchlist') },
      [`${base}/namespaces/{namespace}/widgets/{name}/status`]: { get: op('get'), put: op('put') },
      [`${base}/namespaces/{namespace}/widgets/{name}/scale`]: {
        get: {
          ...op('get'),
          'x-kubernetes-group-version-kind': { group: 'autoscaling', version: 'v1', kind: 'Scale' },
        },
      },
    },
    components: {
      schemas: {
        [`${meta}.ObjectMeta`]: {
          type: 'object',
          properties: {
            name: { type: 'string' },
            creationTimestamp: ref(`${meta}.Time`),
          },
        },
        [`${meta}.ListMeta`]: {
          type: 'object',
          properties: { resourceVersion: { type: 'string' } },
        },
        [`${meta}.Time`]: { type: 'string', format: 'date-time', description: 'Time is a time.' },
        'io.k8s.apimachinery.pkg.api.resource.Quantity': {
          oneOf: [{ type: 'string' }, { type: 'number' }],
        },
        'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
          format: 'int-or-string',
          oneOf: [{ type: 'integer' }, { type: 'string' }],
        },
        'com.example.v1.Widget': {
          description: 'A widget. Mind the @sign and */ in docs.',
          type: 'object',
          required: ['spec'],
          'x-kubernetes-group-version-kind': [gvk('Widget')],
          properties: {
            apiVersion: { type: 'string' },
            kind: { type: 'string' },
            metadata: ref(`${meta}.ObjectMeta`),
            spec: ref('com.example.v1.WidgetSpec'),
          },
        },
        'com.example.v1.WidgetSpec': {
          type: 'object',
          required: ['size'],
          properties: {
            size: ref('io.k8s.apimachinery.pkg.api.resource.Quantity'),
            port: ref('io.k8s.apimachinery.pkg.util.intstr.IntOrString'),
            policy: { type: 'string', enum: ['Always', 'Never'], description: 'When.' },
            data: { type: 'string', format: 'byte' },
            labels: { type: 'object', additionalProperties: { type: 'string' } },
            extra: { type: 'object', nullable: true },
            $ref: { type: 'string' },
          },
        },
        'com.example.v1.WidgetList': {
          type: 'object',
          required: ['items'],
          'x-kubernetes-group-version-kind': [gvk('WidgetList')],
          properties: {
            items: { type: 'array', items: ref('com.example.v1.Widget') },
            metadata: ref(`${meta}.ListMeta`),
          },
        },
      },
    },
  };
}

describe('OpenAPI v3 input', () => {
  it('types are true to the JSON: strings for date-times, quantities and bytes, number | string for int-or-string, unions for enums, required kept', () => {
    const types = new OpenApiTypes(readOpenApi([{ source: 'doc.json', value: document() }]));
    const modules = Object.fromEntries(types.modules().map((m) => [m.path, m.content]));
    expect(Object.keys(modules).sort()).toEqual([
      'apimachinery/pkg/api/resource/types.ts',
      'apimachinery/pkg/apis/meta/v1/types.ts',
      'apimachinery/pkg/util/intstr/types.ts',
      'example.com/v1/types.ts',
    ]);
    const widget = modules['example.com/v1/types.ts']!;
    expect(widget).toContain(
      "import type * as metaV1 from '../../apimachinery/pkg/apis/meta/v1/types.js';",
    );
    expect(widget).toContain('metadata?: metaV1.ObjectMeta;');
    expect(widget).toContain('spec: WidgetSpec;');
    expect(widget).toContain('size: apiResource.Quantity;');
    expect(widget).toContain('port?: utilIntstr.IntOrString;');
    expect(widget).toContain("policy?: 'Always' | 'Never';");
    expect(widget).toContain('data?: string;');
    expect(widget).toContain('labels?: Record<string, string>;');
    expect(widget).toContain('extra?: Record<string, unknown> | null;');
    expect(widget).toContain('$ref?: string;');
    expect(widget).toContain('items: Widget[];');
    expect(widget).toContain('Mind the \\@sign and *\\/ in docs.');
    expect(modules['apimachinery/pkg/apis/meta/v1/types.ts']).toContain(
      'export type Time = string;',
    );
    expect(modules['apimachinery/pkg/api/resource/types.ts']).toContain(
      'export type Quantity = string;',
    );
    expect(modules['apimachinery/pkg/util/intstr/types.ts']).toContain(
      'export type IntOrString = number | string;',
    );
  });

  it('resources come from the paths: scope, verbs, subresources (of other kinds too), completed by discovery', () => {
    const spec = readOpenApi([{ source: 'doc.json', value: document() }]);
    const lists = withDiscovery(resourcesFromPaths(spec), [
      {
        groupVersion: 'example.com/v1',
        resources: [
          { name: 'widgets', singularName: 'widget', shortNames: ['wd'], categories: ['all'] },
        ],
      },
    ]);
    expect(lists).toEqual([
      {
        groupVersion: 'example.com/v1',
        resources: [
          {
            name: 'widgets',
            singularName: 'widget',
            namespaced: true,
            kind: 'Widget',
            verbs: [
              'create',
              'delete',
              'deletecollection',
              'get',
              'list',
              'patch',
              'update',
              'watch',
            ],
            shortNames: ['wd'],
            categories: ['all'],
          },
          {
            name: 'widgets/scale',
            singularName: '',
            namespaced: true,
            kind: 'Scale',
            group: 'autoscaling',
            version: 'v1',
            verbs: ['get'],
          },
          {
            name: 'widgets/status',
            singularName: '',
            namespaced: true,
            kind: 'Widget',
            verbs: ['get', 'update'],
          },
        ],
      },
    ]);
  });

  it('generates clients whose resource info carries verbs and categories', async () => {
    const files = await generateFromOpenApi([{ source: 'doc.json', value: document() }], {
      discovery: {
        source: 'discovery.json',
        value: [
          { groupVersion: 'example.com/v1', resources: [{ name: 'widgets', categories: ['all'] }] },
        ],
      },
    });
    const client = files.find((f) => f.path === 'example.com/v1/client.ts')!.content;
    expect(client).toContain("categories: ['all'],");
    expect(client).toContain("subresources: ['scale', 'status'],");
    expect(client).toContain('export type WidgetInterface = ResourceClient<Widget, WidgetList>;');
    expect(files.find((f) => f.path === 'example.com/v1/index.ts')!.content).toContain(
      "export type * from './types.js';",
    );
  });

  it('names the source and path of a dangling $ref, and of a schema defined twice differently', () => {
    const dangling = document();
    (
      dangling.components.schemas['com.example.v1.WidgetSpec'].properties as Record<string, unknown>
    ).x = ref('com.example.v1.Missing');
    expect(() => readOpenApi([{ source: 'a.json', value: dangling }])).toThrow(
      /a\.json, at components\.schemas\.com\.example\.v1\.WidgetSpec\.properties\.x\.allOf\[0\]\.\$ref: \$ref "#\/components\/schemas\/com\.example\.v1\.Missing" names no schema/,
    );
    const other = document();
    other.components.schemas[`${meta}.Time`] = {
      type: 'string',
      format: 'date-time',
      description: 'x',
    };
    const err = (() => {
      try {
        readOpenApi([
          { source: 'a.json', value: document() },
          { source: 'b.json', value: other },
        ]);
      } catch (e) {
        return e;
      }
    })();
    expect(CodegenError.isInstance(err) && err.reason).toBe('Conflict');
    expect((err as Error).message).toMatch(/b\.json.*differs from its definition in a\.json/);
    expect(() => readOpenApi([{ source: 'c.json', value: { swagger: '2.0' } }])).toThrow(
      /c\.json, at openapi: not an OpenAPI v3 document/,
    );
  });
});
