import { findJsonPath } from './jsonpath';
import type { PrinterColumn, ResourceDef } from '../storage/resource-def';
import type { Obj } from '../storage/store';

/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), which
 * `kubectl get` asks for: Name and Age for every resource, a CRD's additionalPrinterColumns,
 * and a Status column for pods.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/registry/rest/table.go
 */

/** True when an Accept header asks for a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

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

interface Column {
  def: { name: string; type: string; format: string; description: string; priority: number };
  cell(obj: Obj, now: number): unknown;
}

const nameColumn: Column = {
  def: {
    name: 'Name',
    type: 'string',
    format: 'name',
    description: 'Name must be unique within a namespace.',
    priority: 0,
  },
  cell: (o) => o.metadata?.name ?? '',
};

const ageColumn: Column = {
  def: {
    name: 'Age',
    type: 'string',
    format: '',
    description:
      'CreationTimestamp is a timestamp representing the server time when this object was created.',
    priority: 0,
  },
  cell: (o, now) =>
    o.metadata?.creationTimestamp
      ? humanDuration(now - Date.parse(String(o.metadata.creationTimestamp)))
      : '<unknown>',
};

/**
 * One printer-column cell, as the apiextensions table convertor builds it: the first value the
 * column's JSONPath selects (null when none, or when the path fails, e.g. an index out of
 * range), printed as text for `string` columns and kept typed for the others.
 */
function jsonPathCell(col: PrinterColumn, obj: Obj, now: number): unknown {
  let v: unknown;
  try {
    v = findJsonPath(obj, col.jsonPath)[0];
  } catch {
    return null;
  }
  if (v === undefined || v === null) return null;
  switch (col.type) {
    case 'date':
      return typeof v === 'string' ? humanDuration(now - Date.parse(v)) : null;
    case 'integer':
      return Number.isInteger(v) ? v : null;
    case 'number':
      return typeof v === 'number' ? v : null;
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    default:
      return typeof v === 'object' ? JSON.stringify(v) : String(v);
  }
}

function columnsFor(def: ResourceDef, version: string): Column[] {
  const printer = def.versions.find((v) => v.name === version)?.printerColumns;
  if (printer?.length) {
    return [
      nameColumn,
      ...printer.map((c) => ({
        def: {
          name: c.name,
          type: c.type === 'date' ? 'date' : c.type,
          format: c.format ?? '',
          description: c.description ?? '',
          priority: c.priority ?? 0,
        },
        cell: (o: Obj, now: number) => jsonPathCell(c, o, now),
      })),
    ];
  }
  if (def.podSubresources) {
    return [
      nameColumn,
      {
        def: {
          name: 'Status',
          type: 'string',
          format: '',
          description: 'The aggregate state of the pod.',
          priority: 0,
        },
        cell: (o) => (o.metadata?.deletionTimestamp ? 'Terminating' : (o.status?.phase ?? '')),
      },
      ageColumn,
    ];
  }
  return [nameColumn, ageColumn];
}

function rowObject(obj: Obj, include: string): unknown {
  if (include === 'None') return undefined;
  if (include === 'Object') return obj;
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

/** A Table of `objects` for `def` at `version`; `includeObject` is None, Metadata (default) or Object. */
export function toTable(
  def: ResourceDef,
  version: string,
  objects: Obj[],
  meta: object,
  includeObject: string,
  now: number,
): object {
  const cols = columnsFor(def, version);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: meta,
    columnDefinitions: cols.map((c) => c.def),
    rows: objects.map((o) => ({
      cells: cols.map((c) => c.cell(o, now)),
      object: rowObject(o, includeObject),
    })),
  };
}
