import type { FieldError } from '@kubekit/apimachinery';
import { forbidden, invalid, required } from './field-error';
import { checkStatic, requiredOrInvalid } from './schema-static';
import { validateAgainstSchema } from './validation';
import type { JSONSchemaProps } from './json-schema-props';

/**
 * The checks kube-apiserver runs on a CustomResourceDefinition version's `openAPIV3Schema`:
 * first the static OpenAPI rules (no `$ref`, `uniqueItems`, `additionalProperties` beside
 * `properties`, consistent `x-kubernetes-*` extensions, ...), then, when the schema can be read
 * as a structural schema at all, the structural invariants (every specified node has a `type`,
 * arrays have `items`, value validations under allOf/anyOf/oneOf/not declare no structure, the
 * root `metadata` only restricts `name` / `generateName`), sorted as kube sorts them; and, when
 * all that holds, that every `default` validates against its own schema.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apis/apiextensions/validation/validation.go
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apiserver/schema/validation.go
 */

/** Options of {@link validateSchemaIsStructural}. */
export interface StructuralOptions {
  /** Field path of the schema (default `spec.versions[0].schema.openAPIV3Schema`). */
  path?: string;
}

/** Returns the violations of `schema` (empty when it is a valid structural schema). */
export function validateSchemaIsStructural(
  schema: JSONSchemaProps | undefined,
  options: StructuralOptions = {},
): FieldError[] {
  const path = options.path ?? 'spec.versions[0].schema.openAPIV3Schema';
  if (!schema) return [required(path, 'schemas are required')];
  const errors: FieldError[] = [];
  if (schema.nullable)
    errors.push(forbidden(`${path}.nullable`, 'nullable cannot be true at the root'));
  const blocking = { found: false };
  checkStatic(schema, path, true, false, errors, blocking);
  if (blocking.found) return errors;
  const structural: FieldError[] = [];
  checkInvariants(schema, 'root', path, structural);
  checkCompleteness(schema, schema, path, path, structural);
  structural.sort((a, b) => errorString(a).localeCompare(errorString(b)));
  if (errors.length > 0 || structural.length > 0) return [...errors, ...structural];
  checkDefaults(schema, path, true, structural);
  return structural;
}

/**
 * Every `default` must validate against the schema of its node; errors are reported under
 * `<node>.default`, with kube-openapi's messages relative to the default value.
 */
function checkDefaults(
  s: JSONSchemaProps,
  path: string,
  isRoot: boolean,
  errors: FieldError[],
): void {
  if (s.default !== undefined && !isRoot) {
    const base = `${path}.default`;
    for (const e of validateAgainstSchema(s.default, s)) {
      errors.push({ ...e, field: e.field === '<nil>' ? base : `${base}.${e.field}` });
    }
  }
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    checkDefaults(v, `${path}.properties[${k}]`, false, errors);
  }
  if (s.items && !Array.isArray(s.items)) checkDefaults(s.items, `${path}.items`, false, errors);
  if (typeof s.additionalProperties === 'object') {
    checkDefaults(s.additionalProperties, `${path}.additionalProperties`, false, errors);
  }
}

function errorString(e: FieldError): string {
  return `${e.field}: ${e.detail}`;
}

type Level = 'root' | 'item' | 'field';

