import type { JSONSchemaProps } from './json-schema-props';
import { validateAgainstSchema } from './validation';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { type: 'object' },
    spec: {
      type: 'object',
      required: ['image'],
      properties: {
        image: { type: 'string', minLength: 3, maxLength: 10 },
        replicas: { type: 'integer', minimum: 0, maximum: 10 },
        ratio: {
          type: 'number',
          exclusiveMinimum: true,
          minimum: 0,
          exclusiveMaximum: true,
          maximum: 1,
        },
        step: { type: 'integer', multipleOf: 5 },
        policy: { type: 'string', enum: ['Always', 'Never'] },
        level: { type: 'integer', enum: [1, 2] },
        name: { type: 'string', pattern: '^[a-z]+$' },
        started: { type: 'string', format: 'date-time' },
        ip: { type: 'string', format: 'ipv4' },
        port: { 'x-kubernetes-int-or-string': true },
        note: { type: 'string', nullable: true },
        tags: {
          type: 'array',
          items: { type: 'string' },
          minItems: 1,
          maxItems: 3,
          uniqueItems: true,
        },
        workers: {
          type: 'array',
          items: {
            type: 'object',
            required: ['name'],
            properties: { name: { type: 'string' }, gpus: { type: 'integer' } },
          },
        },
        labels: { type: 'object', additionalProperties: { type: 'string' }, maxProperties: 2 },
        strict: {
          type: 'object',
          properties: { a: { type: 'string' } },
          additionalProperties: false,
        },
        set: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
        byName: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, v: { type: 'integer' } },
          },
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          'x-kubernetes-preserve-unknown-fields': true,
        },
        choice: { anyOf: [{ type: 'integer' }, { type: 'string', maxLength: 2 }] },
        one: { type: 'object', oneOf: [{ required: ['a'] }, { required: ['b'] }] },
        notB: { type: 'string', not: { enum: ['b'] } },
      },
    },
  },
};

const obj = (spec: Record<string, unknown>) => ({
  apiVersion: 'x.io/v1',
  kind: 'X',
  metadata: { name: 'a' },
  spec: { image: 'nginx', ...spec },
});

