import type { CelInput } from '@bufbuild/cel';
import { isJsonObject } from '../../json';
import {
  additionalPropertiesSchema,
  itemsSchema,
  type JSONSchemaProps,
} from '../json-schema-props';

/**
 * A JSON value as a CEL value, typed by its schema as kube-apiserver's `UnstructuredToVal`
 * types it: `integer` is int, `number` is double (also when the JSON has no fraction), objects
 * and maps are maps, arrays lists. Where the schema says nothing (x-kubernetes-preserve-unknown-
 * fields, x-kubernetes-int-or-string), a whole JSON number is an int and any other a double.
 *
 * Not as kube: strings of format `date-time`, `duration` and `byte` stay strings (kube makes
 * them timestamp, duration and bytes).
 */
export function toCelValue(value: unknown, schema: JSONSchemaProps | undefined): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (schema?.type === 'number') return value;
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) {
    const items = schema ? itemsSchema(schema) : undefined;
    return value.map((v) => toCelValue(v, items));
  }
  if (!isJsonObject(value)) return null;
  const properties = schema?.properties ?? {};
  const additional = schema ? additionalPropertiesSchema(schema) : undefined;
  const map = new Map<string, CelInput>();
  for (const [k, v] of Object.entries(value)) {
    map.set(k, toCelValue(v, Object.hasOwn(properties, k) ? properties[k] : additional));
  }
  return map;
}
