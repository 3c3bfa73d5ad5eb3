import { isResourceExpired, type KubeList, type KubeObject } from '@kubekit/apimachinery';
import type { Request } from './request';

/** Options of {@link listPages} and {@link listAll}. */
export interface ListPagesOptions {
  /** Items per page (the `limit` parameter). Default 500, client-go's pager default. */
  limit?: number;
}

/** Options of {@link listAll}. */
export interface ListAllOptions extends ListPagesOptions {
  /**
   * When a continue token expires mid-way (410 Expired), list everything again in one
   * unpaginated request instead of failing (client-go's `FullListIfExpired`). Default false.
   */
  fullListIfExpired?: boolean;
}

/** Default page size of {@link listPages}. */
export const DefaultPageSize = 500;

/**
 * Lists in pages: sends `request` (a list GET) with `limit`, then again with each `continue`
 * token, yielding every page as the server returned it. All pages are one consistent snapshot
 * at the first page's resourceVersion. `request` is cloned, never changed.
 *
 * Errors: a continue token that expired (the snapshot was compacted) rejects with a
 * StatusError for which `isResourceExpired()` is true; restart the list.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/pager/pager.go
 */
export async function* listPages<T extends KubeObject = KubeObject>(
  request: Request,
  options: ListPagesOptions = {},
): AsyncGenerator<KubeList<T>, void, undefined> {
  const limit = options.limit ?? DefaultPageSize;
  let token: string | undefined;
  do {
    const page = await request
      .clone()
      .param('limit', limit)
      .param('continue', token)
      .do<KubeList<T>>();
    yield page;
    token = page.metadata?.continue || undefined;
  } while (token);
}

/**
 * Collects every page of {@link listPages} into one list whose metadata is the last page's
 * (resourceVersion to start a watch from; no `continue`).
 */
export async function listAll<T extends KubeObject = KubeObject>(
  request: Request,
  options: ListAllOptions = {},
): Promise<KubeList<T>> {
  const items: T[] = [];
  let last: KubeList<T> | undefined;
  try {
    for await (const page of listPages<T>(request, options)) {
      for (const item of page.items ?? []) items.push(item);
      last = page;
    }
  } catch (err) {
    if (!(options.fullListIfExpired && last && isResourceExpired(err))) throw err;
    return request.clone().do<KubeList<T>>();
  }
  const { continue: _continue, remainingItemCount: _remaining, ...metadata } = last!.metadata ?? {};
  return { ...last!, metadata, items };
}
