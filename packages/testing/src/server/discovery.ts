import { apiVersionOf, type ResourceDef } from '../storage/resource-def';
import type { Registry } from './registry';

/**
 * The discovery documents exactly as kube-apiserver shapes them: /version, /api (APIVersions),
 * /apis (APIGroupList), /apis/{group} (APIGroup) and the per-version APIResourceList with verbs,
 * short names, categories and subresources.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/endpoints/discovery
 */

const allVerbs = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

/** The build information `/version` returns; `gitVersion` selects kubectl's dispatch version. */
export function versionInfo(gitVersion: string): Record<string, string> {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  return {
    major: m?.[1] ?? '1',
    minor: m?.[2] ?? '33',
    gitVersion,
    gitCommit: '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: '2026-01-01T00:00:00Z',
    goVersion: 'go1.24.0',
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** `/api`: the core group's versions. */
export function apiVersions(serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupDoc(name: string, versions: string[]): object {
  const gvs = versions.map((v) => ({ groupVersion: `${name}/${v}`, version: v }));
  return { name, versions: gvs, preferredVersion: gvs[0] };
}

/** `/apis`: every named group with its versions, preferred first. */
export function apiGroupList(registry: Registry): object {
  const groups = registry
    .groups()
    .filter((g) => g.name !== '')
    .map((g) => groupDoc(g.name, g.versions));
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

/** `/apis/{group}`, or undefined when the group is not served. */
export function apiGroup(registry: Registry, group: string): object | undefined {
  const g = registry.groups().find((x) => x.name === group && group !== '');
  return g ? { kind: 'APIGroup', apiVersion: 'v1', ...groupDoc(g.name, g.versions) } : undefined;
}

function resourceEntries(def: ResourceDef): object[] {
  const main: Record<string, unknown> = {
    name: def.resource,
    singularName: def.singular,
    namespaced: def.namespaced,
    kind: def.kind,
    verbs:
      def.deleteCollection === false ? allVerbs.filter((v) => v !== 'deletecollection') : allVerbs,
  };
  if (def.shortNames?.length) main.shortNames = def.shortNames;
  if (def.categories?.length) main.categories = def.categories;
  const sub = (name: string, kind: string, verbs: string[], extra: object = {}): object => ({
    name: `${def.resource}/${name}`,
    singularName: '',
    namespaced: def.namespaced,
    kind,
    verbs,
    ...extra,
  });
  const out: object[] = [main];
  const isNamespace = def.group === '' && def.resource === 'namespaces';
  if (isNamespace) out.push(sub('finalize', def.kind, ['update']));
  if (def.podSubresources) {
    out.push(sub('binding', 'Binding', ['create']));
    out.push(sub('eviction', 'Eviction', ['create'], { group: 'policy', version: 'v1' }));
    out.push(sub('log', 'Pod', ['get']));
  }
  if (def.scale)
    out.push(
      sub('scale', 'Scale', ['get', 'patch', 'update'], { group: 'autoscaling', version: 'v1' }),
    );
  if (def.status) out.push(sub('status', def.kind, ['get', 'patch', 'update']));
  return out;
}

/** `/api/v1` or `/apis/{group}/{version}`, or undefined when that version is not served. */
export function apiResourceList(
  registry: Registry,
  group: string,
  version: string,
): object | undefined {
  const resources: object[] = [];
  let served = false;
  for (const def of registry.all()) {
    if (def.group !== group || !def.versions.some((v) => v.name === version)) continue;
    served = true;
    resources.push(...resourceEntries(def));
  }
  if (!served) return undefined;
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: apiVersionOf(group, version),
    resources,
  };
}
