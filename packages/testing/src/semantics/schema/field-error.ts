import type { FieldError } from '@kubekit/apimachinery';

/**
 * Builders of {@link FieldError}s with the exact `detail` text of k8s.io/apimachinery's
 * `field.Error.ErrorBody()` (`Invalid value: "x": <detail>`, `Required value`, ...).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/field/errors.go
 */

/** Renders a bad value as `ErrorBody` does: strings quoted, numbers and booleans bare, the rest JSON. */
export function formatBadValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === undefined) return 'null';
  return JSON.stringify(value);
}

function withDetail(head: string, detail: string): string {
  return detail ? `${head}: ${detail}` : head;
}

/** `field: Invalid value: <value>: <detail>` (FieldValueInvalid). */
export function invalid(field: string, value: unknown, detail: string): FieldError {
  return {
    type: 'FieldValueInvalid',
    field,
    detail: withDetail(`Invalid value: ${formatBadValue(value)}`, detail),
  };
}

/** `field: Invalid value: <value>: <detail>` (FieldValueTypeInvalid). */
export function typeInvalid(field: string, value: unknown, detail: string): FieldError {
  return {
    type: 'FieldValueTypeInvalid',
    field,
    detail: withDetail(`Invalid value: ${formatBadValue(value)}`, detail),
  };
}

/** `field: Required value[: detail]` (FieldValueRequired). */
export function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, detail: withDetail('Required value', detail) };
}

/** `field: Forbidden: <detail>` (FieldValueForbidden). */
export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail: withDetail('Forbidden', detail) };
}

/** `field: Unsupported value: <value>: supported values: "a", "b"` (FieldValueNotSupported). */
export function notSupported(field: string, value: unknown, supported: string[]): FieldError {
  const detail = supported.length
    ? `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`
    : '';
  return {
    type: 'FieldValueNotSupported',
    field,
    detail: withDetail(`Unsupported value: ${formatBadValue(value)}`, detail),
  };
}

/** `field: Duplicate value: <value>` (FieldValueDuplicate). */
export function duplicate(field: string, value: unknown): FieldError {
  return {
    type: 'FieldValueDuplicate',
    field,
    detail: `Duplicate value: ${formatBadValue(value)}`,
  };
}

/** `field: Too long: may not be more than N bytes` (FieldValueTooLong). */
export function tooLong(field: string, max: number): FieldError {
  const detail =
    max >= 0 ? `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}` : 'value is too long';
  return { type: 'FieldValueTooLong', field, detail: `Too long: ${detail}` };
}

/** `field: Too many: <actual>: must have at most N items` (FieldValueTooMany). */
export function tooMany(field: string, actual: number, max: number): FieldError {
  const detail =
    max >= 0 ? `must have at most ${max} ${max === 1 ? 'item' : 'items'}` : 'has too many items';
  return { type: 'FieldValueTooMany', field, detail: `Too many: ${actual}: ${detail}` };
}

/** Appends a child field name to a field path (`spec` + `replicas` = `spec.replicas`). */
export function childPath(path: string, name: string): string {
  return path ? `${path}.${name}` : name;
}

/** Appends a list index to a field path (`spec.items[0]`). */
export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}
