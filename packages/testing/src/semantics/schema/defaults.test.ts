import { applySchemaDefaults } from './defaults';
import type { JSONSchemaProps } from './json-schema-props';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      default: {},
      properties: {
        replicas: { type: 'integer', default: 1 },
        policy: {
          type: 'object',
          default: { restart: 'Never' },
          properties: { restart: { type: 'string' }, backoff: { type: 'integer', default: 6 } },
        },
        note: { type: 'string', nullable: true, default: 'n' },
        gone: { type: 'string' },
        workers: {
          type: 'array',
          items: { type: 'object', properties: { gpus: { type: 'integer', default: 0 } } },
        },
        ports: { type: 'object', additionalProperties: { type: 'integer', default: 80 } },
      },
    },
  },
};

describe('applySchemaDefaults', () => {
  it.each<[string, unknown, unknown]>([
    [
      'defaults a missing object and its fields recursively',
      { kind: 'X' },
      { kind: 'X', spec: { replicas: 1, policy: { restart: 'Never', backoff: 6 }, note: 'n' } },
    ],
    [
      'keeps values that are set',
      { spec: { replicas: 3, policy: { restart: 'Always' } } },
      { spec: { replicas: 3, policy: { restart: 'Always', backoff: 6 }, note: 'n' } },
    ],
    [
      'replaces a non-nullable null by its default',
      { spec: { replicas: null } },
      { spec: { replicas: 1, policy: { restart: 'Never', backoff: 6 }, note: 'n' } },
    ],
    [
      'keeps a nullable null',
      { spec: { note: null } },
      { spec: { replicas: 1, policy: { restart: 'Never', backoff: 6 }, note: null } },
    ],
    [
      'drops a non-nullable null without default',
      { spec: { gone: null } },
      { spec: { replicas: 1, policy: { restart: 'Never', backoff: 6 }, note: 'n' } },
    ],
    [
      'defaults list items',
      { spec: { workers: [{}, { gpus: 2 }] } },
      {
        spec: {
          replicas: 1,
          policy: { restart: 'Never', backoff: 6 },
          note: 'n',
          workers: [{ gpus: 0 }, { gpus: 2 }],
        },
      },
    ],
    [
      'defaults null map values',
      { spec: { ports: { http: null, https: 443 } } },
      {
        spec: {
          replicas: 1,
          policy: { restart: 'Never', backoff: 6 },
          note: 'n',
          ports: { http: 80, https: 443 },
        },
      },
    ],
  ])('%s', (_name, obj, want) => {
    const before = structuredClone(obj);
    expect(applySchemaDefaults(obj, schema)).toEqual(want);
    expect(obj).toEqual(before);
  });
});
