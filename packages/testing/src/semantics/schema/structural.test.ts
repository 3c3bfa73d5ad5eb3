import type { JSONSchemaProps } from './json-schema-props';
import { validateSchemaIsStructural } from './structural';

const p = 'spec.versions[0].schema.openAPIV3Schema';

describe('validateSchemaIsStructural', () => {
  it('accepts a structural schema', () => {
    expect(
      validateSchemaIsStructural({
        type: 'object',
        properties: {
          metadata: { type: 'object', properties: { name: { type: 'string', maxLength: 20 } } },
          spec: {
            type: 'object',
            properties: {
              port: {
                'x-kubernetes-int-or-string': true,
                anyOf: [{ maximum: 10 }, { pattern: '^a' }],
              },
              free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              list: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
              map: { type: 'object', additionalProperties: { type: 'string' } },
            },
          },
        },
      }),
    ).toEqual([]);
  });

  it.each<[string, JSONSchemaProps | undefined, string[]]>([
    ['a missing schema', undefined, [`${p}: Required value: schemas are required`]],
    [
      'a root without type',
      { properties: { spec: { type: 'object' } } },
      [`${p}.type: Required value: must not be empty at the root`],
    ],
    [
      'a field without type',
      { type: 'object', properties: { spec: { properties: { a: { type: 'string' } } } } },
      [`${p}.properties[spec].type: Required value: must not be empty for specified object fields`],
    ],
    [
      'array items without type',
      { type: 'object', properties: { l: { type: 'array', items: {} } } },
      [
        `${p}.properties[l].items.type: Required value: must not be empty for specified array items`,
      ],
    ],
    [
      'an array without items',
      { type: 'object', properties: { l: { type: 'array' } } },
      [`${p}.properties[l].items: Required value: must be specified`],
    ],
    [
      'a root that is not an object',
      { type: 'string' },
      [`${p}.type: Invalid value: "string": must be object at the root`],
    ],
    [
      'a type in anyOf',
      { type: 'object', properties: { a: { type: 'string', anyOf: [{ type: 'string' }] } } },
      [`${p}.properties[a].anyOf[0].type: Forbidden: must be empty to be structural`],
    ],
    [
      'metadata beyond name',
      {
        type: 'object',
        properties: { metadata: { type: 'object', properties: { labels: { type: 'object' } } } },
      },
      [
        `${p}.properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified`,
      ],
    ],
    [
      'a map list without keys',
      {
        type: 'object',
        properties: {
          l: { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'map' },
        },
      },
      [
        `${p}.properties[l].x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map`,
      ],
    ],
    [
      'uniqueItems',
      {
        type: 'object',
        properties: { l: { type: 'array', items: { type: 'string' }, uniqueItems: true } },
      },
      [
        `${p}.properties[l].uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic`,
      ],
    ],
    [
      '$ref, which stops the structural checks',
      { properties: { a: { $ref: '#/definitions/x' } } },
      [`${p}.properties[a].$ref: Forbidden: $ref is not supported`],
    ],
    [
      'additionalProperties at the root',
      { type: 'object', additionalProperties: { type: 'string' } },
      [`${p}.additionalProperties: Forbidden: must not be used at the root`],
    ],
    [
      'list-map-keys without list-type',
      {
        type: 'object',
        properties: {
          l: {
            type: 'array',
            items: { type: 'object', properties: { n: { type: 'string' } } },
            'x-kubernetes-list-map-keys': ['n'],
          },
        },
      },
      [
        `${p}.properties[l].x-kubernetes-list-type: Required value: must be map if x-kubernetes-list-map-keys is non-empty`,
      ],
    ],
    [
      'a value validation naming a field the structure lacks',
      {
        type: 'object',
        properties: { a: { type: 'object', anyOf: [{ properties: { b: { minLength: 1 } } }] } },
      },
      [
        `${p}.properties[a].properties[b]: Required value: because it is defined in ${p}.properties[a].anyOf[0].properties[b]`,
      ],
    ],
    [
      'several errors, sorted as kube sorts them',
      { type: 'object', properties: { z: { properties: {} }, a: { type: 'array' } } },
      [
        `${p}.properties[a].items: Required value: must be specified`,
        `${p}.properties[z].type: Required value: must not be empty for specified object fields`,
      ],
    ],
    [
      'a default of the wrong type',
      { type: 'object', properties: { r: { type: 'integer', default: 'x' } } },
      [
        `${p}.properties[r].default: Invalid value: "string":  in body must be of type integer: "string"`,
      ],
    ],
    [
      'a default object violating its fields',
      {
        type: 'object',
        properties: {
          o: {
            type: 'object',
            default: { n: -1 },
            properties: { n: { type: 'integer', minimum: 0 } },
          },
        },
      },
      [
        `${p}.properties[o].default.n: Invalid value: -1: n in body should be greater than or equal to 0`,
      ],
    ],
    [
      'a nullable root',
      { type: 'object', nullable: true },
      [`${p}.nullable: Forbidden: nullable cannot be true at the root`],
    ],
    [
      'properties with additionalProperties',
      {
        type: 'object',
        properties: {
          a: {
            type: 'object',
            properties: { b: { type: 'string' } },
            additionalProperties: { type: 'string' },
          },
        },
      },
      [
        `${p}.properties[a].additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive`,
      ],
    ],
  ])('reports %s', (_name, schema, want) => {
    expect(validateSchemaIsStructural(schema).map((e) => `${e.field}: ${e.detail}`)).toEqual(want);
  });
});
