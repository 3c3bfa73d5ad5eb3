import type { ResourceDef } from './resource-def';

/**
 * Splits an API path into its parts as kube-apiserver's RequestInfoFactory does:
 * `/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}`, `/apis/{group}/{version}/...`,
 * the legacy `/watch/` prefix, and `namespaces/{name}/status|finalize`.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/endpoints/request/requestinfo.go
 */
export interface ResourceRequest {
  group: string;
  version: string;
  namespace?: string;
  resource: string;
  name?: string;
  subresource?: string;
  /** The path used the legacy `/watch/` prefix. */
  watchPrefix: boolean;
}

const namespaceSubresources = new Set(['status', 'finalize']);

/** The resource request a path names, or undefined when it names none (discovery and others). */
export function parseResourcePath(pathname: string): ResourceRequest | undefined {
  const parts = pathname
    .split('/')
    .filter((p) => p !== '')
    .map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (parts[0] === 'api' && parts.length >= 3) {
    group = '';
    version = parts[1]!;
    rest = parts.slice(2);
  } else if (parts[0] === 'apis' && parts.length >= 4) {
    group = parts[1]!;
    version = parts[2]!;
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length > 1) {
    namespace = rest[1];
    if (rest.length > 2 && !namespaceSubresources.has(rest[2]!)) rest = rest.slice(2);
    else namespace = undefined;
  }
  if (rest.length === 0 || rest.length > 3) return undefined;
  return {
    group,
    version,
    namespace,
    resource: rest[0]!,
    name: rest[1],
    subresource: rest[2],
    watchPrefix,
  };
}

/**
 * Whether kube-apiserver answers a missing path with a NotFound Status: under /api, /version and
 * the built-in groups (their handlers own the whole subtree). Anything else (unknown groups,
 * versions or resources of custom resource groups, other roots) falls through to Go's plain
 * `404 page not found`.
 */
export function servesStatus(defs: Iterable<ResourceDef>, parts: string[]): boolean {
  if (parts[0] === 'api' || parts[0] === 'version') return true;
  if (parts[0] !== 'apis' || parts.length < 2) return false;
  for (const def of defs) if (def.group === parts[1] && !def.crdName) return true;
  return false;
}
