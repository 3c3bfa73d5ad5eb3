import type { FieldError } from '@kubekit/apimachinery';
import { forbidden, invalid, required } from './field-error';
import type { JSONSchemaProps } from './json-schema-props';

/**
 * The structural-schema check kube-apiserver runs when a CustomResourceDefinition is created or
 * updated: every specified node has a `type` (except int-or-string and preserve-unknown-fields
 * nodes), arrays have `items`, the root is an object whose `metadata` may only restrict `name`
 * and `generateName`, value validations (`anyOf`, `allOf`, `oneOf`, `not`) carry no types,
 * `additionalProperties` and `properties` exclude each other, and the `x-kubernetes-*`
 * extensions are used consistently.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apiserver/schema/validation.go
 */

type Level = 'root' | 'item' | 'field';

/** Options of {@link validateSchemaIsStructural}. */
export interface StructuralOptions {
  /** Field path of the schema (default `spec.versions[0].schema.openAPIV3Schema`). */
  path?: string;
}

/** Returns the violations of the structural-schema rules in `schema` (empty when structural). */
export function validateSchemaIsStructural(
  schema: JSONSchemaProps | undefined,
  options: StructuralOptions = {},
): FieldError[] {
  const path = options.path ?? 'spec.versions[0].schema.openAPIV3Schema';
  if (!schema) return [required(path, 'schemas are required')];
  const errors: FieldError[] = [];
  checkNode(schema, 'root', path, errors);
  checkRoot(schema, path, errors);
  return errors;
}

const typeRequired: Record<Level, string> = {
  root: 'must not be empty at the root',
  item: 'must not be empty for specified array items',
  field: 'must not be empty for specified object fields',
};

function checkNode(s: JSONSchemaProps, level: Level, path: string, errors: FieldError[]): void {
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  if (!s.type && !intOrString && !preserve)
    errors.push(required(`${path}.type`, typeRequired[level]));
  if (intOrString && s.type) {
    errors.push(
      invalid(`${path}.type`, s.type, 'must be empty if x-kubernetes-int-or-string is true'),
    );
  }
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errors.push(
      invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'),
    );
  }
  if (s['x-kubernetes-embedded-resource'] && s.type !== 'object') {
    errors.push(
      invalid(
        `${path}.type`,
        s.type ?? '',
        'must be object if x-kubernetes-embedded-resource is true',
      ),
    );
  }
  if (s.type === 'array' && !s.items) errors.push(required(`${path}.items`, 'must be specified'));
  if (Array.isArray(s.items)) {
    errors.push(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
  }
  if (s.additionalProperties !== undefined && s.properties) {
    errors.push(
      forbidden(
        `${path}.additionalProperties`,
        'additionalProperties and properties are mutual exclusive',
      ),
    );
  }
  if (s.additionalProperties === false) {
    errors.push(
      forbidden(`${path}.additionalProperties`, 'additionalProperties cannot be set to false'),
    );
  }
  if (level === 'root' && s.default !== undefined) {
    errors.push(forbidden(`${path}.default`, 'must not be set at the root'));
  }
  const listType = s['x-kubernetes-list-type'];
  if (listType !== undefined && s.type !== 'array') {
    errors.push(
      invalid(`${path}.x-kubernetes-list-type`, listType, 'must only be used if type is array'),
    );
  }
  if (listType === 'map' && !s['x-kubernetes-list-map-keys']?.length) {
    errors.push(
      required(
        `${path}.x-kubernetes-list-map-keys`,
        'must not be empty if x-kubernetes-list-type is map',
      ),
    );
  }
  if (s['x-kubernetes-list-map-keys'] && listType !== 'map') {
    errors.push(
      forbidden(
        `${path}.x-kubernetes-list-map-keys`,
        'must not be set if x-kubernetes-list-type is not map',
      ),
    );
  }
  if (!Array.isArray(s.items) && s.items) checkNode(s.items, 'item', `${path}.items`, errors);
  for (const [k, v] of Object.entries(s.properties ?? {}))
    checkNode(v, 'field', `${path}.properties[${k}]`, errors);
  if (typeof s.additionalProperties === 'object') {
    checkNode(s.additionalProperties, 'field', `${path}.additionalProperties`, errors);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    s[key]?.forEach((v, i) => checkValueValidation(v, `${path}.${key}[${i}]`, errors));
  }
  if (s.not) checkValueValidation(s.not, `${path}.not`, errors);
}

/** Nodes under allOf/anyOf/oneOf/not may only validate values, never declare structure. */
function checkValueValidation(s: JSONSchemaProps, path: string, errors: FieldError[]): void {
  const structuralKeys = [
    'type',
    'nullable',
    'default',
    'additionalProperties',
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource',
    'x-kubernetes-int-or-string',
  ] as const;
  for (const key of structuralKeys) {
    if (s[key] !== undefined)
      errors.push(forbidden(`${path}.${key}`, 'must be empty to be structural'));
  }
  if (s.items && !Array.isArray(s.items)) checkValueValidation(s.items, `${path}.items`, errors);
  for (const [k, v] of Object.entries(s.properties ?? {}))
    checkValueValidation(v, `${path}.properties[${k}]`, errors);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    s[key]?.forEach((v, i) => checkValueValidation(v, `${path}.${key}[${i}]`, errors));
  }
  if (s.not) checkValueValidation(s.not, `${path}.not`, errors);
}

function checkRoot(s: JSONSchemaProps, path: string, errors: FieldError[]): void {
  if (s.type && s.type !== 'object')
    errors.push(invalid(`${path}.type`, s.type, 'must be object at the root'));
  const props = s.properties ?? {};
  for (const key of ['kind', 'apiVersion'] as const) {
    const p = props[key];
    if (p?.type && p.type !== 'string') {
      errors.push(invalid(`${path}.properties[${key}].type`, p.type, 'must be string'));
    }
  }
  const metadata = props.metadata;
  if (!metadata) return;
  if (metadata.type && metadata.type !== 'object') {
    errors.push(invalid(`${path}.properties[metadata].type`, metadata.type, 'must be object'));
  }
  const extra = Object.keys(metadata).filter(
    (k) => !['type', 'properties', 'description'].includes(k),
  );
  const extraProps = Object.keys(metadata.properties ?? {}).filter(
    (k) => k !== 'name' && k !== 'generateName',
  );
  if (extra.length || extraProps.length) {
    errors.push(
      forbidden(
        `${path}.properties[metadata]`,
        'must not specify anything other than name and generateName, but metadata is implicitly specified',
      ),
    );
  }
}
