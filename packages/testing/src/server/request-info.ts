import type { ResourceDef } from '../storage/resource-def';

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

/**
 * A request target Go's url.ParseRequestURI rejects (a `%` not followed by two hex digits):
 * net/http answers it before any handler, with a plain `400 Bad Request`, and closes the
 * connection.
 */
export class MalformedRequestTarget extends Error {
  override readonly name = 'MalformedRequestTarget';
  constructor() {
    super('400 Bad Request');
  }
}

/** A request target split as Go's net/http reads it. */
export interface RequestTarget {
  /** The percent-decoded path, without trailing slashes (`/` for the root). */
  path: string;
  /**
   * The path's segments after the leading `/`, decoded before splitting as Go does (`%2F`
   * separates); `.` and `..` are names like any other, never resolved, and an empty segment
   * (`//`) is kept, so such a path matches no route.
   */
  parts: string[];
  query: URLSearchParams;
}

/**
 * Splits a raw request target (`req.url`) into path, segments and query the way kube-apiserver
 * sees it: no URL resolution of dot segments (WHATWG URL parsing would turn
 * `configmaps/..` into the namespace itself), strict percent-decoding of the path.
 *
 * Errors: {@link MalformedRequestTarget} for bad percent-encoding in the path.
 */
export function parseRequestTarget(url: string): RequestTarget {
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  if (/%(?![0-9a-fA-F]{2})/.test(rawPath)) throw new MalformedRequestTarget();
  const path = percentDecode(rawPath).replace(/\/+$/, '') || '/';
  return {
    path,
    parts: path === '/' ? [] : path.slice(1).split('/'),
    query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
  };
}

/** Decodes `%XX` escapes to bytes and the bytes as UTF-8 (Node hands the target over as latin1). */
function percentDecode(raw: string): string {
  if (!raw.includes('%')) return raw;
  const src = Buffer.from(raw, 'latin1');
  const out = Buffer.alloc(src.length);
  let n = 0;
  for (let i = 0; i < src.length; i++) {
    if (src[i] === 0x25) {
      out[n++] = parseInt(raw.slice(i + 1, i + 3), 16);
      i += 2;
    } else out[n++] = src[i]!;
  }
  return out.subarray(0, n).toString('utf8');
}

/**
 * The resource request the segments of a path name, or undefined when they name none
 * (discovery and others, or a path with an empty segment).
 */
export function parseResourcePath(parts: readonly string[]): ResourceRequest | undefined {
  if (parts.includes('')) return undefined;
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
