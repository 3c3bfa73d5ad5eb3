import { SelectorParseError } from './selector-parse-error';
import { everything, newRequirement, nothing, parseSelector } from './label-selector';
import {
  formatLabels,
  labelSetString,
  labelsConflict,
  labelsEqual,
  mergeLabels,
  selectorFromValidatedSet,
} from './labels';

/** Ports of k8s.io/apimachinery/pkg/labels labels_test.go and selector_test.go. */
describe('labels.Set', () => {
  it('TestSetString: sorted key=value pairs; FormatLabels prints <none> for an empty set', () => {
    expect(labelSetString({ x: 'y', a: 'b' })).toBe('a=b,x=y');
    expect(labelSetString({})).toBe('');
    expect(formatLabels({})).toBe('<none>');
    expect(formatLabels({ foo: 'bar' })).toBe('foo=bar');
  });

  it.each([
    [{}, {}, false],
    [{ env: 'test' }, {}, false],
    [{ env: 'test' }, { env: 'test' }, false],
    [{ env: 'test', lock: 'a' }, { env: 'test', infra: 'true' }, false],
    [{ env: 'test' }, { env: 'dev' }, true],
    [{ env: 'test', infra: 'false' }, { infra: 'true', color: 'blue' }, true],
  ])('TestLabelConflict: %j and %j conflict: %p', (a, b, conflict) => {
    expect(labelsConflict(a, b)).toBe(conflict);
    expect(labelsConflict(b, a)).toBe(conflict);
  });

  it('TestLabelMerge: the second set wins, neither input changes', () => {
    const a = { env: 'test', infra: 'false' };
    const b = { infra: 'true', color: 'blue' };
    expect(mergeLabels(a, b)).toEqual({ env: 'test', infra: 'true', color: 'blue' });
    expect(a).toEqual({ env: 'test', infra: 'false' });
    expect(mergeLabels(undefined, {})).toEqual({});
  });

  it('TestLabelEquals: same keys with same values', () => {
    expect(labelsEqual({ a: '1' }, { a: '1' })).toBe(true);
    expect(labelsEqual({}, undefined)).toBe(true);
    expect(labelsEqual({ a: '1' }, { a: '2' })).toBe(false);
    expect(labelsEqual({ a: '1' }, { b: '1' })).toBe(false);
    expect(labelsEqual({ a: '1' }, { a: '1', b: '2' })).toBe(false);
  });

  it('TestValidatedSelectorFromSet: AsValidatedSelector rejects a bad value naming its key', () => {
    expect(selectorFromValidatedSet({ app: 'web' }).toString()).toBe('app=web');
    expect(selectorFromValidatedSet({}).empty()).toBe(true);
    let err: unknown;
    try {
      selectorFromValidatedSet({ key: 'a b' });
    } catch (e) {
      err = e;
    }
    expect(SelectorParseError.isInstance(err)).toBe(true);
    expect((err as SelectorParseError).reason).toBe('InvalidValue');
    expect((err as SelectorParseError).detail).toMatch(/^values\[0\]\[key\]: Invalid value: "a b"/);
  });
});

describe('labels.Selector', () => {
  it('TestRequirementConstructor: validates key, value count, integers and values', () => {
    expect(newRequirement('x', 'in', ['a', 'b'])).toEqual({
      key: 'x',
      operator: 'in',
      values: ['a', 'b'],
    });
    expect(newRequirement('x', 'exists')).toEqual({ key: 'x', operator: 'exists', values: [] });
    const cases: [() => unknown, string, RegExp][] = [
      [() => newRequirement('x1', 'in', []), 'InvalidValueCount', /values set can't be empty/],
      [() => newRequirement('x2', '=', ['a', 'b']), 'InvalidValueCount', /one single value/],
      [() => newRequirement('x3', 'exists', ['a']), 'InvalidValueCount', /must be empty/],
      [() => newRequirement('x4', 'gt', ['1.5']), 'InvalidValue', /must be an integer/],
      [() => newRequirement('x/y/z', '=', ['a']), 'InvalidKey', /^key: Invalid value: "x\/y\/z"/],
      [
        () => newRequirement('x16', 'in', ['a'.repeat(64)]),
        'InvalidValue',
        /^values\[0\]\[x16\]: Invalid value: "a{64}": must be no more than 63 bytes/,
      ],
      [() => newRequirement('x', 'bogus' as 'in', ['a']), 'InvalidOperator', /Unsupported value/],
    ];
    for (const [make, reason, detail] of cases) {
      let err: unknown;
      try {
        make();
      } catch (e) {
        err = e;
      }
      expect((err as SelectorParseError).reason).toBe(reason);
      expect((err as SelectorParseError).detail).toMatch(detail);
    }
  });

  it('TestAdd: returns a new selector with the requirements added, sorted by key', () => {
    const base = parseSelector('key=value');
    const added = base.add(newRequirement('indexed', 'gt', ['1']), newRequirement('x', '!=', ['']));
    expect(base.toString()).toBe('key=value');
    expect(added.toString()).toBe('indexed>1,key=value,x!=');
    expect(added.matches({ key: 'value', indexed: '2' })).toBe(true);
    expect(added.matches({ key: 'value', indexed: '1' })).toBe(false);
    expect(everything().add(newRequirement('a', 'exists')).toString()).toBe('a');
  });

  it('TestAdd: an invalid requirement is rejected', () => {
    expect(() => everything().add({ key: 'a', operator: 'in', values: [] })).toThrow(
      SelectorParseError,
    );
  });

  it('TestNothingSelector: matches nothing, stays nothing when added to', () => {
    expect(nothing().matchesNothing()).toBe(true);
    expect(nothing().add(newRequirement('a', 'exists'))).toBe(nothing());
    expect(nothing().matches({})).toBe(false);
    expect(everything().matchesNothing()).toBe(false);
    expect(parseSelector('a=b').matchesNothing()).toBe(false);
  });
});
