import {
  SelectorParseError,
  newBadRequest,
  parseFieldSelector,
  parseSelector,
  type FieldSelector,
  type Selector,
} from '@kubekit/apimachinery';
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
  return def.fieldLabels ? { ...base, ...def.fieldLabels(obj) } : base;
}

function checkFields(def: ResourceDef, selector: FieldSelector): void {
  const known = new Set(['metadata.name', 'metadata.namespace']);
  if (def.fieldLabels) for (const k of Object.keys(def.fieldLabels({ metadata: {} }))) known.add(k);
  for (const r of selector.requirements()) {
    if (known.has(r.field)) continue;
    if (def.crdName) {
      throw newBadRequest(
        `"${r.field}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
      );
    }
    throw newBadRequest(`field label not supported: ${r.field}`);
  }
}

/**
 * Parses `labelSelector` / `fieldSelector` query values for `def`: 400 BadRequest for bad
 * syntax or a field the resource does not index (kube's wording).
 */
export function parseSelection(
  def: ResourceDef,
  labelSelector: string | null,
  fieldSelector: string | null,
): Selection {
  const labels: Selector = parse(labelSelector ?? '', parseSelector);
  const fields: FieldSelector = parse(fieldSelector ?? '', parseFieldSelector);
  checkFields(def, fields);
  const noLabels = labels.empty();
  const noFields = fields.empty();
  return {
    everything: noLabels && noFields,
    matches(obj: Obj): boolean {
      if (!noLabels && !labels.matches(obj.metadata?.labels)) return false;
      return noFields || fields.matches(fieldsOf(def, obj));
    },
  };
}
