import { StatusError, newBadRequest, newResourceExpired } from '@kubekit/apimachinery';
import { posix } from 'node:path';
import { GoJsonError, decodeRawBase64Url, parseGoJson, unmarshalStruct } from '../go/go-json';
import { resourceKey, type ResourceDef } from './resource-def';
import { parseRevision, tooLargeResourceVersion } from './resource-version';
import type { Selection } from './selection';
import type { Obj, Store } from './store';
import type { ListOptions } from './store-options';

/** One page of a list: the objects, the revision it reflects, and the continuation. */
export interface ListResult {
  items: Obj[];
  resourceVersion: number;
  continueToken?: string;
  remainingItemCount?: number;
}

interface ContinueKey {
  rv: number;
  start: string;
}

/** Encodes a continue token the way etcd3's store does (base64url of `{v, rv, start}`). */
export function encodeContinue(rv: number, start: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
}

/**
 * Decodes a continue token as storage.DecodeContinue does, with its error texts: rv 0 and an
 * empty or unclean start key are invalid, a negative rv means "the latest revision".
 */
function decodeContinue(token: string): ContinueKey {
  const invalid = (detail: string): StatusError =>
    newBadRequest(`invalid continue token: continue key is not valid${detail}`);
  let parsed: Record<string, unknown>;
  try {
    parsed = unmarshalStruct(
      parseGoJson(decodeRawBase64Url(token)),
      'storage.continueToken',
      'continueToken',
      {
        v: ['string', 'string'],
        rv: ['int64', 'int64'],
        start: ['string', 'string'],
      },
    );
  } catch (err) {
    if (err instanceof GoJsonError) throw invalid(`: ${err.message}`);
    throw err;
  }
  const { v = '', rv = 0, start = '' } = parsed as { v?: string; rv?: number; start?: string };
  if (v !== 'meta.k8s.io/v1')
    throw invalid(`: server does not recognize this encoded version ${v}`);
  if (rv === 0) throw invalid(': incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (!start) throw invalid(': encoded start key empty (version meta.k8s.io/v1)');
  const key = start.startsWith('/') ? start : `/${start}`;
  if (posix.normalize(key).replace(/(.)\/$/, '$1') !== key) throw invalid(`: ${start}`);
  return { rv, start };
}

const continueExpiredMessage =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

/**
 * Lists a resource as kube-apiserver's etcd3 store does: key order, `limit` pages with continue
 * tokens pinned to the first page's revision, exact-revision reads from history, 410 Expired
 * for compacted revisions (with an inconsistent continue token to carry on), and
 * remainingItemCount when no selector filters.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/storage/etcd3/store.go
 */
export function listObjects(
  store: Store,
  def: ResourceDef,
  namespace: string | undefined,
  opts: ListOptions,
  selection: Selection,
): ListResult {
  const resource = resourceKey(def);
  const prefix = def.namespaced && namespace ? `${namespace}/` : '';
  const current = store.currentRevision;
  let atRevision = current;
  let from = '';
  if (opts.continueToken) {
    const key = decodeContinue(opts.continueToken);
    if (opts.resourceVersion && opts.resourceVersion !== '0') {
      throw newBadRequest('specifying resource version is not allowed when using continue');
    }
    if (key.rv > 0) atRevision = key.rv;
    from = prefix + key.start.replace(/^\//, '');
    if (key.rv > 0 && key.rv < store.compactedRevision && store.lastChange(resource) > key.rv) {
      const err = newResourceExpired(continueExpiredMessage);
      throw new StatusError({
        ...err.status,
        metadata: { continue: encodeContinue(current, key.start) },
      });
    }
  } else if (opts.resourceVersion && opts.resourceVersion !== '0') {
    const rv = parseRevision(opts.resourceVersion);
    const exact =
      opts.resourceVersionMatch === 'Exact' || (!opts.resourceVersionMatch && opts.limit > 0);
    if (rv > current) throw tooLargeResourceVersion(rv, current);
    if (exact) {
      if (rv < store.compactedRevision && store.lastChange(resource) > rv) {
        throw newResourceExpired('The resourceVersion for the provided list is too old.');
      }
      atRevision = rv;
    }
  }
  // resourceVersion "0" is served from kube-apiserver's watch cache, which ignores limit.
  const limit = !opts.continueToken && opts.resourceVersion === '0' ? 0 : opts.limit;
  const live = store.lastChange(resource) <= atRevision;
  const items: Obj[] = [];
  let lastKey = '';
  let more = false;
  const take = (key: string, obj: Obj): boolean => {
    if (limit > 0 && items.length >= limit) {
      more = true;
      return false;
    }
    if (selection.matches(obj)) {
      items.push(obj);
      lastKey = key;
    }
    return true;
  };
  if (live) {
    for (const key of store.keys(resource, prefix, from))
      if (!take(key, store.get(resource, key)!.obj)) break;
  } else {
    for (const [key, obj] of store.snapshotAt(resource, prefix, from, atRevision))
      if (!take(key, obj)) break;
  }
  const result: ListResult = { items, resourceVersion: atRevision };
  if (more) {
    const next = `${lastKey}\u0000`;
    // the start key is relative to the listed prefix, with a leading slash, as etcd3's store writes it
    result.continueToken = encodeContinue(atRevision, `/${next.slice(prefix.length)}`);
    if (selection.everything && live)
      result.remainingItemCount = store.countFrom(resource, prefix, next);
  }
  return result;
}
