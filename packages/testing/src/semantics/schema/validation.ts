import type { FieldError } from '@kubekit/apimachinery';
import { isJsonObject, jsonEqual, jsonTypeOf } from '../json';
import {
  childPath,
  duplicate,
  indexPath,
  invalid,
  notSupported,
  required,
  tooLong,
  tooMany,
  typeInvalid,
} from './field-error';
import { matchesFormat } from './formats';
import { additionalPropertiesSchema, itemsSchema, type JSONSchemaProps } from './json-schema-props';
import { validateEmbeddedResource } from './embedded-resource';

/**
 * Validation of a custom resource against its CRD's OpenAPI v3 schema, with the field paths and
 * messages kube-apiserver gives (kube-openapi's validator as apiextensions-apiserver converts its
 * results to field errors), plus the structural checks apiextensions adds: embedded resources and
 * `x-kubernetes-list-type` set / map uniqueness.
 *
 * Messages read like `spec.replicas: Invalid value: "string": spec.replicas in body must be of
 * type integer: "string"`. A composition failure (anyOf, oneOf, allOf, not) is reported on the
 * field `<nil>` with `Invalid value: ""`, exactly as kube does.
 *
 * `x-kubernetes-validations` (CEL) rules are evaluated after these checks (cel/cel-validation.ts).
 * Not covered: ratcheting of these OpenAPI checks.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apiserver/validation/validation.go
 * @see https://github.com/kubernetes/kube-openapi/tree/master/pkg/validation/validate
 */

/** Options of {@link validateAgainstSchema}. */
export interface SchemaValidationOptions {
  /** Field path of `obj` (default: the root, as for a custom resource). */
  path?: string;
}

/** The field kube-apiserver reports an error at the root (a nil field.Path) on. */
const rootField = '<nil>';

function fieldOf(path: string): string {
  return path === '' ? rootField : path;
}

/**
 * Validates `obj` against `schema` and returns every error (empty when valid), in a stable order:
 * per value type, composition, string, format, number, list, enum and object checks, with
 * properties in schema order.
 */
export function validateAgainstSchema(
  obj: unknown,
  schema: JSONSchemaProps,
  options: SchemaValidationOptions = {},
): FieldError[] {
  const errors: FieldError[] = [];
  validateValue(obj, schema, options.path ?? '', errors);
  validateStructural(obj, schema, options.path ?? '', errors);
  return errors;
}

function allowedTypes(schema: JSONSchemaProps): string[] {
  if (schema['x-kubernetes-int-or-string']) return ['integer', 'string'];
  return schema.type ? [schema.type] : [];
}

function typeMatches(types: string[], actual: string): boolean {
  return types.includes(actual) || (actual === 'integer' && types.includes('number'));
}

function validateValue(
  value: unknown,
  schema: JSONSchemaProps,
  path: string,
  errors: FieldError[],
): void {
  const msgPath = path;
  const field = fieldOf(path);
  const types = allowedTypes(schema);
  if (value === null || value === undefined) {
    if (types.length > 0 && !schema.nullable) {
      errors.push(
        typeInvalid(field, 'null', `${msgPath} in body must be of type ${types.join(',')}: "null"`),
      );
    }
    validateEnum(value ?? null, schema, field, errors);
    return;
  }
  const actual = jsonTypeOf(value);
  if (types.length > 0 && !typeMatches(types, actual)) {
    errors.push(
      typeInvalid(
        field,
        actual,
        `${msgPath} in body must be of type ${types.join(',')}: "${actual}"`,
      ),
    );
  }
  validateComposition(value, schema, path, errors);
  if (typeof value === 'string') validateString(value, schema, msgPath, field, errors);
  if (typeof value === 'number') validateNumber(value, schema, msgPath, field, errors);
  if (Array.isArray(value)) validateArray(value, schema, path, errors);
  validateEnum(value, schema, field, errors);
  if (isJsonObject(value)) validateObject(value, schema, path, errors);
}

