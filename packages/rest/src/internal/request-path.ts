import type { GroupVersion } from '@kubekit/apimachinery';
import type { RequestSpec } from '../request';

/**
 * The paths of one client's requests, below the server URL's own path (client-go's
 * Request.URL): `<base>/api/v1` or `<base>/apis/<group>/<version>` (or an absPath), then the
 * namespace, resource, name and subresource segments, each percent-encoded, then the query.
 */
export class RequestPaths {
  readonly #basePath: string;
  /** The group root built last, and the group version it was built for. */
  #root: { group: string | undefined; version: string; path: string } = {
    group: undefined,
    version: '',
    path: '',
  };

  constructor(basePath: string) {
    this.#basePath = basePath;
  }

  /** The path and query string `spec` addresses, with `params` as its query. */
  of(spec: RequestSpec, params: readonly [string, string][]): string {
    const abs = spec.absPath;
    let path =
      abs === undefined
        ? this.#rootOf(spec.groupVersion)
        : abs === ''
          ? this.#basePath || '/'
          : this.#basePath + abs;
    const { namespace, resource, name, subresource } = spec;
    if (namespace || resource || name || subresource.length) {
      // as path.Join in client-go's URL(): a kept trailing slash does not double before a segment
      if (path.endsWith('/')) path = path.replace(/\/+$/, '');
      if (namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
      if (resource) path += `/${encodeURIComponent(resource)}`;
      if (name) path += `/${encodeURIComponent(name)}`;
      for (const s of subresource) path += `/${encodeURIComponent(s)}`;
    }
    if (params.length) path += `?${new URLSearchParams(params as [string, string][]).toString()}`;
    return path;
  }

  #rootOf(gv: GroupVersion): string {
    const root = this.#root;
    if (gv.group === root.group && gv.version === root.version) return root.path;
    const path =
      this.#basePath + (gv.group ? `/apis/${gv.group}/${gv.version}` : `/api/${gv.version}`);
    this.#root = { group: gv.group, version: gv.version, path };
    return path;
  }
}
