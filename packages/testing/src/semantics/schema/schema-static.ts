import type { FieldError } from '@kubekit/apimachinery';
import { forbidden, invalid, notSupported, required } from './field-error';
import type { JSONSchemaProps } from './json-schema-props';

/**
 * The static rules apiextensions-apiserver applies to every node of a CRD's openAPIV3Schema
 * before it checks structurality: the OpenAPI subset CRDs may use and the consistency of the
 * `x-kubernetes-*` extensions.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apis/apiextensions/validation/validation.go
 */

const openAPIV3Types = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const listTypes = ['atomic', 'set', 'map'];
const resourceMetaFields = new Set(['apiVersion', 'kind', 'metadata']);

/**
 * ValidateCustomResourceDefinitionOpenAPISchema: the OpenAPI subset a CRD schema may use. Sets
 * `blocking.found` when the schema cannot be read as a structural schema at all (`$ref`,
 * `definitions`, ...), in which case kube reports only these errors.
 */
export function checkStatic(
  s: JSONSchemaProps,
  path: string,
  isRoot: boolean,
  insideMeta: boolean,
  errors: FieldError[],
  blocking: { found: boolean },
): void {
  const block = (e: FieldError) => {
    blocking.found = true;
    errors.push(e);
  };
  if (s.type && !openAPIV3Types.includes(s.type)) {
    if (s.type === 'null') {
      errors.push(
        forbidden(`${path}.type`, 'type cannot be set to null, use nullable as an alternative'),
      );
    } else errors.push(notSupported(`${path}.type`, s.type, openAPIV3Types));
  }
  if (s.id) block(forbidden(`${path}.id`, 'id is not supported'));
  if (s.additionalItems !== undefined)
    block(forbidden(`${path}.additionalItems`, 'additionalItems is not supported'));
  if (s.patternProperties && Object.keys(s.patternProperties).length) {
    block(forbidden(`${path}.patternProperties`, 'patternProperties is not supported'));
  }
  if (s.definitions && Object.keys(s.definitions).length) {
    block(forbidden(`${path}.definitions`, 'definitions is not supported'));
  }
  if (s.dependencies) block(forbidden(`${path}.dependencies`, 'dependencies is not supported'));
  if (s.$ref !== undefined) block(forbidden(`${path}.$ref`, '$ref is not supported'));
  if (Array.isArray(s.items))
    block(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
  if (insideMeta && s['x-kubernetes-embedded-resource']) {
    errors.push(
      forbidden(
        `${path}.x-kubernetes-embedded-resource`,
        'must not be used inside of resource meta',
      ),
    );
  }
  if (s.uniqueItems) {
    errors.push(
      forbidden(
        `${path}.uniqueItems`,
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  }
  if (s.additionalProperties !== undefined) {
    if (s.properties && Object.keys(s.properties).length) {
      if (s.additionalProperties === false || typeof s.additionalProperties === 'object') {
        block(
          forbidden(
            `${path}.additionalProperties`,
            'additionalProperties and properties are mutual exclusive',
          ),
        );
      }
    }
    if (typeof s.additionalProperties === 'object') {
      checkStatic(
        s.additionalProperties,
        `${path}.additionalProperties`,
        false,
        insideMeta,
        errors,
        blocking,
      );
    }
  }
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    const meta =
      insideMeta ||
      ((isRoot || s['x-kubernetes-embedded-resource'] === true) && resourceMetaFields.has(k));
    checkStatic(v, `${path}.properties[${k}]`, false, meta, errors, blocking);
  }
  if (s.not) checkStatic(s.not, `${path}.not`, false, insideMeta, errors, blocking);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const) {
    s[key]?.forEach((v, i) =>
      checkStatic(v, `${path}.${key}[${i}]`, false, insideMeta, errors, blocking),
    );
  }
  if (s.items && !Array.isArray(s.items))
    checkStatic(s.items, `${path}.items`, false, insideMeta, errors, blocking);
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errors.push(
      invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'),
    );
  }
  checkListType(s, path, errors);
  checkMapType(s, path, errors);
}

/** `Required value` when the value is empty, `Invalid value` otherwise. */
export function requiredOrInvalid(
  field: string,
  value: string | undefined,
  detail: string,
): FieldError {
  return value ? invalid(field, value, detail) : required(field, detail);
}

function checkListType(s: JSONSchemaProps, path: string, errors: FieldError[]): void {
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  if (listType !== undefined) {
    if (s.type !== 'array') {
      errors.push(
        requiredOrInvalid(
          `${path}.type`,
          s.type,
          'must be array if x-kubernetes-list-type is specified',
        ),
      );
    }
    if (!listTypes.includes(listType))
      errors.push(notSupported(`${path}.x-kubernetes-list-type`, listType, listTypes));
    if (listType === 'map') {
      if (keys.length === 0) {
        errors.push(
          required(
            `${path}.x-kubernetes-list-map-keys`,
            'must not be empty if x-kubernetes-list-type is map',
          ),
        );
      }
      const items = Array.isArray(s.items) ? undefined : s.items;
      if (!s.items)
        errors.push(
          required(`${path}.items`, 'must have a schema if x-kubernetes-list-type is map'),
        );
      else if (items && items.type !== 'object') {
        errors.push(
          invalid(
            `${path}.items.type`,
            items.type ?? '',
            "must be object if parent array's x-kubernetes-list-type is map",
          ),
        );
      }
      if (items?.type === 'object') {
        const seen = new Set<string>();
        for (const k of keys) {
          const prop = items.properties?.[k];
          if (!prop) {
            errors.push(
              invalid(
                `${path}.x-kubernetes-list-map-keys`,
                keys,
                'entries must all be names of item properties',
              ),
            );
          } else if (prop.type === 'array' || prop.type === 'object') {
            errors.push(
              invalid(
                `${path}.items.properties[${k}].type`,
                items.type,
                "must be a scalar type if parent array's x-kubernetes-list-type is map",
              ),
            );
          }
          if (seen.has(k))
            errors.push(
              invalid(
                `${path}.x-kubernetes-list-map-keys`,
                keys,
                'must not contain duplicate entries',
              ),
            );
          seen.add(k);
        }
      }
    }
  }
  if (keys.length > 0) {
    if (listType === undefined) {
      errors.push(
        required(
          `${path}.x-kubernetes-list-type`,
          'must be map if x-kubernetes-list-map-keys is non-empty',
        ),
      );
    } else if (listType !== 'map') {
      errors.push(
        invalid(
          `${path}.x-kubernetes-list-type`,
          listType,
          'must be map if x-kubernetes-list-map-keys is non-empty',
        ),
      );
    }
  }
}

function checkMapType(s: JSONSchemaProps, path: string, errors: FieldError[]): void {
  const mapType = s['x-kubernetes-map-type'];
  if (mapType === undefined) return;
  if (s.type !== 'object') {
    errors.push(
      requiredOrInvalid(
        `${path}.type`,
        s.type,
        'must be object if x-kubernetes-map-type is specified',
      ),
    );
  }
  if (mapType !== 'atomic' && mapType !== 'granular') {
    errors.push(notSupported(`${path}.x-kubernetes-map-type`, mapType, ['atomic', 'granular']));
  }
}