function validateComposition(
  value: unknown,
  schema: JSONSchemaProps,
  path: string,
  errors: FieldError[],
): void {
  const sub = (s: JSONSchemaProps): FieldError[] => {
    const out: FieldError[] = [];
    validateValue(value, s, path, out);
    return out;
  };
  const composite = (message: string) => errors.push(invalid(rootField, '', message));
  const quoted = JSON.stringify(path);
  // kube keeps the errors of the alternative that matched best: prefer one whose type fits.
  const score = (r: FieldError[]) =>
    r.filter((e) => e.type === 'FieldValueTypeInvalid' && e.field === fieldOf(path)).length * 1000 +
    r.length;
  if (schema.anyOf?.length) {
    let best: FieldError[] | undefined;
    let ok = false;
    for (const s of schema.anyOf) {
      const r = sub(s);
      if (r.length === 0) {
        ok = true;
        break;
      }
      if (best === undefined || score(r) < score(best)) best = r;
    }
    if (!ok) {
      composite(`${quoted} must validate at least one schema (anyOf)`);
      errors.push(...(best ?? []));
    }
  }
  if (schema.oneOf?.length) {
    const results = schema.oneOf.map(sub);
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== 1) {
      composite(
        `${quoted} must validate one and only one schema (oneOf). ${valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`}`,
      );
      if (valid === 0) {
        const best = results.reduce((a, b) => (score(b) < score(a) ? b : a));
        errors.push(...best);
      }
    }
  }
  if (schema.allOf?.length) {
    let valid = 0;
    for (const s of schema.allOf) {
      const r = sub(s);
      if (r.length === 0) valid++;
      errors.push(...r);
    }
    if (valid !== schema.allOf.length) {
      composite(
        `${quoted} must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`,
      );
    }
  }
  if (schema.not && sub(schema.not).length === 0) {
    composite(`${quoted} must not validate the schema (not)`);
  }
}

function validateString(
  value: string,
  schema: JSONSchemaProps,
  msgPath: string,
  field: string,
  errors: FieldError[],
): void {
  const length = [...value].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    errors.push(tooLong(field, schema.maxLength));
  }
  if (schema.minLength !== undefined && length < schema.minLength) {
    errors.push(
      invalid(field, value, `${msgPath} in body should be at least ${schema.minLength} chars long`),
    );
  }
  if (schema.pattern !== undefined && !compilePattern(schema.pattern).test(value)) {
    errors.push(invalid(field, value, `${msgPath} in body should match '${schema.pattern}'`));
  }
  if (schema.format && !matchesFormat(schema.format, value)) {
    errors.push(
      typeInvalid(
        field,
        value,
        `${msgPath} in body must be of type ${schema.format}: ${JSON.stringify(value)}`,
      ),
    );
  }
}

const patternCache = new Map<string, RegExp>();

/** Compiles an ECMA-262 / RE2 pattern (unanchored, as Go's regexp matches). */
function compilePattern(pattern: string): RegExp {
  let re = patternCache.get(pattern);
  if (!re) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = new RegExp(pattern);
    }
    patternCache.set(pattern, re);
  }
  return re;
}

function validateNumber(
  value: number,
  schema: JSONSchemaProps,
  msgPath: string,
  field: string,
  errors: FieldError[],
): void {
  if (schema.multipleOf !== undefined && schema.multipleOf > 0) {
    const q = value / schema.multipleOf;
    if (Math.abs(q - Math.round(q)) > 1e-9) {
      errors.push(
        invalid(field, value, `${msgPath} in body should be a multiple of ${schema.multipleOf}`),
      );
    }
  }
  if (schema.maximum !== undefined) {
    const over = schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum;
    if (over) {
      const rel = schema.exclusiveMaximum ? 'less than' : 'less than or equal to';
      errors.push(invalid(field, value, `${msgPath} in body should be ${rel} ${schema.maximum}`));
    }
  }
  if (schema.minimum !== undefined) {
    const under = schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum;
    if (under) {
      const rel = schema.exclusiveMinimum ? 'greater than' : 'greater than or equal to';
      errors.push(invalid(field, value, `${msgPath} in body should be ${rel} ${schema.minimum}`));
    }
  }
}

function validateArray(
  value: unknown[],
  schema: JSONSchemaProps,
  path: string,
  errors: FieldError[],
): void {
  const items = itemsSchema(schema);
  if (items) value.forEach((v, i) => validateValue(v, items, indexPath(path, i), errors));
  const field = fieldOf(path);
  if (schema.minItems !== undefined && value.length < schema.minItems) {
    errors.push(
      invalid(field, value.length, `${path} in body should have at least ${schema.minItems} items`),
    );
  }
  if (schema.maxItems !== undefined && value.length > schema.maxItems) {
    errors.push(tooMany(field, value.length, schema.maxItems));
  }
  if (schema.uniqueItems && value.some((v, i) => value.slice(0, i).some((w) => jsonEqual(v, w)))) {
    errors.push(invalid(field, '', `${path} in body shouldn't contain duplicates`));
  }
}

