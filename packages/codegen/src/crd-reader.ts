/**
 * Reads CustomResourceDefinitions (apiextensions.k8s.io/v1) into the generation model: one
 * group version per served version, with types from each version's openAPIV3Schema.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apis/apiextensions/v1/types.go
 * @packageDocumentation
 */
import { compareKubeAwareVersions } from '@kubekit/apimachinery';
import { CodegenError, type CodegenErrorLocation } from './codegen-error';
import type { GroupVersionModel, ResourceModel } from './model';
import { SchemaTypes } from './schema-types';
import type { YamlDocument } from './yaml-documents';

interface ServedKind {
  resource: ResourceModel;
  schema: unknown;
  loc: CodegenErrorLocation & { path: string };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Builds one {@link GroupVersionModel} per served group version of the CRDs in `documents`
 * (empty documents are skipped).
 *
 * @throws {@link CodegenError} `NotACrd`, `InvalidCrd`, `MissingSchema`, `Unsupported` or
 *   `Conflict`, naming the file, document index and JSON path.
 */
export function groupVersionsFromCrds(documents: readonly YamlDocument[]): GroupVersionModel[] {
  const byGroupVersion = new Map<string, { group: string; version: string; kinds: ServedKind[] }>();
  for (const doc of documents) {
    if (doc.value === null || doc.value === undefined) continue;
    for (const served of servedKinds(doc)) {
      const { group, version } = served;
      const key = `${group}/${version}`;
      const entry = byGroupVersion.get(key) ?? { group, version, kinds: [] };
      const clash = entry.kinds.find((k) => k.resource.kind === served.kind.resource.kind);
      if (clash)
        throw new CodegenError(
          'Conflict',
          `kind ${served.kind.resource.kind} of ${key} is also defined in ${clash.loc.file}, document ${clash.loc.documentIndex}`,
          served.kind.loc,
        );
      entry.kinds.push(served.kind);
      byGroupVersion.set(key, entry);
    }
  }
  return [...byGroupVersion.values()]
    .sort((a, b) => cmp(a.group, b.group) || compareKubeAwareVersions(b.version, a.version))
    .map(({ group, version, kinds }) => {
      kinds.sort((a, b) => cmp(a.resource.kind, b.resource.kind));
      const types = new SchemaTypes();
      for (const k of kinds) {
        types.reserve(k.resource.kind);
        types.reserve(k.resource.listKind);
      }
      for (const k of kinds) types.addKind(k.resource.kind, k.resource.listKind, k.schema, k.loc);
      return {
        group,
        version,
        resources: kinds.map((k) => k.resource),
        types: { declarations: types.source() },
      };
    });
}

function servedKinds(doc: YamlDocument): { group: string; version: string; kind: ServedKind }[] {
  const loc = (path: string): CodegenErrorLocation & { path: string } => ({
    file: doc.file,
    documentIndex: doc.index,
    path,
  });
  const crd = doc.value;
  if (!isRecord(crd) || crd.kind !== 'CustomResourceDefinition')
    throw new CodegenError('NotACrd', 'not a CustomResourceDefinition', loc('kind'));
  if (crd.apiVersion !== 'apiextensions.k8s.io/v1')
    throw new CodegenError(
      'NotACrd',
      `apiVersion ${JSON.stringify(crd.apiVersion)} is not supported: convert the CRD to apiextensions.k8s.io/v1`,
      loc('apiVersion'),
    );
  const spec = crd.spec;
  if (!isRecord(spec)) throw new CodegenError('InvalidCrd', 'spec is required', loc('spec'));
  const group = requiredString(spec.group, loc('spec.group'));
  const names = spec.names;
  if (!isRecord(names))
    throw new CodegenError('InvalidCrd', 'spec.names is required', loc('spec.names'));
  const kind = requiredString(names.kind, loc('spec.names.kind'));
  if (!/^[A-Z][A-Za-z0-9]*$/.test(kind))
    throw new CodegenError(
      'InvalidCrd',
      `kind ${JSON.stringify(kind)} must be CamelCase`,
      loc('spec.names.kind'),
    );
  const plural = requiredString(names.plural, loc('spec.names.plural'));
  const scope = spec.scope;
  if (scope !== 'Namespaced' && scope !== 'Cluster')
    throw new CodegenError('InvalidCrd', 'scope must be Namespaced or Cluster', loc('spec.scope'));
  if (!Array.isArray(spec.versions) || spec.versions.length === 0)
    throw new CodegenError(
      'InvalidCrd',
      'spec.versions must list at least one version',
      loc('spec.versions'),
    );
  const shortNames = Array.isArray(names.shortNames) ? names.shortNames.map(String).sort() : [];
  return spec.versions.flatMap((v: unknown, i: number) => {
    const at = (p: string) => loc(`spec.versions[${i}]${p}`);
    if (!isRecord(v)) throw new CodegenError('InvalidCrd', 'a version must be an object', at(''));
    const version = requiredString(v.name, at('.name'));
    if (v.served !== true) return [];
    const schema = isRecord(v.schema) ? v.schema.openAPIV3Schema : undefined;
    if (!isRecord(schema))
      throw new CodegenError(
        'MissingSchema',
        `served version ${version} has no schema.openAPIV3Schema`,
        at('.schema.openAPIV3Schema'),
      );
    const subresources = isRecord(v.subresources)
      ? ['status', 'scale'].filter((s) => isRecord((v.subresources as Record<string, unknown>)[s]))
      : [];
    const listKind = typeof names.listKind === 'string' ? names.listKind : `${kind}List`;
    return [
      {
        group,
        version,
        kind: {
          resource: {
            kind,
            plural,
            singular: typeof names.singular === 'string' ? names.singular : kind.toLowerCase(),
            listKind,
            namespaced: scope === 'Namespaced',
            shortNames,
            subresources: subresources.sort(),
            typeName: kind,
            listTypeName: listKind,
            clientClass: 'ResourceClient',
          },
          schema,
          loc: at('.schema.openAPIV3Schema'),
        },
      },
    ];
  });
}

function requiredString(value: unknown, loc: CodegenErrorLocation): string {
  if (typeof value !== 'string' || value === '')
    throw new CodegenError('InvalidCrd', 'a non-empty string is required', loc);
  return value;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
