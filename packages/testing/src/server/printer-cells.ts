import { formatLabels, selectorFromLabelSelector, type LabelSelector } from '@kubekit/apimachinery';
import type { Obj } from '../storage/store';

/**
 * The building blocks of the built-in tables (kube's pkg/printers/internalversion): column
 * definitions and the cell formats its printers share.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/printers/internalversion/printers.go
 */

/** A meta.k8s.io/v1 TableColumnDefinition. */
export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  /** 0: always shown; 1: shown by `kubectl get -o wide`. */
  priority: number;
}

/** A meta.k8s.io/v1 TableRowCondition (pods that ran to completion carry one). */
export interface RowCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
}

/** How one kind is printed: its columns and, per object, one cell per column. */
export interface Printer {
  columns: ColumnDefinition[];
  cells(obj: Obj, now: number): unknown[];
  conditions?(obj: Obj): RowCondition[] | undefined;
}

/** A column definition; string-typed, shown by default, unless `options` say otherwise. */
export function column(
  name: string,
  description: string,
  options: { type?: string; format?: string; wide?: boolean } = {},
): ColumnDefinition {
  return {
    name,
    type: options.type ?? 'string',
    format: options.format ?? '',
    description,
    priority: options.wide ? 1 : 0,
  };
}

/** The Name column every built-in table has (first, except for events). */
export const nameColumn = column('Name', 'Name must be unique within a namespace.', {
  format: 'name',
});

/** The Age column: time since metadata.creationTimestamp. */
export const ageColumn = column(
  'Age',
  'CreationTimestamp is a timestamp representing the server time when this object was created.',
);

/** kube's duration.HumanDuration: `45s`, `3m20s`, `2h`, `5d`. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 ? `${m}m${s % 60}s` : `${m}m`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  return d < 365 * 2 ? `${d}d` : `${Math.floor(d / 365)}y`;
}

/** translateTimestampSince: the human duration since `timestamp`, `<unknown>` when unset. */
export function since(timestamp: unknown, now: number): string {
  const t = typeof timestamp === 'string' ? Date.parse(timestamp) : NaN;
  return Number.isNaN(t) ? '<unknown>' : humanDuration(now - t);
}

/** The Age cell of `obj`. */
export function age(obj: Obj, now: number): string {
  return since(obj.metadata?.creationTimestamp, now);
}

/** A list field as an array (absent or malformed: empty). */
export function list(value: unknown): Obj[] {
  return Array.isArray(value) ? (value as Obj[]) : [];
}

/** The number of keys of a map field (absent: 0). */
export function count(value: unknown): number {
  return value && typeof value === 'object' ? Object.keys(value).length : 0;
}

/** A label map as `a=b,c=d` (sorted), `<none>` when empty. */
export function labelMap(value: unknown): string {
  return formatLabels(value && typeof value === 'object' ? (value as Record<string, string>) : {});
}

/**
 * metav1.LabelSelectorAsSelector(...).String(): `<none>` for no selector, empty for an empty one.
 * Stored selectors passed validation, so they parse.
 */
export function selectorText(selector: unknown): string {
  if (!selector || typeof selector !== 'object') return '<none>';
  return selectorFromLabelSelector(selector as LabelSelector).toString();
}

/** The Containers, Images and Selector columns of the workload kinds (`-o wide`). */
export const podTemplateColumns = [
  column('Containers', 'Names of each container in the template.', { wide: true }),
  column('Images', 'Images referenced by each container in the template.', { wide: true }),
];

/** layoutContainerCells: container names and images of a pod template, comma-separated. */
export function containerCells(template: Obj | undefined): [string, string] {
  const containers = list(template?.spec?.containers);
  return [
    containers.map((c) => String(c.name ?? '')).join(','),
    containers.map((c) => String(c.image ?? '')).join(','),
  ];
}

/** The first address of `type` in a node's status, `<none>` when it has none. */
export function nodeAddress(node: Obj, type: string): string {
  const found = list(node.status?.addresses).find((a) => a.type === type);
  return found ? String(found.address ?? '') : '<none>';
}

/** True when `conditions` hold one of `type` with status True. */
export function hasTrueCondition(conditions: unknown, type: string): boolean {
  return list(conditions).some((c) => c.type === type && c.status === 'True');
}

/** An int-or-string field as kube prints it (`N/A` when unset). */
export function intOrString(value: unknown): string {
  return value === undefined || value === null ? 'N/A' : String(value);
}

/** A number field (absent: 0). */
export function int(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}
