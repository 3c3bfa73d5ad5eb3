import {
  isNotFound,
  type GroupVersion,
  type GroupVersionKind,
  type GroupVersionResource,
} from '@kubekit/apimachinery';
import { LRUCache } from 'lru-cache';
import type { CallOptions } from './meta-options';
import type { RESTClient } from './rest-client';
import { DiscoveryError } from './discovery-error';

/** The build of the API server (`GET /version`). */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  gitTreeState?: string;
  buildDate?: string;
  goVersion?: string;
  compiler?: string;
  platform?: string;
}

/** One version of an API group. */
export interface GroupVersionForDiscovery {
  /** `group/version`, or just `version` for the core group. */
  groupVersion: string;
  version: string;
}

/** An API group and its served versions. The core group's name is `''`. */
export interface APIGroup {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion?: GroupVersionForDiscovery;
}

/** The groups an API server serves (`GET /apis`, plus the core group from `GET /api`). */
export interface APIGroupList {
  kind?: 'APIGroupList';
  apiVersion?: string;
  groups: APIGroup[];
}

/** One resource (or subresource, `pods/status`) of a group-version. */
export interface APIResource {
  /** The plural resource name, `name/subresource` for subresources. */
  name: string;
  singularName: string;
  namespaced: boolean;
  kind: string;
  verbs: string[];
  group?: string;
  version?: string;
  shortNames?: string[];
  categories?: string[];
}

/** The resources of one group-version (`GET /api/v1`, `GET /apis/<group>/<version>`). */
export interface APIResourceList {
  kind?: 'APIResourceList';
  apiVersion?: string;
  groupVersion: string;
  resources: APIResource[];
}

/** What {@link DiscoveryClient.resourceFor} found for a kind. */
export interface ResourceMapping {
  resource: GroupVersionResource;
  namespaced: boolean;
  apiResource: APIResource;
}

/** Options of {@link DiscoveryClient}. */
export interface DiscoveryClientOptions {
  /** How long answers are cached, in ms. Default: until {@link DiscoveryClient.invalidate}. */
  ttlMs?: number;
  /** How many answers are cached at most (one per group-version). Default 1000. */
  maxEntries?: number;
}

function gvPath(gv: GroupVersion): string {
  return gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`;
}

/** `apps/v1` -> { group: 'apps', version: 'v1' }; `v1` -> the core group. */
function parseGroupVersion(gv: string | GroupVersion): GroupVersion {
  if (typeof gv !== 'string') return gv;
  const slash = gv.indexOf('/');
  return slash < 0
    ? { group: '', version: gv }
    : { group: gv.slice(0, slash), version: gv.slice(slash + 1) };
}

/**
 * Asks the API server what it serves: its version, its API groups and the resources of each
 * group-version, and maps kinds to resources. Answers are cached (an LRU, optionally with a
 * TTL) and concurrent identical requests share one call; errors are not cached.
 *
 * Caveat: uses the classic discovery endpoints, not aggregated discovery (apidiscovery.k8s.io).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/discovery/discovery_client.go
 */
export class DiscoveryClient {
  readonly #client: RESTClient;
  readonly #cache: LRUCache<string, Promise<unknown>>;

  constructor(client: RESTClient, options: DiscoveryClientOptions = {}) {
    this.#client = client;
    this.#cache = new LRUCache<string, Promise<unknown>>({
      max: options.maxEntries ?? 1000,
      ...(options.ttlMs ? { ttl: options.ttlMs } : {}),
    });
  }

  #get<T>(path: string, options: CallOptions): Promise<T> {
    const hit = this.#cache.get(path);
    if (hit) return hit as Promise<T>;
    const request = this.#client.get().absPath(path).signal(options.signal);
    if (options.timeoutMs !== undefined) request.timeout(options.timeoutMs);
    const answer = request.do<T>();
    this.#cache.set(path, answer);
    answer.catch(() => {
      if (this.#cache.peek(path) === answer) this.#cache.delete(path);
    });
    return answer;
  }

  /** Forgets every cached answer (call after installing CRDs or API services). */
  invalidate(): void {
    this.#cache.clear();
  }

  /** The server's version (`GET /version`). */
  serverVersion(options: CallOptions = {}): Promise<VersionInfo> {
    return this.#get<VersionInfo>('/version', options);
  }

  /** Every API group, the core group (`''`) first. */
  async serverGroups(options: CallOptions = {}): Promise<APIGroupList> {
    const [core, groups] = await Promise.all([
      this.#get<{ versions: string[] }>('/api', options),
      this.#get<APIGroupList>('/apis', options),
    ]);
    const versions = core.versions.map((version) => ({ groupVersion: version, version }));
    const coreGroup: APIGroup = {
      name: '',
      versions,
      ...(versions[0] ? { preferredVersion: versions[0] } : {}),
    };
    return {
      kind: 'APIGroupList',
      apiVersion: 'v1',
      groups: [coreGroup, ...(groups.groups ?? [])],
    };
  }

  /** The resources of one group-version, e.g. `'apps/v1'` or `{ group: '', version: 'v1' }`. */
  serverResourcesForGroupVersion(
    groupVersion: string | GroupVersion,
    options: CallOptions = {},
  ): Promise<APIResourceList> {
    return this.#get<APIResourceList>(gvPath(parseGroupVersion(groupVersion)), options);
  }

  /**
   * The resource that serves `gvk` (subresources excluded), looked up through discovery. A
   * cached answer that lacks the kind is refreshed once before giving up, so a CRD installed
   * after the first lookup is found.
   *
   * Errors: DiscoveryError `NoKindMatch` when no resource serves the kind (also when the
   * group-version does not exist); StatusError for other API errors.
   */
  async resourceFor(gvk: GroupVersionKind, options: CallOptions = {}): Promise<ResourceMapping> {
    const path = gvPath(gvk);
    for (let attempt = 0; attempt < 2; attempt++) {
      if (attempt > 0) this.#cache.delete(path);
      let list: APIResourceList;
      try {
        list = await this.serverResourcesForGroupVersion(gvk, options);
      } catch (err) {
        // errors are never cached, so a 404 is fresh: the group-version is not served
        if (isNotFound(err)) throw new DiscoveryError('NoKindMatch', gvk, { cause: err });
        throw err;
      }
      const apiResource = list.resources.find((r) => r.kind === gvk.kind && !r.name.includes('/'));
      if (apiResource)
        return {
          resource: { group: gvk.group, version: gvk.version, resource: apiResource.name },
          namespaced: apiResource.namespaced,
          apiResource,
        };
    }
    throw new DiscoveryError('NoKindMatch', gvk);
  }
}
