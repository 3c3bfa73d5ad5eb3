import {
  CelScalar,
  celEnv,
  celFunc,
  celMethod,
  isCelList,
  isCelUint,
  listType,
  type CelEnv,
  type CelFunc,
  type CelList,
  type CelValue,
} from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { chargeIteration } from './cel-cost';
import { optionalFunctions } from './cel-optional';

/**
 * The CEL environment of x-kubernetes-validations rules: the CEL standard library of
 * @bufbuild/cel, its strings extension (charAt, indexOf, lastIndexOf, join, lowerAscii, quote,
 * replace, split, substring, trim, upperAscii, format: cel-go's strings extension version 2, as
 * kube-apiserver declares it), plus what this module adds of the Kubernetes CEL libraries: the
 * lists library (isSorted, sum, min, max, indexOf, lastIndexOf), the regex library (find,
 * findAll), the sets extension (sets.contains, sets.equivalent, sets.intersects) and the optional
 * values optionalOldSelf rules use (cel-optional.ts).
 *
 * @see https://kubernetes.io/docs/reference/using-api/cel/#kubernetes-list-library
 */

/** The name of the cost-accounting function the compiler puts into every comprehension. */
export const costFunctionName = '@kubekit_cost';

function isComparable(v: CelValue): boolean {
  return (
    typeof v === 'bigint' ||
    typeof v === 'number' ||
    typeof v === 'string' ||
    isCelUint(v) ||
    typeof v === 'boolean'
  );
}

function compare(a: CelValue, b: CelValue): number {
  const x = isCelUint(a) ? a.value : a;
  const y = isCelUint(b) ? b.value : b;
  if (typeof x !== typeof y || !isComparable(a) || !isComparable(b))
    throw new Error('no such overload');
  return (x as number) < (y as number) ? -1 : (x as number) > (y as number) ? 1 : 0;
}

function items(list: CelList): CelValue[] {
  const out: CelValue[] = [];
  for (const v of list) {
    chargeIteration();
    out.push(v);
  }
  return out;
}

function equal(a: CelValue, b: CelValue): boolean {
  if (isCelList(a) || isCelList(b) || typeof a !== typeof b) return false;
  return a === b;
}

const anyList = listType(CelScalar.DYN);

function extremum(name: 'min' | 'max', sign: 1 | -1): CelFunc {
  return celMethod(name, anyList, [], CelScalar.DYN, function (this: CelList) {
    const all = items(this);
    if (all.length === 0) throw new Error(`${name} called on empty list`);
    return all.reduce((best, v) => (compare(v, best) * sign > 0 ? v : best));
  });
}

function indexIn(list: CelList, value: CelValue, last: boolean): bigint {
  const all = items(list);
  const order = last ? all.map((_, i) => all.length - 1 - i) : all.map((_, i) => i);
  for (const i of order) if (equal(all[i]!, value)) return BigInt(i);
  return -1n;
}

/** The Kubernetes lists library. */
const lists: CelFunc[] = [
  celMethod('isSorted', anyList, [], CelScalar.BOOL, function (this: CelList) {
    const all = items(this);
    return all.every((v, i) => i === 0 || compare(all[i - 1]!, v) <= 0);
  }),
  celMethod('sum', anyList, [], CelScalar.DYN, function (this: CelList) {
    const all = items(this);
    if (all.length === 0) return 0n;
    if (all.every((v) => typeof v === 'bigint')) return all.reduce((a, b) => a + b, 0n);
    if (all.every((v) => typeof v === 'number')) return all.reduce((a, b) => a + b, 0);
    throw new Error('no such overload');
  }),
  extremum('min', -1),
  extremum('max', 1),
  celMethod('indexOf', anyList, [CelScalar.DYN], CelScalar.INT, function (this: CelList, v) {
    return indexIn(this, v, false);
  }),
  celMethod('lastIndexOf', anyList, [CelScalar.DYN], CelScalar.INT, function (this: CelList, v) {
    return indexIn(this, v, true);
  }),
];

