/**
 * Informer factories: one shared informer per resource, started and stopped together.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/informers/factory.go
 * @see https://github.com/kubernetes/client-go/blob/master/dynamic/dynamicinformer/informer.go
 * @packageDocumentation
 */
import type { GroupVersionResource, KubeObject } from '@kubekit/apimachinery';
import type { RESTClient } from '@kubekit/rest';
import type { TransformFunc } from './delta-fifo';
import { newLister, type Lister } from './listers';
import { listWatchFromClient } from './list-watch-from-client';
import type { TweakListOptionsFunc } from './listwatch';
import type { ReflectorTuning } from './reflector';
import { newSharedIndexInformer, type SharedIndexInformer } from './shared-informer';
import type { InformerFIFO, SharedIndexInformerOptions } from './shared-informer-options';
import { waitForCacheSync } from './wait-for-cache-sync';

/**
 * Removes `metadata.managedFields` (server-side apply bookkeeping, often half of an object's
 * size) from an object about to be cached. The factories' default transform. Returns the same
 * object with a new `metadata` when there was something to remove.
 */
export function stripManagedFields<T extends KubeObject>(obj: T): T {
  const metadata = obj.metadata;
  if (!metadata || !('managedFields' in metadata)) return obj;
  const { managedFields: _dropped, ...rest } = metadata;
  (obj as KubeObject).metadata = rest;
  return obj;
}

/** Options of {@link newSharedInformerFactory}. */
export interface SharedInformerFactoryOptions extends ReflectorTuning {
  /** Lists and watches go through this client. */
  client: Pick<RESTClient, 'get'>;
  /** Only this namespace; `''` or omitted: all namespaces. */
  namespace?: string | undefined;
  /** Default handler resync period of every informer (ms); 0 (default): none. */
  defaultResyncMs?: number | undefined;
  /** Adjusts every list and watch request (e.g. a label selector). */
  tweakListOptions?: TweakListOptionsFunc | undefined;
  /**
   * Transform applied to every object before caching; default {@link stripManagedFields}
   * (unless `keepManagedFields`).
   */
  transform?: TransformFunc<KubeObject> | undefined;
  /** Keep `metadata.managedFields` in the cache (no default transform). Default false. */
  keepManagedFields?: boolean | undefined;
  /** Per-handler buffering of every informer; see SharedIndexInformerOptions.bufferSize. */
  bufferSize?: number | undefined;
  /** Gets errors thrown by handlers of every informer. */
  handlerErrorHandler?: SharedIndexInformerOptions<KubeObject>['handlerErrorHandler'] | undefined;
  /** The queue of every informer; default `'RealFIFO'` (see SharedIndexInformerOptions.fifo). */
  fifo?: InformerFIFO | undefined;
}

/** An informer and a lister over its cache. */
export interface GenericInformer<T extends KubeObject = KubeObject> {
  informer: SharedIndexInformer<T>;
  lister: Lister<T>;
}

/** What a factory hands the function that builds one of its informers. */
export interface InformerDefaults<T extends KubeObject> extends Omit<
  SharedIndexInformerOptions<T>,
  'listerWatcher'
> {
  /** The factory's client, for building another ListerWatcher. */
  client: Pick<RESTClient, 'get'>;
  /** The factory's namespace (`''`: all). */
  namespace: string;
  /** The factory's request tweak. */
  tweakListOptions: TweakListOptionsFunc | undefined;
}

/** Options of {@link DynamicSharedInformerFactory.forResource}. */
export interface ForResourceOptions {
  /**
   * The kind of the resource's objects (`Pod` for `pods`). Given, the informer's Reflector checks
   * every watch event against the resource's group, version and this kind (client-go's
   * `expectedType` / `expectedGVK`): an object of another kind is reported and never enters the
   * cache. Typed informers pass it. Only the call that creates the informer sets it.
   */
  kind?: string | undefined;
}

/** Shared informers for any GroupVersionResource, started and stopped together. */
export interface DynamicSharedInformerFactory {
  /** The informer (and lister) of `resource`, created on first use; one per resource. */
  forResource<T extends KubeObject = KubeObject>(
    resource: GroupVersionResource,
    options?: ForResourceOptions,
  ): GenericInformer<T>;
  /** Runs every informer created so far that is not running yet (call again for later ones). */
  start(options?: { signal?: AbortSignal }): void;
  /**
   * Waits until every started informer has synced; resolves with each one's state by key.
   * Rejects with an AbortError when `signal` aborts first.
   */
  waitForCacheSync(signal?: AbortSignal): Promise<Map<string, boolean>>;
  /**
   * The informers `start()` has started, in the order they were created: hand them to
   * `informerHealthCheck(() => factory.startedInformers())` for a readiness check that says why
   * one has not synced.
   */
  startedInformers(): SharedIndexInformer[];
  /** Stops every informer and resolves once all have fully stopped. */
  shutdown(): Promise<void>;
}

