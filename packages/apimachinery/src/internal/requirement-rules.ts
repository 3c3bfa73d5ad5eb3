import { isQualifiedName, isValidLabelValue } from '../validation';
import type { SelectorParseErrorReason } from '../selector-parse-error';

/** The operators of a label requirement (k8s.io/apimachinery/pkg/selection). */
export type RequirementOperator = 'in' | 'notin' | '=' | '==' | '!=' | 'exists' | '!' | 'gt' | 'lt';

/** One thing wrong with a requirement, located by the part of it that is at fault. */
export interface RequirementProblem {
  reason: SelectorParseErrorReason;
  detail: string;
  /** The part at fault: `key`, `operator`, `values` or `values[i]`. */
  field: string;
  /** Index of the offending value when `field` is `values[i]`. */
  valueIndex?: number;
}

const int64Text = /^[+-]?[0-9]+$/;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;

/** strconv.ParseInt(s, 10, 64): a signed base-10 64-bit integer, or `undefined`. */
export function parseInt64(s: string): bigint | undefined {
  if (!int64Text.test(s)) return undefined;
  const n = BigInt(s);
  return n < int64Min || n > int64Max ? undefined : n;
}

/** The problem with a label key, if any (kube-apiserver's `Invalid value` wording). */
export function labelKeyProblem(key: string): RequirementProblem | undefined {
  const errs = isQualifiedName(key);
  if (errs.length === 0) return undefined;
  return {
    reason: 'InvalidKey',
    field: 'key',
    detail: `key: Invalid value: ${JSON.stringify(key)}: ${errs.join('; ')}`,
  };
}

/**
 * The first problem of a requirement, checked in the order labels.NewRequirement checks: key,
 * value count for the operator, integer values of `gt`/`lt`, then each value's syntax.
 */
export function requirementProblem(
  key: string,
  operator: string,
  values: readonly string[],
): RequirementProblem | undefined {
  return labelKeyProblem(key) ?? valuesProblem(key, operator, values);
}

/**
 * The first problem of a requirement's operator and values (its key already checked). A value
 * that is no label value is reported at `values[i][key]` in the detail, client-go's path.
 */
export function valuesProblem(
  key: string,
  operator: string,
  values: readonly string[],
): RequirementProblem | undefined {
  const count = (detail: string): RequirementProblem => ({
    reason: 'InvalidValueCount',
    field: 'values',
    detail: `values: Invalid value: ${JSON.stringify(values)}: ${detail}`,
  });
  const bad = (
    i: number,
    reason: SelectorParseErrorReason,
    msg: string,
    path = `values[${i}]`,
  ): RequirementProblem => ({
    reason,
    field: `values[${i}]`,
    valueIndex: i,
    detail: `${path}: Invalid value: ${JSON.stringify(values[i])}: ${msg}`,
  });
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0)
        return count("for 'in', 'notin' operators, values set can't be empty");
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1) return count('exact-match compatibility requires one single value');
      break;
    case 'exists':
    case '!':
      if (values.length !== 0)
        return count('values set must be empty for exists and does not exist');
      break;
    case 'gt':
    case 'lt': {
      if (values.length !== 1)
        return count("for 'Gt', 'Lt' operators, exactly one value is required");
      const i = values.findIndex((v) => parseInt64(v) === undefined);
      if (i >= 0)
        return bad(i, 'InvalidValue', "for 'Gt', 'Lt' operators, the value must be an integer");
      break;
    }
    default:
      return {
        reason: 'InvalidOperator',
        field: 'operator',
        detail: `operator: Unsupported value: ${JSON.stringify(operator)}: supported values: "in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"`,
      };
  }
  for (let i = 0; i < values.length; i++) {
    const errs = isValidLabelValue(values[i] ?? '');
    if (errs.length > 0) return bad(i, 'InvalidValue', errs.join('; '), `values[${i}][${key}]`);
  }
  return undefined;
}