const typeRequired: Record<Level, string> = {
  root: 'must not be empty at the root',
  item: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

/** validateStructuralInvariants of apiextensions' schema package. */
function checkInvariants(
  s: JSONSchemaProps,
  level: Level,
  path: string,
  errors: FieldError[],
): void {
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (s.type === 'array' && !s.items) errors.push(required(`${path}.items`, 'must be specified'));
  if (s.items && !Array.isArray(s.items)) checkInvariants(s.items, 'item', `${path}.items`, errors);
  for (const [k, v] of Object.entries(s.properties ?? {}))
    checkInvariants(v, 'field', `${path}.properties[${k}]`, errors);
  if (s.additionalProperties !== undefined) {
    if (level === 'root')
      errors.push(forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
    if (typeof s.additionalProperties === 'object') {
      checkInvariants(s.additionalProperties, 'field', `${path}.additionalProperties`, errors);
    }
  }
  if (intOrString && preserve) {
    errors.push(
      invalid(
        `${path}.x-kubernetes-preserve-unknown-fields`,
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  if (intOrString && embedded) {
    errors.push(
      invalid(
        `${path}.x-kubernetes-embedded-resource`,
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  checkValueValidations(s, intOrString, path, errors);
  if (embedded && s.type !== 'object') {
    errors.push(
      requiredOrInvalid(
        `${path}.type`,
        s.type,
        'must be object if x-kubernetes-embedded-resource is true',
      ),
    );
  } else if (!s.type && !intOrString && !preserve) {
    errors.push(required(`${path}.type`, typeRequired[level]));
  }
  if (embedded && s.additionalProperties !== undefined) {
    errors.push(
      forbidden(
        `${path}.additionalProperties`,
        'must not be used if x-kubernetes-embedded-resource is set',
      ),
    );
  }
  if (level === 'root' && s.type && s.type !== 'object') {
    errors.push(invalid(`${path}.type`, s.type, 'must be object at the root'));
  }
  checkResourceMeta(s, level, embedded, path, errors);
  if (embedded && !preserve && Object.keys(s.properties ?? {}).length === 0) {
    errors.push(
      required(
        `${path}.properties`,
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    );
  }
}

function checkResourceMeta(
  s: JSONSchemaProps,
  level: Level,
  embedded: boolean,
  path: string,
  errors: FieldError[],
): void {
  const props = s.properties ?? {};
  if (level !== 'root' && !embedded) return;
  for (const key of ['kind', 'apiVersion'] as const) {
    const p = props[key];
    if (p && p.type !== 'string')
      errors.push(invalid(`${path}.properties[${key}].type`, p.type ?? '', 'must be string'));
  }
  const metadata = props.metadata;
  if (!metadata) return;
  if (metadata.type !== 'object') {
    errors.push(
      invalid(`${path}.properties[metadata].type`, metadata.type ?? '', 'must be object'),
    );
  }
  if (level !== 'root') return;
  const names = Object.keys(metadata.properties ?? {});
  const onlyNames = names.every((n) => n === 'name' || n === 'generateName');
  const extra = Object.keys(metadata).filter(
    (k) =>
      !['type', 'default', 'description', 'properties'].includes(k) && !isValueValidationKey(k),
  );
  if (!onlyNames || extra.length > 0) {
    errors.push(
      forbidden(
        `${path}.properties[metadata]`,
        'must not specify anything other than name and generateName, but metadata is implicitly specified',
      ),
    );
  }
}

function isValueValidationKey(k: string): boolean {
  return [
    'format',
    'maximum',
    'exclusiveMaximum',
    'minimum',
    'exclusiveMinimum',
    'maxLength',
    'minLength',
    'pattern',
    'maxItems',
    'minItems',
    'uniqueItems',
    'multipleOf',
    'enum',
    'maxProperties',
    'minProperties',
    'required',
    'allOf',
    'anyOf',
    'oneOf',
    'not',
  ].includes(k);
}

const isIntOrStringPair = (list: JSONSchemaProps[] | undefined): boolean =>
  list?.length === 2 &&
  list.every((v) => Object.keys(v).length === 1) &&
  list[0]?.type === 'integer' &&
  list[1]?.type === 'string';

function checkValueValidations(
  s: JSONSchemaProps,
  intOrString: boolean,
  path: string,
  errors: FieldError[],
): void {
  const skipAnyOf = intOrString && isIntOrStringPair(s.anyOf);
  const skipFirstAllOfAnyOf = intOrString && isIntOrStringPair(s.allOf?.[0]?.anyOf);
  if (!skipAnyOf) s.anyOf?.forEach((v, i) => checkNested(v, false, `${path}.anyOf[${i}]`, errors));
  s.allOf?.forEach((v, i) =>
    checkNested(v, skipFirstAllOfAnyOf && i === 0, `${path}.allOf[${i}]`, errors),
  );
  s.oneOf?.forEach((v, i) => checkNested(v, false, `${path}.oneOf[${i}]`, errors));
  if (s.not) checkNested(s.not, false, `${path}.not`, errors);
  if (s.pattern) {
    try {
      new RegExp(s.pattern, 'u');
    } catch (err) {
      errors.push(
        invalid(
          `${path}.pattern`,
          s.pattern,
          `must be a valid regular expression, but isn't: ${(err as Error).message}`,
        ),
      );
    }
  }
}

/** A node under allOf/anyOf/oneOf/not: it may validate values, never declare structure. */
function checkNested(
  v: JSONSchemaProps,
  skipAnyOf: boolean,
  path: string,
  errors: FieldError[],
): void {
  if (!skipAnyOf) v.anyOf?.forEach((x, i) => checkNested(x, false, `${path}.anyOf[${i}]`, errors));
  v.allOf?.forEach((x, i) => checkNested(x, false, `${path}.allOf[${i}]`, errors));
  v.oneOf?.forEach((x, i) => checkNested(x, false, `${path}.oneOf[${i}]`, errors));
  if (v.not) checkNested(v.not, false, `${path}.not`, errors);
  if (v.items && !Array.isArray(v.items)) checkNested(v.items, false, `${path}.items`, errors);
  for (const [k, x] of Object.entries(v.properties ?? {}))
    checkNested(x, false, `${path}.properties[${k}]`, errors);
  const rules: Array<[keyof JSONSchemaProps, string]> = [
    ['type', 'must be empty to be structural'],
    ['additionalProperties', 'must be undefined to be structural'],
    ['default', 'must be undefined to be structural'],
    ['title', 'must be empty to be structural'],
    ['description', 'must be empty to be structural'],
    ['nullable', 'must be false to be structural'],
    ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
    ['x-kubernetes-embedded-resource', 'must be false to be structural'],
    ['x-kubernetes-int-or-string', 'must be false to be structural'],
    ['x-kubernetes-list-map-keys', 'must be empty to be structural'],
    ['x-kubernetes-list-type', 'must be undefined to be structural'],
  ];
  for (const [key, detail] of rules) {
    const value = v[key];
    if (value !== undefined && value !== false && value !== '')
      errors.push(forbidden(`${path}.${key}`, detail));
  }
  if (v.properties && Object.hasOwn(v.properties, 'metadata')) {
    errors.push(
      forbidden(`${path}.properties[metadata]`, 'must not be specified in a nested context'),
    );
  }
}

/** validateStructuralCompleteness: what value validations name must exist structurally. */
function checkCompleteness(
  v: JSONSchemaProps,
  s: JSONSchemaProps | undefined,
  sPath: string,
  vPath: string,
  errors: FieldError[],
): void {
  const nested: Array<[JSONSchemaProps, string]> = [];
  if (v.not) nested.push([v.not, `${vPath}.not`]);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    v[key]?.forEach((x, i) => nested.push([x, `${vPath}.${key}[${i}]`]));
  }
  for (const [x, xPath] of nested) checkNestedCompleteness(x, s, sPath, xPath, errors);
  if (s === v) {
    for (const [k, p] of Object.entries(s.properties ?? {})) {
      checkCompleteness(p, p, `${sPath}.properties[${k}]`, `${sPath}.properties[${k}]`, errors);
    }
    if (s.items && !Array.isArray(s.items))
      checkCompleteness(s.items, s.items, `${sPath}.items`, `${sPath}.items`, errors);
    if (typeof s.additionalProperties === 'object') {
      checkCompleteness(
        s.additionalProperties,
        s.additionalProperties,
        `${sPath}.additionalProperties`,
        `${sPath}.additionalProperties`,
        errors,
      );
    }
  }
}

function checkNestedCompleteness(
  v: JSONSchemaProps,
  s: JSONSchemaProps | undefined,
  sPath: string,
  vPath: string,
  errors: FieldError[],
): void {
  if (!s) {
    errors.push(required(sPath, `because it is defined in ${vPath}`));
    return;
  }
  checkCompleteness(v, s, sPath, vPath, errors);
  if (v.items && !Array.isArray(v.items)) {
    const si = s.items && !Array.isArray(s.items) ? s.items : undefined;
    checkNestedCompleteness(v.items, si, `${sPath}.items`, `${vPath}.items`, errors);
  }
  for (const [k, x] of Object.entries(v.properties ?? {})) {
    const sp =
      s.properties?.[k] ??
      (typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined);
    checkNestedCompleteness(
      x,
      sp,
      `${sPath}.properties[${k}]`,
      `${vPath}.properties[${k}]`,
      errors,
    );
  }
}
