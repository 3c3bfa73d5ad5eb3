import type { JSONSchemaProps } from '../json-schema-props';
import { normalizeFieldPath } from './cel-field-path';
import { compileExpression } from './cel-program';
import { validateSchemaRules } from './cel-rule-checks';
import { validateCelRules } from './cel-validation';

/** A root schema whose `spec` node holds `rules` and the given properties. */
function specSchema(
  rules: Record<string, unknown>[],
  properties: Record<string, JSONSchemaProps> = {},
): JSONSchemaProps {
  return {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        'x-kubernetes-preserve-unknown-fields': true,
        'x-kubernetes-validations': rules,
        properties: {
          n: { type: 'integer' },
          d: { type: 'number' },
          s: { type: 'string' },
          l: { type: 'array', items: { type: 'integer' } },
          strs: { type: 'array', items: { type: 'string' } },
          m: { type: 'object', additionalProperties: { type: 'string' } },
          ...properties,
        },
      },
    },
  };
}

/** The details of the errors `rule` gives on `spec` (empty: the rule holds). */
function check(rule: string, spec: Record<string, unknown>, old?: Record<string, unknown>) {
  const schema = specSchema([{ rule }]);
  expect(validateSchemaRules(schema, 'schema')).toEqual([]);
  return validateCelRules({ spec }, old && { spec: old }, schema).map((e) => e.detail);
}

const holds = (rule: string, spec: Record<string, unknown>) =>
  expect(check(rule, spec)).toEqual([]);
const fails = (rule: string, spec: Record<string, unknown>) =>
  expect(check(rule, spec)).toEqual([`Invalid value: "object": failed rule: ${rule}`]);

describe('the Kubernetes CEL environment', () => {
  it('has the standard macros and functions', () => {
    const spec = { n: 3, s: 'Hello', l: [3, 1, 2], m: { a: 'x' } };
    holds('has(self.s) && !has(self.d)', spec);
    holds('size(self.l) == 3 && self.s.size() == 5', spec);
    holds('self.l.all(x, x > 0) && self.l.exists(x, x == 2) && self.l.exists_one(x, x > 2)', spec);
    holds('self.l.map(x, x * 2) == [6, 2, 4] && self.l.filter(x, x > 1) == [3, 2]', spec);
    holds("self.s.matches('^H.*o$') && self.s.startsWith('He') && self.s.endsWith('lo')", spec);
    holds("self.m.a == 'x' && 'a' in self.m && self.m.all(k, k == 'a')", spec);
    fails('self.l.all(x, x > 1)', spec);
  });

  it('types integers as int and numbers as double, as kube does', () => {
    holds('self.n == 3 && type(self.n) == int', { n: 3 });
    holds('type(self.d) == double', { d: 2 });
    holds('type(self.extra) == int && type(self.frac) == double', { extra: 1, frac: 1.5 });
  });

  it('has the strings extension', () => {
    const spec = { s: 'Hello World' };
    holds("self.s.lowerAscii() == 'hello world' && self.s.upperAscii() == 'HELLO WORLD'", spec);
    holds("self.s.split(' ') == ['Hello', 'World'] && ['a', 'b'].join('-') == 'a-b'", spec);
    holds("self.s.indexOf('o') == 4 && self.s.lastIndexOf('o') == 7", spec);
    holds("self.s.replace('World', 'you') == 'Hello you' && self.s.substring(6) == 'World'", spec);
  });

  it('has the Kubernetes lists library', () => {
    const spec = { l: [1, 2, 3], strs: ['b', 'a'] };
    holds('self.l.isSorted() && !self.strs.isSorted()', spec);
    holds('self.l.sum() == 6 && self.l.min() == 1 && self.l.max() == 3', spec);
    holds(
      "self.l.indexOf(2) == 1 && self.l.lastIndexOf(9) == -1 && self.strs.indexOf('a') == 1",
      spec,
    );
    expect(check('self.l.min() == 0', { l: [] })).toEqual([
      'Invalid value: "object": min called on empty list evaluating rule: self.l.min() == 0',
    ]);
  });

  it('has the regex library and the sets extension', () => {
    holds("self.s.find('[0-9]+') == '42' && self.s.findAll('[a-z]') == ['a', 'b']", { s: 'a42b' });
    holds('sets.contains([1, 2, 3], [1, 2]) && sets.intersects([1], [1, 5])', {});
    holds('sets.equivalent([1, 2], [2, 1, 1]) && !sets.contains([1], [2])', {});
  });

  it('names a Kubernetes function it does not implement when the rule is compiled', () => {
    const compiled = compileExpression("quantity('1Gi').isGreaterThan(quantity('1'))", {
      schema: {},
      isRoot: false,
      allowOldSelf: true,
    });
    expect(compiled).toEqual(
      expect.stringContaining(
        "undeclared reference to 'quantity' (in container ''): @kubekit/testing does not implement this Kubernetes CEL function",
      ),
    );
  });

  it('points at an undefined field as cel-go does', () => {
    const schema: JSONSchemaProps = { type: 'object', properties: { a: { type: 'string' } } };
    expect(
      compileExpression("self.a == 'x' &&\n  self.b == 1", {
        schema,
        isRoot: false,
        allowOldSelf: false,
      }),
    ).toBe(
      "compilation failed: ERROR: <input>:2:7: undefined field 'b'\n |   self.b == 1\n | ......^",
    );
  });

  it('refuses an expression nested too deeply instead of overflowing the stack', () => {
    const deep = `${'('.repeat(50_000)}1${')'.repeat(50_000)} == 1`;
    const compiled = compileExpression(deep, { schema: {}, isRoot: false, allowOldSelf: false });
    expect(compiled).toBe('compilation failed: ERROR: expression nested too deeply');
  });
});

