import { cloneJson, isJsonObject, setOwn } from '../json';
import { additionalPropertiesSchema, itemsSchema, type JSONSchemaProps } from './json-schema-props';

/**
 * Defaulting of custom resources from their structural schema, as kube-apiserver applies it when
 * it decodes a request body and when it reads an object from storage: a missing field whose
 * schema has a `default` gets a copy of it (defaults are themselves defaulted below), a `null`
 * in a non-nullable field is replaced by its default or, without one, dropped. `nullable` nulls
 * stay.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apiserver/schema/defaulting/algorithm.go
 */
export function applySchemaDefaults<T>(obj: T, schema: JSONSchemaProps | undefined): T {
  const out = cloneJson(obj);
  applyDefaults(out, schema);
  return out;
}

function isNonNullableNull(value: unknown, schema: JSONSchemaProps | undefined): boolean {
  return value === null && schema !== undefined && !schema.nullable;
}

function applyDefaults(x: unknown, s: JSONSchemaProps | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    const items = itemsSchema(s);
    x.forEach((v, i) => {
      if (isNonNullableNull(v, items) && items?.default !== undefined)
        x[i] = cloneJson(items.default);
      applyDefaults(x[i], items);
    });
    return;
  }
  if (!isJsonObject(x)) return;
  const properties = s.properties ?? {};
  for (const [key, prop] of Object.entries(properties)) {
    if (prop.default === undefined) continue;
    if (!Object.hasOwn(x, key) || isNonNullableNull(x[key], prop))
      setOwn(x, key, cloneJson(prop.default as never));
  }
  const additional = additionalPropertiesSchema(s);
  for (const key of Object.keys(x)) {
    const child = Object.hasOwn(properties, key) ? properties[key] : additional;
    if (isNonNullableNull(x[key], child)) {
      if (child?.default !== undefined) x[key] = cloneJson(child.default as never);
      else if (Object.hasOwn(properties, key)) {
        delete x[key];
        continue;
      }
    }
    applyDefaults(x[key], child);
  }
}
