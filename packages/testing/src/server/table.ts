import { findJsonPath } from './jsonpath';
import { corePrinters, eventsV1Printer } from './core-printers';
import { podPrinter } from './pod-printer';
import { workloadPrinters } from './workload-printers';
import {
  age,
  ageColumn,
  humanDuration,
  nameColumn,
  type ColumnDefinition,
  type Printer,
} from './printer-cells';
import type { PrinterColumn, ResourceDef } from '../storage/resource-def';
import type { Obj } from '../storage/store';

/**
 * Server-side printing (`Accept: application/json;as=Table;g=meta.k8s.io;v=v1`), which
 * `kubectl get` asks for: the columns of kube's built-in printers for the kinds kubectl users
 * list (pods, nodes, services, events, config maps, secrets, workloads, ...), a CRD's
 * additionalPrinterColumns, and Name and Age for every other resource.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/registry/rest/table.go
 */

/** True when an Accept header asks for a meta.k8s.io Table. */
export function wantsTable(accept: string | undefined): boolean {
  return !!accept && /as=Table/.test(accept) && /g=meta\.k8s\.io/.test(accept);
}

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
      return typeof v === 'object' ? JSON.stringify(v, sortedKeys) : String(v);
  }
}

/** A JSON.stringify replacer that writes object keys sorted, as Go's encoding/json does for maps. */
function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** A CRD version's additionalPrinterColumns, after the Name column. */
function customPrinter(printer: PrinterColumn[]): Printer {
  const columns: ColumnDefinition[] = printer.map((c) => ({
    name: c.name,
    type: c.type,
    format: c.format ?? '',
    description: c.description ?? '',
    priority: c.priority ?? 0,
  }));
  return {
    columns: [nameColumn, ...columns],
    cells: (o, now) => [o.metadata?.name ?? '', ...printer.map((c) => jsonPathCell(c, o, now))],
  };
}

/** Name and Age: what kube-apiserver prints for a kind without a printer of its own. */
const defaultPrinter: Printer = {
  columns: [nameColumn, ageColumn],
  cells: (o, now) => [o.metadata?.name ?? '', age(o, now)],
};

function builtinPrinter(def: ResourceDef): Printer | undefined {
  if (def.group === '') return def.resource === 'pods' ? podPrinter : corePrinters[def.resource];
  if (def.group === 'events.k8s.io' && def.resource === 'events') return eventsV1Printer;
  return workloadPrinters[`${def.group}/${def.resource}`];
}

function printerFor(def: ResourceDef, version: string): Printer {
  const printer = def.versions.find((v) => v.name === version)?.printerColumns;
  if (printer?.length) return customPrinter(printer);
  return (!def.crdName && builtinPrinter(def)) || defaultPrinter;
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
  const printer = printerFor(def, version);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: meta,
    columnDefinitions: printer.columns,
    rows: objects.map((o) => {
      const conditions = printer.conditions?.(o);
      return {
        cells: printer.cells(o, now),
        ...(conditions ? { conditions } : {}),
        object: rowObject(o, includeObject),
      };
    }),
  };
}
