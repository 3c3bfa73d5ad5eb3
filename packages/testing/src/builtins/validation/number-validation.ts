import type { FieldError } from '@kubekit/apimachinery';
import { invalid } from '../../semantics/schema/field-error';
import { regexError } from '../../semantics/schema/name-validation';

/**
 * The number checks kube-apiserver's validation shares across kinds, with its messages:
 * non-negative fields and int-or-percent values.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/apps/validation/validation.go
 */

/** ValidateNonnegativeField, for a value that is set. */
export function nonNegative(field: string, value: unknown): FieldError[] {
  return typeof value === 'number' && value < 0
    ? [invalid(field, value, 'must be greater than or equal to 0')]
    : [];
}

const percentMessage = regexError(
  "a valid percent string must be a numeric string followed by an ending '%'",
  '[0-9]+%',
  '1%',
  '93%',
);

/** ValidatePositiveIntOrPercent. */
export function positiveIntOrPercent(field: string, value: unknown): FieldError[] {
  if (typeof value === 'string')
    return /^[0-9]+%$/.test(value) ? [] : [invalid(field, value, percentMessage)];
  return nonNegative(field, value);
}

/** The value of an int-or-percent (a string that is not a percent counts 0). */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  const m = typeof value === 'string' ? /^([0-9]+)%$/.exec(value) : null;
  return m ? Number(m[1]) : 0;
}

/** IsNotMoreThan100Percent. */
export function notMoreThan100Percent(field: string, value: unknown): FieldError[] {
  return typeof value === 'string' && /^[0-9]+%$/.test(value) && intOrPercentValue(value) > 100
    ? [invalid(field, value, 'must not be greater than 100%')]
    : [];
}