/** A {@link DynamicSharedInformerFactory} that typed (generated) informers can join. */
export interface SharedInformerFactory extends DynamicSharedInformerFactory {
  /**
   * The informer registered under `key`, built by `newInformer` from the factory's defaults the
   * first time (client-go's InformerFor; generated clientsets use it).
   */
  informerFor<T extends KubeObject>(
    key: string,
    newInformer: (defaults: InformerDefaults<T>) => SharedIndexInformer<T>,
  ): SharedIndexInformer<T>;
}

function resourceKey(r: GroupVersionResource): string {
  return `${r.group || 'core'}/${r.version}/${r.resource}`;
}

/**
 * Creates a {@link SharedInformerFactory} (client-go's NewSharedInformerFactoryWithOptions).
 * Informers drop `metadata.managedFields` unless `keepManagedFields` is set.
 *
 * @example
 * ```ts
 * const factory = newSharedInformerFactory({ client, namespace: 'default' });
 * const pods = factory.forResource<Pod>({ group: '', version: 'v1', resource: 'pods' });
 * factory.start({ signal });
 * await factory.waitForCacheSync(signal);
 * pods.lister.list('app=web');
 * ```
 */
export function newSharedInformerFactory(
  options: SharedInformerFactoryOptions,
): SharedInformerFactory {
  const informers = new Map<string, SharedIndexInformer<KubeObject>>();
  const running = new Map<string, Promise<void>>();
  const stop = new AbortController();
  const namespace = options.namespace ?? '';
  const transform =
    options.transform ?? (options.keepManagedFields ? undefined : stripManagedFields);

  function defaults<T extends KubeObject>(name: string): InformerDefaults<T> {
    const {
      client: _client,
      defaultResyncMs,
      keepManagedFields: _keep,
      tweakListOptions,
      ...tuning
    } = options;
    return {
      ...tuning,
      name,
      resyncPeriodMs: defaultResyncMs,
      transform: transform as TransformFunc<T> | undefined,
      client: options.client,
      namespace,
      tweakListOptions,
    };
  }

  const factory: SharedInformerFactory = {
    informerFor<T extends KubeObject>(
      key: string,
      newInformer: (d: InformerDefaults<T>) => SharedIndexInformer<T>,
    ): SharedIndexInformer<T> {
      const existing = informers.get(key);
      if (existing) return existing as unknown as SharedIndexInformer<T>;
      const informer = newInformer(defaults<T>(key));
      informers.set(key, informer as unknown as SharedIndexInformer<KubeObject>);
      return informer;
    },
    forResource<T extends KubeObject>(
      resource: GroupVersionResource,
      { kind }: ForResourceOptions = {},
    ): GenericInformer<T> {
      const key = resourceKey(resource);
      const { group, version } = resource;
      const informer = factory.informerFor<T>(key, (d) =>
        newSharedIndexInformer<T>({
          ...d,
          expectedGVK: kind ? { group, version, kind } : undefined,
          listerWatcher: listWatchFromClient<T>({
            client: d.client,
            resource,
            namespace: d.namespace,
            tweakListOptions: d.tweakListOptions,
          }),
        }),
      );
      return { informer, lister: newLister(informer.getIndexer()) };
    },
    start(startOptions = {}) {
      const signal = startOptions.signal
        ? AbortSignal.any([stop.signal, startOptions.signal])
        : stop.signal;
      for (const [key, informer] of informers) {
        if (running.has(key)) continue;
        running.set(key, informer.run({ signal }));
      }
    },
    async waitForCacheSync(signal) {
      const started = Array.from(running.keys()).map((key) => [key, informers.get(key)!] as const);
      await waitForCacheSync(signal, ...started.map(([, informer]) => informer));
      return new Map(started.map(([key, informer]) => [key, informer.hasSynced()]));
    },
    startedInformers() {
      return Array.from(running.keys(), (key) => informers.get(key)!);
    },
    async shutdown() {
      stop.abort();
      await Promise.allSettled(running.values());
    },
  };
  return factory;
}

/** Options of {@link newDynamicSharedInformerFactory}. */
export type DynamicSharedInformerFactoryOptions = SharedInformerFactoryOptions;

/**
 * Creates a {@link DynamicSharedInformerFactory} (client-go's dynamicinformer
 * NewFilteredDynamicSharedInformerFactory): informers for any resource, custom ones included,
 * caching plain JSON objects.
 */
export function newDynamicSharedInformerFactory(
  options: DynamicSharedInformerFactoryOptions,
): DynamicSharedInformerFactory {
  return newSharedInformerFactory(options);
}