describe('rule results', () => {
  it('uses the messageExpression, or the message when it gives no usable string', () => {
    const schema = specSchema([
      { rule: 'self.n < 2', messageExpression: "'n is ' + string(self.n)" },
      { rule: 'self.n < 2', messageExpression: "''", message: 'fallback' },
      { rule: 'self.n < 2', messageExpression: 'self.n', reason: 'FieldValueForbidden' },
    ]);
    const errors = validateCelRules({ spec: { n: 5 } }, undefined, schema);
    expect(errors.map((e) => [e.type, e.detail])).toEqual([
      ['FieldValueInvalid', 'Invalid value: "object": n is 5'],
      ['FieldValueInvalid', 'Invalid value: "object": fallback'],
      ['FieldValueForbidden', 'Forbidden: failed rule: self.n < 2'],
    ]);
  });

  it('reports the error at fieldPath, and Duplicate with the node type', () => {
    const schema = specSchema([
      { rule: "!('k' in self.m)", fieldPath: ".m['k']", reason: 'FieldValueDuplicate' },
    ]);
    expect(validateCelRules({ spec: { m: { k: 'v' } } }, undefined, schema)).toEqual([
      { type: 'FieldValueDuplicate', field: 'spec.m[k]', detail: 'Duplicate value: "object"' },
    ]);
  });

  it('reports an evaluation error with the rule, as kube words it', () => {
    expect(check('self.missing == 1', {})).toEqual([
      'Invalid value: "object": no such key: missing evaluating rule: self.missing == 1',
    ]);
  });

  it('runs optionalOldSelf rules at create too, with oldSelf an optional', () => {
    const schema = specSchema([
      { rule: "oldSelf.hasValue() || self.s != 'gold'", optionalOldSelf: true, message: 'no gold' },
      { rule: 'self.n >= oldSelf.orValue({"n": 0}).n', optionalOldSelf: true, message: 'n grows' },
      {
        rule: 'optional.of(1).value() == 1 && !optional.none().hasValue()',
        optionalOldSelf: false,
      },
    ]);
    expect(validateSchemaRules(schema, 'schema').map((e) => e.field)).toEqual([
      'schema.properties[spec].x-kubernetes-validations[2].optionalOldSelf',
    ]);
    const details = (spec: Record<string, unknown>, old?: Record<string, unknown>) =>
      validateCelRules({ spec }, old && { spec: old }, schema).map((e) => e.detail);
    expect(details({ s: 'gold', n: 1 })).toEqual(['Invalid value: "object": no gold']);
    expect(details({ s: 'gold', n: 1 }, { s: 'silver', n: 1 })).toEqual([]);
    expect(details({ s: 'gold', n: 0 }, { s: 'gold', n: 1 })).toEqual([
      'Invalid value: "object": n grows',
    ]);
  });

  it('correlates map-list items by key for oldSelf', () => {
    const schema: JSONSchemaProps = {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          'x-kubernetes-list-type': 'map',
          'x-kubernetes-list-map-keys': ['name'],
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, v: { type: 'integer' } },
            'x-kubernetes-validations': [{ rule: 'self.v >= oldSelf.v', message: 'v only grows' }],
          },
        },
      },
    };
    expect(validateSchemaRules(schema, 'schema')).toEqual([]);
    const old = {
      items: [
        { name: 'a', v: 5 },
        { name: 'b', v: 5 },
      ],
    };
    const next = {
      items: [
        { name: 'new', v: 1 },
        { name: 'b', v: 4 },
        { name: 'a', v: 6 },
      ],
    };
    expect(validateCelRules(next, old, schema)).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'items[1]',
        detail: 'Invalid value: "object": v only grows',
      },
    ]);
    expect(validateCelRules(next, undefined, schema)).toEqual([]);
  });
});

