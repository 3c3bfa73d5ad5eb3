import {
  CelScalar,
  celFunc,
  celMap,
  celMethod,
  mapType,
  type CelFunc,
  type CelInput,
  type CelMap,
  type CelValue,
} from '@bufbuild/cel';

/**
 * CEL optional values, as far as `optionalOldSelf` rules need them: `oldSelf` is an optional
 * (none on create), read with `hasValue()`, `value()` and `orValue(default)`, and rules may build
 * `optional.of(x)` and `optional.none()`. @bufbuild/cel has no optional type, so an optional is a
 * map this module made (recognized by identity, never by content); the `?.` and `[?` syntax
 * does not parse.
 *
 * @see https://github.com/google/cel-spec/wiki/proposal-246
 */

const optionals = new WeakSet<object>();
const valueKey = 'value';

/** An optional holding `value`, or none when `value` is undefined. */
export function optionalOf(value: CelInput | undefined): CelMap {
  const map = celMap(new Map(value === undefined ? [] : [[valueKey, value]]));
  optionals.add(map);
  return map;
}

function asOptional(v: CelValue): CelMap {
  if (typeof v !== 'object' || v === null || !optionals.has(v)) throw new Error('no such overload');
  return v as CelMap;
}

const anyMap = mapType(CelScalar.DYN, CelScalar.DYN);

/** The optional functions and methods. */
export const optionalFunctions: CelFunc[] = [
  celMethod('hasValue', anyMap, [], CelScalar.BOOL, function (this: CelMap) {
    return asOptional(this).has(valueKey);
  }),
  celMethod('value', anyMap, [], CelScalar.DYN, function (this: CelMap) {
    const value = asOptional(this).get(valueKey);
    if (value === undefined) throw new Error('optional.none() dereference');
    return value;
  }),
  celMethod('orValue', anyMap, [CelScalar.DYN], CelScalar.DYN, function (this: CelMap, other) {
    return asOptional(this).get(valueKey) ?? other;
  }),
  celFunc('optional.of', [CelScalar.DYN], anyMap, (v) => optionalOf(v)),
  celFunc('optional.none', [], anyMap, () => optionalOf(undefined)),
];
