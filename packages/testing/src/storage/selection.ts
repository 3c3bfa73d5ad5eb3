import {
  SelectorParseError,
  newBadRequest,
  parseFieldSelector,
  parseSelector,
  type FieldSelector,
  type Selector,
} from '@kubekit/apimachinery';
import { getPath } from '../semantics/json';
import { convertFieldLabel, selectableFields } from './field-label-conversion';
import type { ResourceDef } from './resource-def';
import type { Obj } from './store';

/** A parsed label + field selector bound to a resource's field labels. */
export interface Selection {
  /** True when the selection can filter nothing out. */
  readonly everything: boolean;
  matches(obj: Obj): boolean;
}

function parse<T>(text: string, fn: (t: string) => T): T {
  try {
    return fn(text);
  } catch (err) {
    if (SelectorParseError.isInstance(err)) throw newBadRequest((err as SelectorParseError).detail);
    throw err;
  }
}

/** The fields a field selector can name for objects of `def`. */
export function fieldsOf(def: ResourceDef, obj: Obj): Record<string, string> {
  const base = {
    'metadata.name': obj.metadata?.name ?? '',
    'metadata.namespace': obj.metadata?.namespace ?? '',
  };
  if (def.crdName) return { ...base, ...selectableValues(def, obj) };
  return def.fieldLabels ? { ...base, ...def.fieldLabels(obj) } : base;
}

/** A custom resource's selectable fields that it sets, formatted as Go formats the scalars. */
function selectableValues(def: ResourceDef, obj: Obj): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of selectableFields(def)) {
    const v = getPath(obj, path);
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
      out[path] = String(v);
  }
  return out;
}

/** Checks every field the selector names; returns the ones that select on another field. */
function convertFields(def: ResourceDef, selector: FieldSelector): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const r of selector.requirements()) {
    const field = convertFieldLabel(def, r.field);
    if (field !== r.field) aliases.set(r.field, field);
  }
  return aliases;
}

/**
 * Parses `labelSelector` / `fieldSelector` query values for `def`: 400 BadRequest for bad
 * syntax or a field the kind does not support (kube's wording, see field-label-conversion.ts).
 */
export function parseSelection(
  def: ResourceDef,
  labelSelector: string | null,
  fieldSelector: string | null,
): Selection {
  const labels: Selector = parse(labelSelector ?? '', parseSelector);
  const fields: FieldSelector = parse(fieldSelector ?? '', parseFieldSelector);
  const aliases = convertFields(def, fields);
  const noLabels = labels.empty();
  const noFields = fields.empty();
  return {
    everything: noLabels && noFields,
    matches(obj: Obj): boolean {
      if (!noLabels && !labels.matches(obj.metadata?.labels)) return false;
      if (noFields) return true;
      const set = fieldsOf(def, obj);
      for (const [alias, field] of aliases) set[alias] = set[field] ?? '';
      return fields.matches(set);
    },
  };
}
