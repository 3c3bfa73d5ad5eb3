/**
 * The resources of OpenAPI v3 documents, as discovery would list them: each path's resource,
 * scope, verbs and subresources, with short names, categories and singular names taken from a
 * discovery document when one is given (OpenAPI does not carry them).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/apis/meta/v1/types.go (APIResourceList)
 * @packageDocumentation
 */
import { CodegenError } from './codegen-error';
import type { OpenApiOperation, OpenApiSpec } from './openapi-document';

/** One resource or subresource of a group version (an APIResource of discovery). */
export interface ApiResource {
  /** `pods`, or `pods/status` for a subresource. */
  name: string;
  /** Lower-case singular; `''` for subresources. */
  singularName: string;
  namespaced: boolean;
  kind: string;
  /** For subresources of another group version (`deployments/scale` is autoscaling/v1 Scale). */
  group?: string;
  version?: string;
  /** Sorted. */
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

/** The resources of one group version (an APIResourceList of discovery). */
export interface ApiResourceList {
  /** `v1`, `apps/v1`. */
  groupVersion: string;
  resources: ApiResource[];
}

const actionVerbs: Record<string, string> = {
  get: 'get',
  list: 'list',
  watch: 'watch',
  watchlist: 'watch',
  post: 'create',
  put: 'update',
  patch: 'patch',
  delete: 'delete',
  deletecollection: 'deletecollection',
};
const connectVerbs: Record<string, string> = {
  get: 'get',
  post: 'create',
  put: 'update',
  delete: 'delete',
  patch: 'patch',
};

interface Collected {
  name: string;
  namespaced: boolean;
  verbs: Set<string>;
  kind: OpenApiOperation['gvk'];
}

/** `/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale` -> its group version and the rest. */
function splitPath(path: string): { groupVersion: string; rest: string[] } | undefined {
  const segs = path.split('/').filter(Boolean);
  if (segs[0] === 'api' && segs.length >= 2) return { groupVersion: segs[1]!, rest: segs.slice(2) };
  if (segs[0] === 'apis' && segs.length >= 3)
    return { groupVersion: `${segs[1]}/${segs[2]}`, rest: segs.slice(3) };
  return undefined;
}

/**
 * The APIResourceLists of the operations of `spec`, sorted by group version and name: what
 * `/api/v1` and `/apis/<group>/<version>` would serve, but for short names and categories.
 */
export function resourcesFromPaths(spec: OpenApiSpec): ApiResourceList[] {
  const byGv = new Map<string, Map<string, Collected>>();
  for (const op of spec.operations) {
    const split = splitPath(op.path);
    if (!split) continue;
    let rest = split.rest[0] === 'watch' ? split.rest.slice(1) : split.rest;
    let namespaced = false;
    if (rest[0] === 'namespaces' && rest[1] === '{namespace}' && rest.length > 2) {
      namespaced = true;
      rest = rest.slice(2);
    }
    if (rest.length === 0) continue;
    const verb = op.action === 'connect' ? connectVerbs[op.method] : actionVerbs[op.action];
    if (!verb) continue;
    const name = rest.length >= 3 ? `${rest[0]}/${rest[2]}` : rest[0]!;
    const resources = byGv.get(split.groupVersion) ?? new Map<string, Collected>();
    const r = resources.get(name) ?? { name, namespaced, verbs: new Set(), kind: undefined };
    r.verbs.add(verb);
    r.namespaced ||= namespaced;
    if (rest.length < 3 || !rest.includes('{path}')) r.kind ??= op.gvk;
    resources.set(name, r);
    byGv.set(split.groupVersion, resources);
  }
  return [...byGv.entries()]
    .sort(([a], [b]) => cmpGv(a, b))
    .map(([groupVersion, resources]) => {
      const [group, version] = groupVersion.includes('/')
        ? groupVersion.split('/')
        : ['', groupVersion];
      const list: ApiResource[] = [];
      for (const r of [...resources.values()].sort((a, b) => cmp(a.name, b.name))) {
        const sub = r.name.includes('/');
        const parent = sub ? resources.get(r.name.split('/')[0]!) : r;
        const kind = r.kind?.kind ?? parent?.kind?.kind;
        if (!kind) continue;
        const entry: ApiResource = {
          name: r.name,
          singularName: sub ? '' : kind.toLowerCase(),
          namespaced: parent?.namespaced ?? r.namespaced,
          kind,
          verbs: [...r.verbs].sort(),
        };
        if (sub && r.kind && (r.kind.group !== group || r.kind.version !== version)) {
          entry.group = r.kind.group;
          entry.version = r.kind.version;
        }
        list.push(entry);
      }
      return { groupVersion, resources: list };
    });
}

/**
 * `lists` with the verbs, short names, categories and singular names of `discovery`
 * (APIResourceLists as the server serves them); resources discovery does not list keep what
 * the paths say.
 *
 * @throws {@link CodegenError} `InvalidOpenApi` when `discovery` is not a list of APIResourceLists.
 */
export function withDiscovery(
  lists: ApiResourceList[],
  discovery: unknown,
  source = 'discovery',
): ApiResourceList[] {
  if (!Array.isArray(discovery))
    throw new CodegenError('InvalidOpenApi', 'discovery must be a list of APIResourceLists', {
      file: source,
    });
  const known = new Map<string, Record<string, unknown>>();
  discovery.forEach((l: unknown, i) => {
    const list = l as { groupVersion?: unknown; resources?: unknown };
    if (typeof list?.groupVersion !== 'string' || !Array.isArray(list.resources))
      throw new CodegenError(
        'InvalidOpenApi',
        'an APIResourceList needs groupVersion and resources',
        { file: source, path: `[${i}]` },
      );
    for (const r of list.resources as Record<string, unknown>[])
      known.set(`${list.groupVersion} ${String(r?.name)}`, r);
  });
  const strings = (v: unknown) =>
    Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')
      ? [...(v as string[])]
      : undefined;
  return lists.map((l) => ({
    groupVersion: l.groupVersion,
    resources: l.resources.map((r) => {
      const d = known.get(`${l.groupVersion} ${r.name}`);
      if (!d) return r;
      const out: ApiResource = { ...r };
      if (typeof d.singularName === 'string' && d.singularName) out.singularName = d.singularName;
      const verbs = strings(d.verbs);
      if (verbs) out.verbs = verbs.sort();
      const shortNames = strings(d.shortNames);
      const categories = strings(d.categories);
      if (shortNames) out.shortNames = shortNames;
      if (categories) out.categories = categories;
      return out;
    }),
  }));
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
/** Core first, then by group version. */
const cmpGv = (a: string, b: string): number =>
  (a.includes('/') ? 1 : 0) - (b.includes('/') ? 1 : 0) || cmp(a, b);