describe('validateAgainstSchema', () => {
  it('accepts a valid object', () => {
    expect(
      validateAgainstSchema(
        obj({
          replicas: 3,
          ratio: 0.5,
          step: 10,
          policy: 'Always',
          level: 2,
          name: 'abc',
          started: '2024-01-02T03:04:05Z',
          ip: '10.0.0.1',
          port: 'http',
          note: null,
          tags: ['a', 'b'],
          workers: [{ name: 'w', gpus: 1 }],
          labels: { a: 'b' },
          strict: { a: 'x' },
          set: ['a', 'b'],
          byName: [{ name: 'a' }, { name: 'b' }],
          template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } },
          choice: 'ab',
          one: { a: 1 },
          notB: 'a',
        }),
        schema,
      ),
    ).toEqual([]);
  });

  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    [
      'a type mismatch',
      { replicas: 'three' },
      [
        'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      ],
    ],
    [
      'a float where an integer is required',
      { replicas: 1.5 },
      [
        'spec.replicas: Invalid value: "number": spec.replicas in body must be of type integer: "number"',
      ],
    ],
    [
      'null for a non-nullable field',
      { replicas: null },
      [
        'spec.replicas: Invalid value: "null": spec.replicas in body must be of type integer: "null"',
      ],
    ],
    [
      'an object where a string is required',
      { name: { a: 1 } },
      ['spec.name: Invalid value: "object": spec.name in body must be of type string: "object"'],
    ],
    ['a missing required field', { image: undefined }, ['spec.image: Required value']],
    [
      'a value outside the enum',
      { policy: 'Sometimes' },
      ['spec.policy: Unsupported value: "Sometimes": supported values: "Always", "Never"'],
    ],
    [
      'a number outside a numeric enum',
      { level: 3 },
      ['spec.level: Unsupported value: 3: supported values: "1", "2"'],
    ],
    [
      'a value above maximum',
      { replicas: 11 },
      [
        'spec.replicas: Invalid value: 11: spec.replicas in body should be less than or equal to 10',
      ],
    ],
    [
      'a value below minimum',
      { replicas: -1 },
      [
        'spec.replicas: Invalid value: -1: spec.replicas in body should be greater than or equal to 0',
      ],
    ],
    [
      'exclusive bounds',
      { ratio: 1 },
      ['spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1'],
    ],
    [
      'exclusive minimum',
      { ratio: 0 },
      ['spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0'],
    ],
    [
      'multipleOf',
      { step: 7 },
      ['spec.step: Invalid value: 7: spec.step in body should be a multiple of 5'],
    ],
    [
      'a too short string',
      { image: 'ab' },
      ['spec.image: Invalid value: "ab": spec.image in body should be at least 3 chars long'],
    ],
    [
      'a too long string',
      { image: 'abcdefghijk' },
      ['spec.image: Too long: may not be more than 10 bytes'],
    ],
    [
      'a pattern mismatch',
      { name: 'ABC' },
      ['spec.name: Invalid value: "ABC": spec.name in body should match \'^[a-z]+$\''],
    ],
    [
      'a bad date-time',
      { started: 'yesterday' },
      [
        'spec.started: Invalid value: "yesterday": spec.started in body must be of type date-time: "yesterday"',
      ],
    ],
    [
      'a bad ipv4',
      { ip: '300.1.1.1' },
      ['spec.ip: Invalid value: "300.1.1.1": spec.ip in body must be of type ipv4: "300.1.1.1"'],
    ],
    [
      'int-or-string given a boolean',
      { port: true },
      [
        'spec.port: Invalid value: "boolean": spec.port in body must be of type integer,string: "boolean"',
      ],
    ],
    [
      'too few items',
      { tags: [] },
      ['spec.tags: Invalid value: 0: spec.tags in body should have at least 1 items'],
    ],
    [
      'too many items',
      { tags: ['a', 'b', 'c', 'd'] },
      ['spec.tags: Too many: 4: must have at most 3 items'],
    ],
    [
      'duplicate items',
      { tags: ['a', 'a'] },
      ['spec.tags: Invalid value: "": spec.tags in body shouldn\'t contain duplicates'],
    ],
    [
      'errors inside list items',
      { workers: [{ name: 'a' }, { gpus: 'x' }] },
      [
        'spec.workers[1].gpus: Invalid value: "string": spec.workers[1].gpus in body must be of type integer: "string"',
        'spec.workers[1].name: Required value',
      ],
    ],
    [
      'map values of the wrong type',
      { labels: { a: 1 } },
      [
        'spec.labels.a: Invalid value: "integer": spec.labels.a in body must be of type string: "integer"',
      ],
    ],
    [
      'too many properties',
      { labels: { a: 'a', b: 'b', c: 'c' } },
      ['spec.labels: Too many: 3: must have at most 2 items'],
    ],
    [
      'a property additionalProperties: false forbids',
      { strict: { b: 'x' } },
      ['spec.strict: Invalid value: "b": spec.strict.b in body is a forbidden property'],
    ],
    ['a duplicate in a set list', { set: ['a', 'b', 'a'] }, ['spec.set[2]: Duplicate value: "a"']],
    [
      'a duplicate key in a map list',
      { byName: [{ name: 'a' }, { name: 'a', v: 1 }] },
      ['spec.byName[1]: Duplicate value: {"name":"a"}'],
    ],
    [
      'a missing key in a map list',
      { byName: [{ v: 1 }] },
      ['spec.byName[0].name: Required value'],
    ],
    [
      'an embedded resource without apiVersion and kind',
      { template: { metadata: {} } },
      [
        'spec.template.apiVersion: Required value: must not be empty',
        'spec.template.kind: Required value: must not be empty',
      ],
    ],
    [
      'an embedded resource with a bad name',
      { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'A' } } },
      [
        "spec.template.metadata.name: Invalid value: \"A\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
      ],
    ],
    [
      'anyOf matching nothing',
      { choice: 'abc' },
      [
        '<nil>: Invalid value: "": "spec.choice" must validate at least one schema (anyOf)',
        'spec.choice: Too long: may not be more than 2 bytes',
      ],
    ],
    [
      'oneOf matching two',
      { one: { a: 1, b: 2 } },
      [
        '<nil>: Invalid value: "": "spec.one" must validate one and only one schema (oneOf). Found 2 valid alternatives',
      ],
    ],
    [
      'not matching',
      { notB: 'b' },
      ['<nil>: Invalid value: "": "spec.notB" must not validate the schema (not)'],
    ],
  ];
  it.each(cases)('reports %s', (_name, spec, want) => {
    const o = obj(spec);
    for (const [k, v] of Object.entries(spec))
      if (v === undefined) delete (o.spec as Record<string, unknown>)[k];
    const errors = validateAgainstSchema(o, schema);
    expect(errors.map((e) => `${e.field}: ${e.detail}`)).toEqual(want);
  });

  it('uses kube cause types', () => {
    const o = obj({ replicas: 'x', policy: 'y', tags: ['a', 'b', 'c', 'd'] });
    delete (o.spec as Record<string, unknown>).image;
    const errors = validateAgainstSchema(o, schema);
    expect(errors.map((e) => e.type).sort()).toEqual([
      'FieldValueNotSupported',
      'FieldValueRequired',
      'FieldValueTooMany',
      'FieldValueTypeInvalid',
    ]);
  });
});