function validateEnum(
  value: unknown,
  schema: JSONSchemaProps,
  field: string,
  errors: FieldError[],
): void {
  if (!schema.enum?.length || schema.enum.some((e) => jsonEqual(e, value))) return;
  const supported = schema.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  errors.push(notSupported(field, value, supported));
}

function validateObject(
  value: Record<string, unknown>,
  schema: JSONSchemaProps,
  path: string,
  errors: FieldError[],
): void {
  const count = Object.keys(value).length;
  const field = fieldOf(path);
  if (schema.minProperties !== undefined && count < schema.minProperties) {
    errors.push(
      invalid(
        field,
        count,
        `${path} in body should have at least ${schema.minProperties} properties`,
      ),
    );
    return;
  }
  if (schema.maxProperties !== undefined && count > schema.maxProperties) {
    errors.push(tooMany(field, count, schema.maxProperties));
    return;
  }
  const properties = schema.properties ?? {};
  const additional = additionalPropertiesSchema(schema);
  for (const [key, v] of Object.entries(value)) {
    if (Object.hasOwn(properties, key)) continue;
    if (schema.additionalProperties === false) {
      errors.push(invalid(field, key, `${path}.${key} in body is a forbidden property`));
    } else if (additional) {
      validateValue(v, additional, `${path}.${key}`, errors);
    }
  }
  for (const [key, propSchema] of Object.entries(properties)) {
    if (Object.hasOwn(value, key))
      validateValue(value[key], propSchema, childPath(path, key), errors);
  }
  for (const key of schema.required ?? []) {
    if (!Object.hasOwn(value, key)) errors.push(required(childPath(path, key)));
  }
}

/**
 * The checks apiextensions-apiserver adds to the OpenAPI ones: embedded resources carry
 * apiVersion and kind, `set` lists hold no duplicates, `map` lists carry their keys and no two
 * elements share them.
 */
function validateStructural(
  value: unknown,
  schema: JSONSchemaProps | undefined,
  path: string,
  errors: FieldError[],
): void {
  if (!schema || value === null || value === undefined) return;
  if (Array.isArray(value)) {
    validateListType(value, schema, path, errors);
    const items = itemsSchema(schema);
    value.forEach((v, i) => validateStructural(v, items, indexPath(path, i), errors));
    return;
  }
  if (!isJsonObject(value)) return;
  if (schema['x-kubernetes-embedded-resource'])
    errors.push(...validateEmbeddedResource(value, path));
  const properties = schema.properties ?? {};
  const additional = additionalPropertiesSchema(schema);
  for (const [key, v] of Object.entries(value)) {
    const child = Object.hasOwn(properties, key) ? properties[key] : additional;
    validateStructural(v, child, childPath(path, key), errors);
  }
}

function validateListType(
  value: unknown[],
  schema: JSONSchemaProps,
  path: string,
  errors: FieldError[],
): void {
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set') {
    value.forEach((v, i) => {
      if (value.slice(0, i).some((w) => jsonEqual(v, w)))
        errors.push(duplicate(indexPath(path, i), v));
    });
  } else if (listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    const seen: Record<string, unknown>[] = [];
    value.forEach((v, i) => {
      if (!isJsonObject(v)) return;
      const missing = keys.filter((k) => !Object.hasOwn(v, k));
      for (const k of missing) errors.push(required(childPath(indexPath(path, i), k)));
      if (missing.length) return;
      const id = Object.fromEntries(keys.map((k) => [k, v[k]]));
      if (seen.some((s) => jsonEqual(s, id))) errors.push(duplicate(indexPath(path, i), id));
      else seen.push(id);
    });
  }
}
