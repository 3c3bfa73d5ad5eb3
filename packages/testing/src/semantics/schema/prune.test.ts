import type { JSONSchemaProps } from './json-schema-props';
import { pruneUnknownFields } from './prune';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        workers: {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string' } } },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        free: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'object', properties: { a: { type: 'string' } } } },
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { x: { type: 'string' } } } },
        },
      },
    },
  },
};

describe('pruneUnknownFields', () => {
  it('drops undeclared fields and reports their paths, keeping apiVersion, kind and metadata', () => {
    const obj = {
      apiVersion: 'x.io/v1',
      kind: 'X',
      metadata: { name: 'a', labels: { a: 'b' }, bogus: 1 },
      spec: {
        replicas: 1,
        extra: true,
        workers: [{ name: 'w', gpus: 2 }],
        labels: { any: 'thing' },
        free: { anything: { goes: 1 }, known: { a: 'x', b: 'y' } },
        template: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', junk: 1 },
          spec: { x: 'y', z: 1 },
          other: 1,
        },
      },
      status: { phase: 'x' },
    };
    const { object, unknownFields } = pruneUnknownFields(obj, schema);
    expect(object).toEqual({
      apiVersion: 'x.io/v1',
      kind: 'X',
      metadata: { name: 'a', labels: { a: 'b' } },
      spec: {
        replicas: 1,
        workers: [{ name: 'w' }],
        labels: { any: 'thing' },
        free: { anything: { goes: 1 }, known: { a: 'x' } },
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { x: 'y' } },
      },
    });
    expect(unknownFields.sort()).toEqual(
      [
        'metadata.bogus',
        'spec.extra',
        'spec.workers[0].gpus',
        'spec.free.known.b',
        'spec.template.metadata.junk',
        'spec.template.spec.z',
        'spec.template.other',
        'status',
      ].sort(),
    );
    expect(obj.spec.extra).toBe(true);
  });

  it('keeps everything under a root that preserves unknown fields', () => {
    const obj = { apiVersion: 'v1', kind: 'X', metadata: {}, spec: { a: { b: 1 } } };
    expect(
      pruneUnknownFields(obj, { type: 'object', 'x-kubernetes-preserve-unknown-fields': true })
        .object,
    ).toEqual(obj);
  });
});