const regexCache = new Map<string, RegExp>();

function regex(pattern: string): RegExp {
  let re = regexCache.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'gu');
    regexCache.set(pattern, re);
  }
  re.lastIndex = 0;
  return re;
}

/** The Kubernetes regex library. */
const regexes: CelFunc[] = [
  celMethod(
    'find',
    CelScalar.STRING,
    [CelScalar.STRING],
    CelScalar.STRING,
    function (this: string, pattern) {
      return regex(pattern).exec(this)?.[0] ?? '';
    },
  ),
  celMethod(
    'findAll',
    CelScalar.STRING,
    [CelScalar.STRING],
    anyList,
    function (this: string, pattern) {
      return [...this.matchAll(regex(pattern))].map((m) => m[0]);
    },
  ),
  celMethod(
    'findAll',
    CelScalar.STRING,
    [CelScalar.STRING, CelScalar.INT],
    anyList,
    function (this: string, pattern, limit) {
      const all = [...this.matchAll(regex(pattern))].map((m) => m[0]);
      return limit < 0n ? all : all.slice(0, Number(limit));
    },
  ),
];

const contains = (list: CelList, v: CelValue) => items(list).some((x) => equal(x, v));

/** cel-go's sets extension. */
const sets: CelFunc[] = [
  celFunc('sets.contains', [anyList, anyList], CelScalar.BOOL, (a, b) =>
    items(b).every((v) => contains(a, v)),
  ),
  celFunc(
    'sets.equivalent',
    [anyList, anyList],
    CelScalar.BOOL,
    (a, b) => items(b).every((v) => contains(a, v)) && items(a).every((v) => contains(b, v)),
  ),
  celFunc('sets.intersects', [anyList, anyList], CelScalar.BOOL, (a, b) =>
    items(b).some((v) => contains(a, v)),
  ),
];

const cost = celFunc(costFunctionName, [CelScalar.BOOL], CelScalar.BOOL, (b) => {
  chargeIteration();
  return b;
});

/** The functions a rule may call, on top of the standard library. */
const extensions: CelFunc[] = [
  ...strings,
  ...lists,
  ...regexes,
  ...sets,
  ...optionalFunctions,
  cost,
];

/** The environment rules are planned in (self and oldSelf are bound at evaluation). */
export const validationEnv: CelEnv = celEnv({ funcs: extensions });

/** Operators the planner evaluates itself (they are not functions of the environment). */
const plannedOperators = [
  '_&&_',
  '_||_',
  '_?_:_',
  '_[_]',
  '@not_strictly_false',
  '__not_strictly_false__',
];

/** Names of every function of the environment, operators included. */
const declared = new Set([...[...validationEnv.funcs].map((f) => f.name), ...plannedOperators]);

/**
 * Functions of the Kubernetes CEL environment this evaluator does not have; a rule naming one
 * is refused when its CRD is written, naming the function.
 */
const kubernetesOnly = new Set([
  'url',
  'isURL',
  'ip',
  'isIP',
  'cidr',
  'isCIDR',
  'quantity',
  'isQuantity',
  'semver',
  'isSemver',
  'format.named',
  'validate',
  'reverse',
  'base64.encode',
  'base64.decode',
  'math.greatest',
  'math.least',
  'math.ceil',
  'math.floor',
  'math.round',
  'math.abs',
  'math.sign',
  'math.isNaN',
  'math.isInf',
  'math.isFinite',
  'math.bitAnd',
  'math.bitOr',
  'math.bitXor',
  'math.bitNot',
  'math.bitShiftLeft',
  'math.bitShiftRight',
  'math.sqrt',
  'math.trunc',
  'optional.ofNonZeroValue',
  'or',
]);

/** Whether `name` is declared (a function, a method or an operator). */
export function isDeclared(name: string): boolean {
  return declared.has(name);
}

/** Whether `name` is a Kubernetes CEL function that @kubekit/testing does not implement. */
export function isKubernetesOnly(name: string): boolean {
  return kubernetesOnly.has(name);
}
