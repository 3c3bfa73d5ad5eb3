import fc from 'fast-check';
import {
  everything,
  nothing,
  parseSelector,
  selectorFromLabelSelector,
  selectorFromSet,
  type Selector,
} from './label-selector';
import { SelectorParseError } from './selector-parse-error';
import { KubekitError } from './kubekit-error';

function parseError(text: string): SelectorParseError {
  try {
    parseSelector(text);
  } catch (err) {
    if (SelectorParseError.isInstance(err)) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe('parseSelector', () => {
  it.each([
    ['x=a,y=b,z=c', 'x=a,y=b,z=c'],
    ['x = a , y = b', 'x=a,y=b'],
    ['x==a', 'x==a'],
    ['x!=a', 'x!=a'],
    ['x in (b,a)', 'x in (a,b)'],
    ['x notin ( a )', 'x notin (a)'],
    ['x', 'x'],
    ['!x', '!x'],
    [' ! x ', '!x'],
    ['x>1,z<5', 'x>1,z<5'],
    ['z=c,x=a,y=b', 'x=a,y=b,z=c'],
    ['x=', 'x='],
    ['x= ,z= ', 'x=,z='],
    ['x in ()', 'x in ()'],
    ['x in (a,,b)', 'x in (,a,b)'],
    ['x in (,a)', 'x in (,a)'],
    ['x in (a,)', 'x in (,a)'],
    ['x in (a,a,b)', 'x in (a,b)'],
    ['in in (in,notin)', 'in in (in,notin)'],
    ['notin=in', 'notin=in'],
    ['example.com/app=web', 'example.com/app=web'],
    ['a\tin\n(x)\r', 'a in (x)'],
  ])('parses %j to the canonical %j', (text, canonical) => {
    const s = parseSelector(text);
    expect(s.toString()).toBe(canonical);
    expect(parseSelector(s.toString()).toString()).toBe(canonical);
  });

  it('treats the empty string and whitespace as everything', () => {
    for (const text of ['', '   ', '\t\n']) {
      const s = parseSelector(text);
      expect(s.empty()).toBe(true);
      expect(s.matches({ any: 'thing' })).toBe(true);
      expect(s.matches(undefined)).toBe(true);
      expect(s.toString()).toBe('');
    }
  });

  it('reports requirements sorted by key with sorted, de-duplicated values and operator names', () => {
    const s = parseSelector('tier notin (b,a,b), app=web, !canary, size>10, env');
    expect(s.requirements()).toEqual([
      { key: 'app', operator: '=', values: ['web'] },
      { key: 'canary', operator: '!', values: [] },
      { key: 'env', operator: 'exists', values: [] },
      { key: 'size', operator: 'gt', values: ['10'] },
      { key: 'tier', operator: 'notin', values: ['a', 'b'] },
    ]);
    expect(s.empty()).toBe(false);
    expect(Object.isFrozen(s.requirements())).toBe(true);
    expect(Object.isFrozen(s.requirements()[0])).toBe(true);
  });

  it('keeps requirements on the same key in their written order', () => {
    expect(parseSelector('b=1,a!=x,a=y').toString()).toBe('a!=x,a=y,b=1');
    expect(parseSelector('a=y,a!=x').toString()).toBe('a=y,a!=x');
  });

  it.each<[string, string, Record<string, string> | undefined, boolean]>([
    ['x=y', 'equal value', { x: 'y' }, true],
    ['x=y', 'other value', { x: 'z' }, false],
    ['x=y', 'missing key', {}, false],
    ['x==y', 'double equals', { x: 'y' }, true],
    ['x=', 'empty value against empty', { x: '' }, true],
    ['x=', 'empty value against missing key', {}, false],
    ['x!=y', 'other value', { x: 'z' }, true],
    ['x!=y', 'missing key', {}, true],
    ['x!=y', 'same value', { x: 'y' }, false],
    ['x in (a,b)', 'a member', { x: 'b' }, true],
    ['x in (a,b)', 'a non-member', { x: 'c' }, false],
    ['x in (a,b)', 'missing key', {}, false],
    ['x notin (a,b)', 'a member', { x: 'a' }, false],
    ['x notin (a,b)', 'missing key', {}, true],
    ['x', 'present key', { x: '' }, true],
    ['x', 'missing key', { y: 'x' }, false],
    ['!x', 'missing key', { y: 'x' }, true],
    ['!x', 'present key', { x: 'y' }, false],
    ['!x', 'no labels at all', undefined, true],
    ['x', 'no labels at all', undefined, false],
    ['x>1', 'greater', { x: '2' }, true],
    ['x>1', 'equal', { x: '1' }, false],
    ['x<1', 'smaller', { x: '-5' }, true],
    ['x<1', 'not an integer', { x: 'abc' }, false],
    ['x>1', 'missing key', {}, false],
    ['x>9223372036854775806', 'int64 max', { x: '9223372036854775807' }, true],
    ['x<1', 'beyond int64', { x: '-9223372036854775809' }, false],
    ['x=y,z=w', 'both hold', { x: 'y', z: 'w' }, true],
    ['x=y,z=w', 'one fails', { x: 'y', z: 'v' }, false],
    ['toString', 'inherited property names are not labels', {}, false],
    ['!constructor', 'inherited property names are not labels', {}, true],
  ])('%s against %s -> %s', (text, _what, labels, expected) => {
    expect(parseSelector(text).matches(labels)).toBe(expected);
  });

  it('gives the 0-based position of the offending token and shows it with a caret', () => {
    const err = parseError('a=b,,c');
    expect(err.reason).toBe('Syntax');
    expect(err.kind).toBe('label');
    expect(err.position).toBe(4);
    expect(err.input).toBe('a=b,,c');
    expect(err.detail).toBe("found ',', expected: identifier after ','");
    expect(err.message).toBe(
      `unable to parse label selector "a=b,,c" at position 4: found ',', expected: identifier after ','\n` +
        '  a=b,,c\n' +
        '      ^',
    );
    expect(err.name).toBe('SelectorParseError');
    expect(KubekitError.isInstance(err)).toBe(true);
  });

  it.each<[string, number, string]>([
    ['x==a==b', 4, "found '==', expected: ',' or 'end of string'"],
    ['!x=a', 2, "found '=', expected: ',' or 'end of string'"],
    [',a', 0, "found ',', expected: !, identifier, or 'end of string'"],
    ['a,', 2, "found '', expected: identifier after ','"],
    ['a b', 2, "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['a in x', 5, "unable to parse requirement: found 'x' expected: '('"],
    ['a in (x', 7, "unable to parse requirement: found '', expected: ',' or ')'"],
    ['a in (x y)', 8, "unable to parse requirement: found 'y', expected: ',' or ')'"],
    ['a in (ok, bad!)', 13, "unable to parse requirement: found '!', expected: ',' or ')'"],
    ['a in (=)', 6, "unable to parse requirement: found '=', expected: ',', ')' or identifier"],
    ['a in (x,', 8, "unable to parse requirement: found '', expected: ',', or identifier"],
    ['a = = b', 4, "unable to parse requirement: found '=', expected: identifier"],
    ['!', 1, "unable to parse requirement: found '', expected: identifier"],
    ['!!a', 1, "unable to parse requirement: found '!', expected: identifier"],
  ])('rejects %j at position %i (Syntax)', (text, position, detail) => {
    const err = parseError(text);
    expect({ reason: err.reason, position: err.position, detail: err.detail }).toEqual({
      reason: 'Syntax',
      position,
      detail,
    });
  });

  it.each<[string, number, string, RegExp]>([
    ['a=b, Bad/key=1', 5, 'InvalidKey', /prefix part a lowercase RFC 1123 subdomain/],
    ['/a', 0, 'InvalidKey', /prefix part must be non-empty/],
    ['a/', 0, 'InvalidKey', /name part must be non-empty/],
    ['a/b/c', 0, 'InvalidKey', /a valid label key must consist of/],
    ['-a', 0, 'InvalidKey', /name part must consist of alphanumeric/],
    [`${'k'.repeat(64)}`, 0, 'InvalidKey', /name part must be no more than 63 bytes/],
    ['a=-b', 2, 'InvalidValue', /a valid label must be an empty string/],
    [`a=${'v'.repeat(64)}`, 2, 'InvalidValue', /must be no more than 63 bytes/],
    ['a in (ok, b|d)', 10, 'InvalidValue', /values\[0\]\[a\]: Invalid value: "b\|d"/],
    ['x=a||y=b', 2, 'InvalidValue', /Invalid value: "a\|\|y"/],
    ['x>-3', 2, 'InvalidValue', /a valid label must be an empty string/],
    ['a>x', 2, 'InvalidValue', /for 'Gt', 'Lt' operators, the value must be an integer/],
    ['a<9223372036854775808', 2, 'InvalidValue', /must be an integer/],
    ['a>', 2, 'InvalidValue', /must be an integer/],
  ])('rejects %j at position %i (%s)', (text, position, reason, detail) => {
    const err = parseError(text);
    expect(err.reason).toBe(reason);
    expect(err.position).toBe(position);
    expect(err.detail).toMatch(detail);
  });

  it('accepts prefixed keys and the longest valid names', () => {
    const key = `${'a'.repeat(63)}.example.com/${'n'.repeat(63)}`;
    const value = 'v'.repeat(63);
    expect(parseSelector(`${key}=${value}`).matches({ [key]: value })).toBe(true);
  });
});

describe('everything and nothing', () => {
  it('everything matches all and is empty; nothing matches none, is not empty, prints empty', () => {
    expect(everything().matches({ a: 'b' })).toBe(true);
    expect(everything().empty()).toBe(true);
    expect(nothing().matches({})).toBe(false);
    expect(nothing().matches(undefined)).toBe(false);
    expect(nothing().empty()).toBe(false);
    expect(nothing().toString()).toBe('');
    expect(nothing().requirements()).toEqual([]);
  });
});

describe('selectorFromSet', () => {
  it('requires every label, prints sorted by key, and selects everything for {}', () => {
    const s = selectorFromSet({ tier: 'web', app: 'shop' });
    expect(s.toString()).toBe('app=shop,tier=web');
    expect(s.matches({ app: 'shop', tier: 'web', extra: 'x' })).toBe(true);
    expect(s.matches({ app: 'shop' })).toBe(false);
    expect(s.requiresExactMatch('app')).toBe('shop');
    expect(selectorFromSet({}).empty()).toBe(true);
    expect(selectorFromSet(undefined).matches({ a: 'b' })).toBe(true);
  });
});

describe('requiresExactMatch', () => {
  it('returns the pinned value for =, == and one-value in, nothing otherwise', () => {
    const s = parseSelector('a=1,b==2,c in (3),d in (4,5),e!=6,f');
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((k) => s.requiresExactMatch(k))).toEqual([
      '1',
      '2',
      '3',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('selectorFromLabelSelector', () => {
  it('selects nothing for null/undefined and everything for an empty selector', () => {
    expect(selectorFromLabelSelector(null)).toBe(nothing());
    expect(selectorFromLabelSelector(undefined).matches({})).toBe(false);
    expect(selectorFromLabelSelector({}).empty()).toBe(true);
    expect(selectorFromLabelSelector({ matchLabels: {}, matchExpressions: [] }).empty()).toBe(true);
  });

  it('ANDs matchLabels and matchExpressions, printing the canonical form', () => {
    const s = selectorFromLabelSelector({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['front', 'back'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'env', operator: 'NotIn', values: ['prod'] },
        { key: 'zone', operator: 'Exists', values: [] },
      ],
    });
    expect(s.toString()).toBe('app=web,!canary,env notin (prod),tier in (back,front),zone');
    expect(s.matches({ app: 'web', tier: 'back', zone: 'a' })).toBe(true);
    expect(s.matches({ app: 'web', tier: 'back', zone: 'a', canary: '1' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'back', zone: 'a', env: 'prod' })).toBe(false);
    expect(s.matches({ app: 'web', tier: 'side', zone: 'a' })).toBe(false);
    expect(parseSelector(s.toString()).toString()).toBe(s.toString());
  });

  it('keeps the caller’s values order but prints them sorted', () => {
    const s = selectorFromLabelSelector({
      matchExpressions: [{ key: 'k', operator: 'In', values: ['b', 'a'] }],
    });
    expect(s.requirements()[0]?.values).toEqual(['b', 'a']);
    expect(s.toString()).toBe('k in (a,b)');
  });

  it.each<[string, Parameters<typeof selectorFromLabelSelector>[0], string, string]>([
    [
      'an unknown operator',
      { matchExpressions: [{ key: 'a', operator: 'Gt' as 'In', values: ['1'] }] },
      'InvalidOperator',
      'matchExpressions[0].operator',
    ],
    [
      'In without values',
      { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] },
      'InvalidValueCount',
      'matchExpressions[0].values',
    ],
    [
      'Exists with values',
      { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] },
      'InvalidValueCount',
      'matchExpressions[0].values',
    ],
    [
      'a bad expression key',
      {
        matchExpressions: [
          { key: 'a', operator: 'Exists' },
          { key: 'a b', operator: 'Exists' },
        ],
      },
      'InvalidKey',
      'matchExpressions[1].key',
    ],
    ['a bad matchLabels key', { matchLabels: { 'x/y/z': 'v' } }, 'InvalidKey', 'matchLabels'],
    ['a bad matchLabels value', { matchLabels: { k: 'v v' } }, 'InvalidValue', 'matchLabels[k]'],
  ])('rejects %s naming the field', (_what, ls, reason, field) => {
    let err: unknown;
    try {
      selectorFromLabelSelector(ls);
    } catch (e) {
      err = e;
    }
    expect(SelectorParseError.isInstance(err)).toBe(true);
    const e = err as SelectorParseError;
    expect({ reason: e.reason, field: e.field, position: e.position }).toEqual({
      reason,
      field,
      position: undefined,
    });
    expect(e.message).toContain(`invalid label selector at ${field}: `);
  });
});

describe('canonical form (property)', () => {
  const name = fc.stringMatching(/^[a-z0-9]([a-z0-9._-]{0,8}[a-z0-9])?$/);
  const key = fc
    .tuple(fc.option(fc.constantFrom('example.com', 'k8s.io')), name)
    .map(([p, n]) => (p ? `${p}/${n}` : n));
  const value = fc.oneof(fc.constant(''), name);
  const requirement = fc.oneof(
    fc.tuple(key, fc.constantFrom('=', '==', '!='), value).map(([k, o, v]) => `${k} ${o} ${v}`),
    fc
      .tuple(key, fc.constantFrom('in', 'notin'), fc.array(value, { minLength: 1, maxLength: 3 }))
      .map(([k, o, vs]) => `${k} ${o} (${vs.join(', ')})`),
    fc.tuple(key, fc.constantFrom('>', '<'), fc.nat()).map(([k, o, n]) => `${k}${o}${n}`),
    key,
    key.map((k) => `!${k}`),
  );
  const selectorText = fc.array(requirement, { maxLength: 5 }).map((rs) => rs.join(' , '));
  const labels = fc.dictionary(key, value, { maxKeys: 5 });

  it('toString parses back to a selector with the same text and the same matches', () => {
    fc.assert(
      fc.property(selectorText, labels, (text, ls) => {
        const s: Selector = parseSelector(text);
        const again = parseSelector(s.toString());
        expect(again.toString()).toBe(s.toString());
        expect(again.matches(ls)).toBe(s.matches(ls));
      }),
    );
  });
});
