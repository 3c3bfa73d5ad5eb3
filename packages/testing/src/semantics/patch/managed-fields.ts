import { StatusError, StatusReason, type ManagedFieldsEntry } from '@kubekit/apimachinery';
import { FieldSet, formatFieldPath, type FieldPath } from './field-set';
import { isJsonObject } from '../json';

/**
 * managedFields entries as kube-apiserver keeps them: decoding and encoding FieldsV1, the identity
 * of a manager, their order, and the 409 an apply conflict answers with.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/managedfields/internal/managedfields.go
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/managedfields/internal/conflict.go
 */

/** One manager's entry with its fields decoded. */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  fields: FieldSet;
}

/** Formats a Date as metav1.Time (RFC 3339, whole seconds, UTC). */
export function formatTime(now: Date): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Decodes `metadata.managedFields` (entries it cannot read are dropped). */
export function decodeManagedFields(entries: unknown): ManagerEntry[] {
  if (!Array.isArray(entries)) return [];
  return entries.filter(isJsonObject).map((e) => ({
    manager: typeof e.manager === 'string' ? e.manager : '',
    operation: e.operation === 'Apply' ? 'Apply' : 'Update',
    apiVersion: typeof e.apiVersion === 'string' ? e.apiVersion : '',
    subresource: typeof e.subresource === 'string' && e.subresource ? e.subresource : undefined,
    time: typeof e.time === 'string' ? e.time : undefined,
    fields: FieldSet.fromFieldsV1(e.fieldsV1),
  }));
}

/** True when two entries belong to the same manager (apply entries ignore the apiVersion). */
export function sameManager(
  a: Omit<ManagerEntry, 'fields'>,
  b: Omit<ManagerEntry, 'fields'>,
): boolean {
  return (
    a.manager === b.manager &&
    a.operation === b.operation &&
    (a.subresource ?? '') === (b.subresource ?? '') &&
    (a.operation === 'Apply' || a.apiVersion === b.apiVersion)
  );
}

/** Encodes entries for `metadata.managedFields`: empty ones dropped, sorted as kube sorts them. */
export function encodeManagedFields(entries: ManagerEntry[]): ManagedFieldsEntry[] {
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  return entries
    .filter((e) => !e.fields.isEmpty())
    .sort(
      (p, q) =>
        cmp(p.operation, q.operation) ||
        seconds(p.time) - seconds(q.time) ||
        cmp(p.manager, q.manager) ||
        cmp(p.apiVersion, q.apiVersion) ||
        cmp(p.subresource ?? '', q.subresource ?? ''),
    )
    .map((e) => ({
      manager: e.manager,
      operation: e.operation,
      apiVersion: e.apiVersion,
      ...(e.time ? { time: e.time } : {}),
      fieldsType: 'FieldsV1',
      fieldsV1: e.fields.toFieldsV1(),
      ...(e.subresource ? { subresource: e.subresource } : {}),
    }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A field an apply would take from another manager. */
export interface ApplyConflict {
  /** The other manager's name. */
  manager: string;
  /** Its operation: for `Update` managers kube names the apiVersion they used. */
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  /** The field, as kube prints it: `.spec.replicas`, `.spec.containers[name="web"].image`. */
  field: string;
}

/** Builds the conflict of `entry` over `path`. */
export function conflictOf(entry: ManagerEntry, path: FieldPath): ApplyConflict {
  return {
    manager: entry.manager,
    operation: entry.operation,
    apiVersion: entry.apiVersion,
    subresource: entry.subresource,
    field: formatFieldPath(path),
  };
}

/** `"mgr"`, `"mgr" using apps/v1`, `"mgr" with subresource "status" using v1`: kube's printManager. */
export function describeManager(c: Omit<ApplyConflict, 'field'>): string {
  let s = JSON.stringify(c.manager);
  if (c.subresource) s += ` with subresource ${JSON.stringify(c.subresource)}`;
  if (c.operation === 'Update') s += ` using ${c.apiVersion}`;
  return s;
}

/**
 * The 409 Conflict kube-apiserver answers a conflicting apply with:
 * `Apply failed with 1 conflict: conflict with "mgr" using apps/v1: .spec.replicas`, or for
 * several `Apply failed with 2 conflicts: conflicts with "a":\n- .spec.x\n- .spec.y`; one
 * `FieldManagerConflict` cause per field.
 */
export function newApplyConflictError(conflicts: ApplyConflict[]): StatusError {
  let message: string;
  if (conflicts.length === 1) {
    const c = conflicts[0] as ApplyConflict;
    message = `Apply failed with 1 conflict: conflict with ${describeManager(c)}: ${c.field}`;
  } else {
    const byManager = new Map<string, string[]>();
    for (const c of conflicts) {
      const key = describeManager(c);
      byManager.set(key, [...(byManager.get(key) ?? []), c.field]);
    }
    const lines: string[] = [];
    for (const key of [...byManager.keys()].sort()) {
      lines.push(`conflicts with ${key}:`, ...(byManager.get(key) ?? []).map((f) => `- ${f}`));
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  return new StatusError({
    code: 409,
    reason: StatusReason.Conflict,
    message,
    details: {
      causes: conflicts.map((c) => ({
        reason: 'FieldManagerConflict',
        message: `conflict with ${describeManager(c)}`,
        field: c.field,
      })),
    },
  });
}
