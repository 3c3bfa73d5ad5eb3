import fc from 'fast-check';
import {
  escapeFieldValue,
  fieldSelectorFromSet,
  fieldSetString,
  parseFieldSelector,
  unescapeFieldValue,
} from './field-selector';
import { SelectorParseError } from './selector-parse-error';

function parseError(text: string): SelectorParseError {
  try {
    parseFieldSelector(text);
  } catch (err) {
    if (SelectorParseError.isInstance(err)) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseFieldSelector', () => {
  it('parses =, == and != terms, sorted by their text, and prints == as =', () => {
    const s = parseFieldSelector('status.phase!=Running,metadata.name==web');
    expect(s.requirements()).toEqual([
      { field: 'metadata.name', operator: '=', value: 'web' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
    ]);
    expect(s.toString()).toBe('metadata.name=web,status.phase!=Running');
    expect(s.empty()).toBe(false);
  });

  it('matches field values, treating an absent field as the empty string', () => {
    const s = parseFieldSelector('metadata.name=web,status.phase!=Running');
    expect(s.matches({ 'metadata.name': 'web', 'status.phase': 'Pending' })).toBe(true);
    expect(s.matches({ 'metadata.name': 'web', 'status.phase': 'Running' })).toBe(false);
    expect(s.matches({ 'metadata.name': 'db' })).toBe(false);
    expect(s.matches({ 'metadata.name': 'web' })).toBe(true);
    expect(parseFieldSelector('spec.nodeName=').matches({})).toBe(true);
    expect(parseFieldSelector('spec.nodeName=').matches({ 'spec.nodeName': 'n1' })).toBe(false);
    expect(parseFieldSelector('constructor=').matches({})).toBe(true);
  });

  it('selects everything for the empty string and skips empty terms', () => {
    expect(parseFieldSelector('').empty()).toBe(true);
    expect(parseFieldSelector('').matches({ a: 'b' })).toBe(true);
    expect(parseFieldSelector(',a=b,').toString()).toBe('a=b');
    expect(parseFieldSelector('=').empty()).toBe(true);
    expect(parseFieldSelector('!=,a=b').toString()).toBe('a=b');
  });

  it('splits at the first operator and does not trim', () => {
    expect(parseFieldSelector('a ==b').requirements()).toEqual([
      { field: 'a ', operator: '=', value: 'b' },
    ]);
    expect(parseFieldSelector('a=!b').requirements()).toEqual([
      { field: 'a', operator: '=', value: '!b' },
    ]);
    expect(parseFieldSelector('=x').requirements()).toEqual([
      { field: '', operator: '=', value: 'x' },
    ]);
  });

  it('unescapes \\\\, \\, and \\= in values and escapes them on output', () => {
    const s = parseFieldSelector('metadata.annotations=a\\,b\\=c\\\\d,x=1');
    expect(s.requirements()[0]?.value).toBe('a,b=c\\d');
    expect(s.toString()).toBe('metadata.annotations=a\\,b\\=c\\\\d,x=1');
    expect(s.matches({ 'metadata.annotations': 'a,b=c\\d', x: '1' })).toBe(true);
  });

  it('reports requiresExactMatch only for = terms', () => {
    const s = parseFieldSelector('metadata.namespace=ns,metadata.name!=x');
    expect(s.requiresExactMatch('metadata.namespace')).toBe('ns');
    expect(s.requiresExactMatch('metadata.name')).toBeUndefined();
  });

  it.each<[string, string, number, string]>([
    [
      'a=b,nooperator',
      'Syntax',
      4,
      "invalid selector: 'a=b,nooperator'; can't understand 'nooperator'",
    ],
    ['a=b=c', 'InvalidValue', 3, 'invalid field selector: unescaped character in value: ='],
    ['x=1,a=b\\n', 'InvalidValue', 7, 'invalid field selector: invalid escape sequence: \\n'],
    ['a=b\\', 'InvalidValue', 3, 'invalid field selector: invalid escape sequence: \\'],
  ])('rejects %j (%s at %i)', (text, reason, position, detail) => {
    const err = parseError(text);
    expect({
      reason: err.reason,
      position: err.position,
      detail: err.detail,
      kind: err.kind,
    }).toEqual({ reason, position, detail, kind: 'field' });
    expect(err.message).toContain(`unable to parse field selector ${JSON.stringify(text)}`);
  });
});

describe('fieldSelectorFromSet', () => {
  it('requires each field to equal its value, sorted by field', () => {
    const s = fieldSelectorFromSet({ 'metadata.namespace': 'ns', 'metadata.name': 'a,b' });
    expect(s.toString()).toBe('metadata.name=a\\,b,metadata.namespace=ns');
    expect(s.matches({ 'metadata.name': 'a,b', 'metadata.namespace': 'ns' })).toBe(true);
    expect(fieldSelectorFromSet({}).empty()).toBe(true);
  });
});

describe('escapeFieldValue / unescapeFieldValue', () => {
  it('round-trips any string', () => {
    fc.assert(
      fc.property(fc.string(), (v) => {
        expect(unescapeFieldValue(escapeFieldValue(v))).toBe(v);
      }),
    );
  });

  it('round-trips selectors built from sets through their text', () => {
    const field = fc.stringMatching(/^[a-z][a-z.]{0,10}$/);
    fc.assert(
      fc.property(fc.dictionary(field, fc.string({ maxLength: 8 }), { maxKeys: 4 }), (set) => {
        const s = fieldSelectorFromSet(set);
        const again = parseFieldSelector(s.toString());
        expect(again.matches(set)).toBe(true);
        const byField = (rs: readonly { field: string }[]) =>
          [...rs].sort((a, b) => (a.field < b.field ? -1 : 1));
        expect(byField(again.requirements())).toEqual(byField(s.requirements()));
      }),
    );
  });
});

describe('fields.Set', () => {
  it('TestSetString: sorted field=value pairs, unescaped', () => {
    expect(fieldSetString({ 'status.phase': 'Running', 'metadata.name': 'a,b' })).toBe(
      'metadata.name=a,b,status.phase=Running',
    );
    expect(fieldSetString({})).toBe('');
  });

  it('TestSetAsSelector: the selector of a set escapes values and matches the set', () => {
    const set = { 'metadata.name': 'a,b' };
    const s = fieldSelectorFromSet(set);
    expect(s.toString()).toBe('metadata.name=a\\,b');
    expect(s.matches(set)).toBe(true);
    expect(parseFieldSelector(s.toString()).matches(set)).toBe(true);
  });
});
