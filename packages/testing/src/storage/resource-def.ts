import type { KubeObject } from '@kubekit/apimachinery';

/** Where a scale subresource reads and writes its fields (JSON paths without the leading dot). */
export interface ScaleSpec {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
}

/** One additional printer column of a CRD version (kept for `kubectl get`). */
export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  format?: string;
  description?: string;
  priority?: number;
}

/** Per-version facts of a served resource (a CRD can serve several versions). */
export interface ResourceVersionDef {
  name: string;
  /** openAPIV3Schema of a CRD version; built-in kinds have none. */
  schema?: unknown;
  printerColumns?: PrinterColumn[];
  /** A CRD version's selectableFields: field-selector labels (`spec.color`, no leading dot). */
  selectableFields?: string[];
}

/**
 * Which field-selector labels a kind accepts and what each selects on: kube's field label
 * conversion function of the kind (scheme.AddFieldLabelConversionFunc).
 */
export interface FieldLabelConversion {
  /** Accepted labels, mapped to the field the storage indexes (usually themselves). */
  readonly labels: Readonly<Record<string, string>>;
  /** The 400 BadRequest text for any other label. */
  reject(label: string): string;
}

/**
 * A resource the server serves: the row of the declarative table that discovery, routing,
 * storage and the registry strategies all read. Built-in rows live in `builtin-resources.ts`;
 * CRDs produce rows at runtime.
 */
export interface ResourceDef {
  group: string;
  /** Served versions, preferred first. */
  versions: ResourceVersionDef[];
  /** The version objects are stored (and written to history) as. */
  storageVersion: string;
  resource: string;
  kind: string;
  listKind: string;
  singular: string;
  namespaced: boolean;
  shortNames?: string[];
  categories?: string[];
  /** Has a `status` subresource: the main resource ignores status, the subresource ignores the rest. */
  status?: boolean;
  scale?: ScaleSpec;
  /** Pods: `log` (text from the runner hook), `binding` and `eviction`. */
  podSubresources?: boolean;
  /** Bump metadata.generation when anything but metadata and status changes. */
  generation?: boolean;
  /** DELETE answers with the deleted object rather than a Success Status. */
  returnDeletedObject?: boolean;
  /** The propagation policy used when the client names none. */
  defaultPropagation?: 'Orphan' | 'Background';
  /** Extra field-selector fields beyond metadata.name / metadata.namespace. */
  fieldLabels?: (obj: KubeObject) => Record<string, string>;
  /**
   * The labels a field selector may name (see field-label-conversion.ts for the default: kinds
   * without a function of their own, and custom resources).
   */
  fieldLabelConversion?: FieldLabelConversion;
  /** Verbs beyond the standard ones are never needed; false removes deletecollection (namespaces). */
  deleteCollection?: boolean;
  /** A finalizer the server adds on delete and removes once its own cleanup is done (CRDs). */
  deletionFinalizer?: string;
  /** The CRD that serves this resource, when it is a custom resource. */
  crdName?: string;
}

/** The group/resource key a definition is registered and stored under. */
export function resourceKey(def: { group: string; resource: string }): string {
  return def.group ? `${def.resource}.${def.group}` : def.resource;
}

/** `group/version`, or `version` for the core group. */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version;
}
