import { isResourceExpired, type KubeList, type KubeObject } from '@kubekit/apimachinery';
import type { ListOptions } from '../listwatch';

/** client-go's pager.defaultPageSize. */
export const defaultPageSize = 500;

/** The whole list, and whether the server cut it into pages. */
export interface PagedList<T extends KubeObject> {
  list: KubeList<T>;
  paginated: boolean;
}

/**
 * Lists every page, `pageSize` items at a time (0: one unpaged request), and joins them. When a
 * continue token expires mid-way (410 Expired), falls back to one full unpaged list at the
 * originally requested resourceVersion. Port of tools/pager ListPager.List.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/pager/pager.go
 */
export async function listAllPages<T extends KubeObject>(
  listFn: (options: ListOptions) => Promise<KubeList<T>>,
  options: ListOptions,
  pageSize: number,
): Promise<PagedList<T>> {
  const opts: ListOptions = { ...options };
  if (!opts.limit) opts.limit = pageSize || undefined;
  const requestedRV = opts.resourceVersion;
  const requestedMatch = opts.resourceVersionMatch;
  let items: T[] | undefined;
  let resourceVersion: string | undefined;
  let paginated = false;
  for (;;) {
    let page: KubeList<T>;
    try {
      page = await listFn(opts);
    } catch (err) {
      if (!isResourceExpired(err) || !opts.continue) throw err;
      const full = await listFn({
        ...opts,
        limit: undefined,
        continue: undefined,
        resourceVersion: requestedRV,
        resourceVersionMatch: requestedMatch,
      });
      return { list: full, paginated };
    }
    const token = page.metadata?.continue;
    if (!token && items === undefined) return { list: page, paginated };
    if (items === undefined) {
      items = [];
      resourceVersion = page.metadata?.resourceVersion;
    }
    for (const item of page.items ?? []) items.push(item);
    if (!token) {
      return {
        list: { ...page, metadata: { resourceVersion }, items },
        paginated,
      };
    }
    opts.continue = token;
    opts.resourceVersion = undefined;
    opts.resourceVersionMatch = undefined;
    paginated = true;
  }
}
