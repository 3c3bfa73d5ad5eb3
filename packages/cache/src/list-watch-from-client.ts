/**
 * A ListerWatcher over @kubekit/rest's RESTClient, for any resource.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/listwatch.go (NewFilteredListWatchFromClient)
 * @packageDocumentation
 */
import type { GroupVersionResource, KubeList, KubeObject } from '@kubekit/apimachinery';
import type { ParamValue, RESTClient, DynamicResourceClient } from '@kubekit/rest';
import type { ListOptions, ListerWatcher, TweakListOptionsFunc, WatchOptions } from './listwatch';

/** Options of {@link listWatchFromClient}. */
export interface ListWatchFromClientOptions {
  /** The client requests go through (its rate limiter, retries and connection pool). */
  client: Pick<RESTClient, 'get'>;
  /** Which resource; `group: ''` is the core group. */
  resource: GroupVersionResource;
  /** Only this namespace; `''` or omitted: all namespaces (and cluster-scoped resources). */
  namespace?: string | undefined;
  /** Adjusts every request's options, e.g. to add a label or field selector. */
  tweakListOptions?: TweakListOptionsFunc | undefined;
}

function tweaked<O extends ListOptions | WatchOptions>(
  options: O,
  tweak: TweakListOptionsFunc | undefined,
): O {
  if (!tweak) return options;
  const copy = { ...options };
  tweak(copy);
  return copy;
}

/**
 * Gives every item of a list the `kind` and `apiVersion` the server leaves out of list items
 * (watch events carry them), so that cached objects have one shape whatever brought them in.
 * The items are the list's own, just decoded: they get the two fields in place, not a copy of
 * every item.
 */
function withItemTypeMeta<T extends KubeObject>(list: KubeList<T>): KubeList<T> {
  const kind = list.kind?.endsWith('List') ? list.kind.slice(0, -'List'.length) : undefined;
  const apiVersion = list.apiVersion;
  if (!kind || !apiVersion || !Array.isArray(list.items)) return list;
  for (const item of list.items) {
    if (item.kind === undefined) item.kind = kind;
    if (item.apiVersion === undefined) item.apiVersion = apiVersion;
  }
  return list;
}

/**
 * Creates a {@link ListerWatcher} for `resource` that lists with GET and watches with
 * `watch=true` through `client`. List items get the `kind` and `apiVersion` of the list (as
 * client-go's dynamic client does). API errors reject (list) or throw from the iteration (watch) as
 * `StatusError`s; aborting `signal` closes the watch stream.
 *
 * @example
 * ```ts
 * const lw = listWatchFromClient({ client, resource: { group: '', version: 'v1', resource: 'pods' } });
 * const informer = newSharedIndexInformer({ listerWatcher: lw });
 * ```
 */
export function listWatchFromClient<T extends KubeObject = KubeObject>(
  options: ListWatchFromClientOptions,
): ListerWatcher<T> {
  const { client, resource, namespace, tweakListOptions } = options;
  const request = () =>
    client
      .get()
      .groupVersion({ group: resource.group, version: resource.version })
      .namespace(namespace)
      .resource(resource.resource);
  return {
    list(listOptions) {
      const o = tweaked(listOptions, tweakListOptions);
      const params: Record<string, ParamValue> = {
        limit: o.limit ? o.limit : undefined,
        continue: o.continue || undefined,
        resourceVersion: o.resourceVersion || undefined,
        resourceVersionMatch: o.resourceVersionMatch || undefined,
        labelSelector: o.labelSelector || undefined,
        fieldSelector: o.fieldSelector || undefined,
      };
      return request()
        .params(params)
        .signal(o.signal)
        .onRetry(o.onRetry)
        .do<KubeList<T>>()
        .then(withItemTypeMeta);
    },
    watch(watchOptions) {
      const o = tweaked(watchOptions, tweakListOptions);
      const params: Record<string, ParamValue> = {
        resourceVersion: o.resourceVersion || undefined,
        resourceVersionMatch: o.resourceVersionMatch || undefined,
        allowWatchBookmarks: o.allowWatchBookmarks || undefined,
        timeoutSeconds: o.timeoutSeconds,
        sendInitialEvents: o.sendInitialEvents,
        labelSelector: o.labelSelector || undefined,
        fieldSelector: o.fieldSelector || undefined,
      };
      return request().params(params).signal(o.signal).onRetry(o.onRetry).watch<T>();
    },
  };
}

/** Options of {@link listWatchFromResourceClient}. */
export interface ListWatchFromResourceClientOptions {
  /** Adjusts every request's options, e.g. to add a label or field selector. */
  tweakListOptions?: TweakListOptionsFunc | undefined;
}

/**
 * Creates a {@link ListerWatcher} over a resource client of @kubekit/rest's DynamicClient
 * (`dynamic.resource(gvr)` or `.namespace(ns)` of it): what client-go's dynamic informers use.
 * List items get the list's `kind` and `apiVersion`, as with {@link listWatchFromClient}.
 *
 * @example
 * ```ts
 * const lw = listWatchFromResourceClient(dynamic.resource(tfjobs).namespace('team-a'));
 * ```
 */
export function listWatchFromResourceClient<T extends KubeObject = KubeObject>(
  resource: Pick<DynamicResourceClient<T>, 'list' | 'watch'>,
  options: ListWatchFromResourceClientOptions = {},
): ListerWatcher<T> {
  const { tweakListOptions } = options;
  return {
    list(listOptions) {
      const o = tweaked(listOptions, tweakListOptions);
      return resource
        .list({
          ...o,
          limit: o.limit || undefined,
          continue: o.continue || undefined,
          resourceVersion: o.resourceVersion || undefined,
          resourceVersionMatch: (o.resourceVersionMatch || undefined) as
            'NotOlderThan' | 'Exact' | undefined,
        })
        .then(withItemTypeMeta);
    },
    watch(watchOptions) {
      const o = tweaked(watchOptions, tweakListOptions);
      return resource.watch({
        ...o,
        resourceVersion: o.resourceVersion || undefined,
        resourceVersionMatch: (o.resourceVersionMatch || undefined) as
          'NotOlderThan' | 'Exact' | undefined,
      });
    },
  };
}