describe('the cost bound', () => {
  /** Limits small enough for fast tests; the server's are in cel-cost.ts. */
  const small = { perCall: 10_000, total: 50_000 };

  it('stops a rule over the per-call limit, and runs no further rule', () => {
    const l = Array.from({ length: 200 }, (_, i) => i);
    const rule = 'self.l.all(a, self.l.all(b, self.l.all(c, a + b + c >= 0)))';
    const schema = specSchema([{ rule }, { rule: 'false' }]);
    const errors = validateCelRules({ spec: { l } }, undefined, schema, small);
    expect(errors.map((e) => e.detail)).toEqual([
      `Invalid value: "object": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${rule}`,
    ]);
  });

  it('bounds comprehensions over literal lists too', () => {
    const ten = '[0,1,2,3,4,5,6,7,8,9]';
    const rule =
      Array.from({ length: 8 }, (_, i) => `${ten}.all(x${i}, `).join('') + 'true' + ')'.repeat(8);
    const errors = validateCelRules({ spec: {} }, undefined, specSchema([{ rule }]), small);
    expect(errors[0]?.detail).toContain('call cost exceeds limit');
  });

  it('stops once the rules of one object used the whole budget', () => {
    const l = Array.from({ length: 90 }, (_, i) => i);
    const rule = 'self.l.all(a, self.l.all(b, true))';
    const schema = specSchema(Array.from({ length: 20 }, () => ({ rule })));
    const details = validateCelRules({ spec: { l } }, undefined, schema, small).map(
      (e) => e.detail,
    );
    expect(details).toEqual([
      'Invalid value: "object": validation failed due to running out of cost budget, no further validation rules will be run',
    ]);
  });
});

describe('fieldPath', () => {
  const schema: JSONSchemaProps = {
    type: 'object',
    properties: {
      a: { type: 'object', properties: { 'b.c': { type: 'string' } } },
      m: { type: 'object', additionalProperties: { type: 'string' } },
    },
  };
  it.each([
    [".a['b.c']", { path: 'a.b.c' }],
    ['.m.key', { path: 'm[key]' }],
    [".m['x']", { path: 'm[x]' }],
    ['.nope', { error: 'does not refer to a valid field' }],
    ['a', { error: 'expected [ or . but got: a' }],
  ])('%s', (path, expected) => {
    expect(normalizeFieldPath(path, schema)).toEqual(expected);
  });
});
