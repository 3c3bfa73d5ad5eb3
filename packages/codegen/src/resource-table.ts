/**
 * Resource tables: the small YAML file a clientset for existing model types is generated from
 * (how @kubekit/clientset is made from @kubernetes/client-node's models).
 *
 * ```yaml
 * runtime: ../runtime                 # where ResourceClient & co. come from (default @kubekit/clientset)
 * models: '@kubernetes/client-node'   # where the model types come from (imported as types only)
 * resources:
 *   - { group: '', version: v1, kind: Pod, plural: pods, namespaced: true,
 *       subresources: [status], model: V1Pod, listModel: V1PodList, client: PodClient, shortNames: [po] }
 * ```
 * @packageDocumentation
 */
import { compareKubeAwareVersions } from '@kubekit/apimachinery';
import { CodegenError, type CodegenErrorLocation } from './codegen-error';
import type { GroupVersionModel, ResourceModel } from './model';
import type { YamlDocument } from './yaml-documents';

/** One row of a resource table. */
export interface ResourceTableRow {
  /** `''` for the core group. */
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
  /** `status`, `scale`. */
  subresources?: string[];
  /** The TypeScript type of the objects, exported by the table's `models` module. */
  model: string;
  /** The TypeScript type of lists; default `KubeList<model>`. */
  listModel?: string;
  /** The runtime client class (default `ResourceClient`; `PodClient` for pods). */
  client?: string;
  singular?: string;
  listKind?: string;
  shortNames?: string[];
}

/** A resource table. */
export interface ResourceTable {
  /** The module of the clientset runtime (default `@kubekit/clientset`). */
  runtime?: string;
  /** The module the model types are imported from (as types only). */
  models: string;
  resources: ResourceTableRow[];
}

const knownSubresources = new Set(['status', 'scale']);
const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The validated table of the one document in `documents`. @throws {@link CodegenError} `InvalidTable`. */
export function readResourceTable(documents: readonly YamlDocument[]): ResourceTable {
  const docs = documents.filter((d) => d.value !== null && d.value !== undefined);
  const doc = docs[0];
  if (!doc || docs.length > 1)
    throw new CodegenError('InvalidTable', 'a resource table is exactly one YAML document', {
      file: documents[0]?.file,
    });
  const loc = (path: string): CodegenErrorLocation => ({
    file: doc.file,
    documentIndex: doc.index,
    path,
  });
  const t = doc.value as Record<string, unknown>;
  if (typeof t !== 'object' || Array.isArray(t))
    throw new CodegenError('InvalidTable', 'a resource table is a mapping', loc(''));
  const str = (v: unknown, path: string, allowEmpty = false): string => {
    if (typeof v !== 'string' || (!allowEmpty && v === ''))
      throw new CodegenError('InvalidTable', 'a string is required', loc(path));
    return v;
  };
  const ident = (v: unknown, path: string): string => {
    const s = str(v, path);
    if (!identifier.test(s))
      throw new CodegenError(
        'InvalidTable',
        `${JSON.stringify(s)} is not a TypeScript identifier`,
        loc(path),
      );
    return s;
  };
  const strings = (v: unknown, path: string): string[] | undefined => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v))
      throw new CodegenError('InvalidTable', 'a list of strings is required', loc(path));
    return v.map((s, i) => str(s, `${path}[${i}]`));
  };
  if (!Array.isArray(t.resources) || t.resources.length === 0)
    throw new CodegenError(
      'InvalidTable',
      'resources must list at least one resource',
      loc('resources'),
    );
  const resources = t.resources.map((r: unknown, i: number): ResourceTableRow => {
    const p = (f: string) => `resources[${i}].${f}`;
    if (typeof r !== 'object' || r === null)
      throw new CodegenError('InvalidTable', 'a row is a mapping', loc(`resources[${i}]`));
    const row = r as Record<string, unknown>;
    if (typeof row.namespaced !== 'boolean')
      throw new CodegenError(
        'InvalidTable',
        'namespaced must be true or false',
        loc(p('namespaced')),
      );
    const subresources = strings(row.subresources, p('subresources'));
    subresources?.forEach((s, j) => {
      if (!knownSubresources.has(s))
        throw new CodegenError(
          'InvalidTable',
          `unknown subresource ${JSON.stringify(s)} (status, scale)`,
          loc(`${p('subresources')}[${j}]`),
        );
    });
    return {
      group: str(row.group, p('group'), true),
      version: str(row.version, p('version')),
      kind: ident(row.kind, p('kind')),
      plural: str(row.plural, p('plural')),
      namespaced: row.namespaced,
      subresources,
      model: ident(row.model, p('model')),
      listModel: row.listModel === undefined ? undefined : ident(row.listModel, p('listModel')),
      client: row.client === undefined ? undefined : ident(row.client, p('client')),
      singular: row.singular === undefined ? undefined : str(row.singular, p('singular')),
      listKind: row.listKind === undefined ? undefined : ident(row.listKind, p('listKind')),
      shortNames: strings(row.shortNames, p('shortNames')),
    };
  });
  return {
    runtime: t.runtime === undefined ? undefined : str(t.runtime, 'runtime'),
    models: str(t.models, 'models'),
    resources,
  };
}

/** The group versions of a table, sorted; rows keep their kinds sorted. @throws {@link CodegenError} `Conflict`. */
export function groupVersionsFromTable(table: ResourceTable, file?: string): GroupVersionModel[] {
  const byGv = new Map<string, GroupVersionModel>();
  table.resources.forEach((row, i) => {
    const key = `${row.group}/${row.version}`;
    const gv = byGv.get(key) ?? {
      group: row.group,
      version: row.version,
      resources: [],
      types: { module: table.models },
    };
    if (gv.resources.some((r) => r.kind === row.kind || r.plural === row.plural))
      throw new CodegenError('Conflict', `${row.kind} (${row.plural}) is listed twice in ${key}`, {
        file,
        path: `resources[${i}]`,
      });
    const resource: ResourceModel = {
      kind: row.kind,
      plural: row.plural,
      singular: row.singular ?? row.kind.toLowerCase(),
      listKind: row.listKind ?? `${row.kind}List`,
      namespaced: row.namespaced,
      shortNames: [...(row.shortNames ?? [])].sort(),
      subresources: [...(row.subresources ?? [])].sort(),
      typeName: row.model,
      listTypeName: row.listModel,
      clientClass: row.client ?? 'ResourceClient',
    };
    gv.resources.push(resource);
    byGv.set(key, gv);
  });
  return [...byGv.values()]
    .sort((a, b) => cmp(a.group, b.group) || compareKubeAwareVersions(b.version, a.version))
    .map((gv) => ({ ...gv, resources: gv.resources.sort((a, b) => cmp(a.kind, b.kind)) }));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
