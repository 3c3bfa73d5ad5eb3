/**
 * The controller builder of {@link Manager.controller}: `for` one kind, `owns` others, `watches`
 * anything with a mapping, and a reconcile that gets the object, not a key. It is
 * {@link newController} + `watch()` + the helpers of this package, wired the way
 * controller-runtime's builder and kube-rs's `Controller` wire them.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/builder/controller.go
 * @see https://github.com/kube-rs/kube/blob/main/kube-runtime/src/controller/mod.rs
 * @packageDocumentation
 */
import { newControllerRef, type KubeObject } from '@kubekit/apimachinery';
import type { GenericInformer } from '@kubekit/cache';
import {
  apiVersionOf,
  gvkOf,
  ResourceClient,
  type ApplyConfiguration,
  type MergePatch,
  type ResourceInfo,
} from '@kubekit/clientset';
import type { EventRecorder } from '@kubekit/record';
import type { RESTClient } from '@kubekit/rest';
import { newController, type Controller, type ControllerOptions } from './controller';
import type { ReconcileContext, Result } from './reconcile';
import { checkOption } from './controller-error';
import { addFinalizer, hasFinalizer, isBeingDeleted, removeFinalizer } from './finalizers';
import { enqueueForOwner } from './handlers';
import type { Predicate } from './predicates';

/**
 * A JSON merge patch of a status `S`: every field optional, recursively; `null` deletes a field,
 * `undefined` (dropped by JSON) leaves it as it is, so `{ configMap: cm.metadata?.name }` is
 * fine under `exactOptionalPropertyTypes`. Arrays are replaced whole.
 *
 * @see https://datatracker.ietf.org/doc/html/rfc7386
 */
export type StatusPatch<S> = S extends readonly unknown[]
  ? S
  : S extends object
    ? { [K in keyof S]?: StatusPatch<S[K]> | null | undefined }
    : S;

/** What `patchStatus` takes for objects of type `T`: a {@link StatusPatch} of `T['status']`. */
export type StatusOf<T> = T extends { status?: infer S } ? StatusPatch<NonNullable<S>> : never;

/** Events about the reconciled object (an {@link EventRecorder} bound to it). */
export interface ObjectEventRecorder {
  /** Records `reason` (CamelCase) with `message` on the object; `type` is `Normal` or `Warning`. */
  event(type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/**
 * What a builder reconcile gets besides the object: the {@link ReconcileContext} (key,
 * namespace, name, log, signal) and the clients and helpers bound to the object.
 */
export interface ObjectContext<T extends KubeObject> extends ReconcileContext {
  /** The typed client of the `for` resource in the object's namespace. */
  client: ResourceClient<T>;
  /** Records events on the object (component = the manager's name). */
  recorder: ObjectEventRecorder;
  /**
   * Merge-patches the object's status (through the status subresource when the resource has
   * one); resolves with the object as stored. No resourceVersion is sent: the controller owns
   * its status, so a concurrent spec change does not make it fail.
   */
  patchStatus(status: StatusOf<T>): Promise<T>;
  /**
   * Server-side applies an owned object: sets its `apiVersion`, `kind`, namespace (the
   * reconciled object's, for namespaced kinds) and a controller reference to the reconciled
   * object, and applies it as field manager = the controller's name (`force`: the controller
   * owns these fields). Creates it when absent, updates what differs, is a no-op otherwise.
   * The object type `O` is the resource's (`coreV1.configMapsResource`: `ConfigMap`).
   */
  apply<O extends KubeObject>(resource: ResourceInfo<O>, object: ApplyConfiguration<O>): Promise<O>;
}

/** A reconcile of the builder: the object (from the cache) and its context. @see https://github.com/kube-rs/kube/blob/main/kube-runtime/src/controller/mod.rs */
export type ObjectReconciler<T extends KubeObject> = (
  object: T,
  context: ObjectContext<T>,
) => Promise<Result | void> | Result | void;

/**
 * A watch of {@link ControllerBuilderOptions.watches}: a resource and which keys its objects
 * enqueue. `O` is the watched resource's object type; write entries with {@link watch} to have
 * `mapToKeys` and `predicates` typed by it (an inline entry gets {@link KubeObject}).
 */
export interface WatchSpec<O extends KubeObject = KubeObject> {
  /** The watched resource (e.g. `coreV1.secretsResource`). */
  resource: ResourceInfo<O>;
  /**
   * The keys (of the `for` kind) an object enqueues. A method, so a `WatchSpec<Secret>` fits
   * the `watches` list of any kind.
   */
  mapToKeys(obj: O): readonly string[];
  /** Events pass only when every predicate lets them through. */
  predicates?: readonly Predicate<O>[] | undefined;
}

/**
 * A typed entry of {@link ControllerBuilderOptions.watches} (controller-runtime's
 * `Watches(source, handler, builder.WithPredicates(...))`): `mapToKeys` and `predicates` get
 * the objects of `resource`, e.g. `watch(coreV1.secretsResource, { mapToKeys: (secret) =>
 * [\`${secret.metadata?.namespace}/${secret.metadata?.labels?.['app']}\`] })`.
 */
export function watch<O extends KubeObject>(
  resource: ResourceInfo<O>,
  options: Omit<WatchSpec<NoInfer<O>>, 'resource'>,
): WatchSpec<O> {
  return { ...options, resource };
}

/** A finalizer the builder adds to every object and runs on deletion. @see https://github.com/kube-rs/kube/blob/main/kube-runtime/src/finalizer.rs */
export interface FinalizerSpec<T extends KubeObject> {
  /** The finalizer, e.g. `example.com/cleanup`. */
  name: string;
  /**
   * Cleans up what garbage collection cannot (external resources); runs once the object is
   * being deleted, then the finalizer is removed. Throw to retry. Must be idempotent.
   */
  cleanup(object: T, context: ObjectContext<T>): Promise<void> | void;
}

/**
 * Options of {@link Manager.controller}: controller-runtime's `ctrl.NewControllerManagedBy(mgr)
 * .For(...).Owns(...).Watches(...).WithEventFilter(...).Complete(r)` as one object.
 *
 * The object type `T` is the `for` resource's: `for: stableV1.cronTabsResource` (a
 * `ResourceInfo<CronTab>`) types `reconcile`, `finalizer.cleanup`, `predicates` and
 * `patchStatus`, in any order and without annotations.
 *
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/builder/controller.go
 */
export interface ControllerBuilderOptions<T extends KubeObject> extends Pick<
  ControllerOptions,
  'workers' | 'rateLimiter' | 'cacheSyncTimeoutMs' | 'onError' | 'priorityQueue'
> {
  /** The reconciled resource (e.g. `exampleV1.cronTabsResource` of a generated client); its object type is `T`. */
  for: ResourceInfo<T>;
  /**
   * Resources whose objects the `for` objects control: an event on one enqueues its controller
   * owner of the `for` kind (`enqueueForOwner`). Any typed resource (`coreV1.configMapsResource`).
   */
  owns?: readonly ResourceInfo[] | undefined;
  /**
   * Other resources, with a mapping of their objects to keys of the `for` kind; write each
   * entry with {@link watch} to type its `mapToKeys` and `predicates` by its resource.
   */
  watches?: readonly WatchSpec[] | undefined;
  /** Filters events of the `for` resource (e.g. `generationChangedPredicate`); not an inference site of `T`. */
  predicates?: readonly Predicate<NoInfer<T>>[] | undefined;
  /** Names the controller (metrics, logs, field manager); default the lower-case `for` kind. */
  name?: string | undefined;
  /**
   * Added to every live object before its reconcile; on deletion `cleanup` runs instead of the
   * reconcile, then the finalizer is removed. Objects being deleted without it are skipped.
   */
  finalizer?: FinalizerSpec<T> | undefined;
  /** Called with each live object of the `for` kind; an object gone from the cache goes to `onDelete`. */
  reconcile: ObjectReconciler<T>;
  /**
   * Called instead of `reconcile` when a key is reconciled and its object is no longer in the
   * cache (it was deleted): forget what is kept in memory about it (expectations, caches).
   * The context names the key (`key`, `namespace`, `name`); no object, the cache has none.
   * Owned objects go by garbage collection, external resources need a `finalizer`. It may be
   * called more than once per deletion (an owned object's event enqueues the key again):
   * make it idempotent. Throw to retry. Unset: such keys are skipped.
   * controller-runtime calls the reconcile and leaves the NotFound check to it; client-go's
   * controllers do this in their delete handler (the job controller's `deleteJob`).
   *
   * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/job/job_controller.go (deleteJob)
   */
  onDelete?: ((context: ReconcileContext) => Promise<void> | void) | undefined;
  /** Decides retries of failed keys; see {@link ControllerOptions.errorPolicy}. */
  errorPolicy?: ((error: unknown, context: ReconcileContext) => Result | void) | undefined;
}

/** What the manager lends the builder. */
export interface BuilderDeps {
  restClient: RESTClient;
  recorder: EventRecorder;
  informerFor<T extends KubeObject>(resource: ResourceInfo<T>): GenericInformer<T>;
  controllerOptions: Pick<ControllerOptions, 'metrics' | 'metricsProvider' | 'clock' | 'log'>;
}

/** Builds the controller of {@link Manager.controller}. */
export function buildController<T extends KubeObject>(
  deps: BuilderDeps,
  options: ControllerBuilderOptions<T>,
): Controller {
  checkOption(!!options?.for?.kind, 'for is required (a ResourceInfo of a generated client)');
  checkOption(typeof options.reconcile === 'function', 'reconcile is required');
  checkOption(
    options.onDelete === undefined || typeof options.onDelete === 'function',
    'onDelete must be a function',
  );
  const resource = options.for;
  const name = options.name ?? resource.kind.toLowerCase();
  const primary = deps.informerFor<T>(resource);
  const gvk = gvkOf(resource);
  const contextFor = (object: T, context: ReconcileContext): ObjectContext<T> => {
    const namespace = object.metadata?.namespace ?? '';
    const client = new ResourceClient<T>({ client: deps.restClient, resource, namespace });
    const subject = {
      apiVersion: apiVersionOf(resource),
      kind: resource.kind,
      metadata: object.metadata,
    };
    const ownerRef = newControllerRef(object, gvk);
    return {
      ...context,
      client,
      recorder: {
        event: (type, reason, message) => deps.recorder.event(subject, type, reason, message),
      },
      patchStatus: (status) => {
        // T is generic here: its merge patch type is not resolved, so the body is asserted
        const body = { status } as unknown as MergePatch<T>;
        const patchName = object.metadata?.name ?? '';
        return resource.subresources.includes('status')
          ? client.patchStatus(patchName, body, { signal: context.signal })
          : client.patch(patchName, body, { signal: context.signal });
      },
      apply: <O extends KubeObject>(owned: ResourceInfo<O>, body: ApplyConfiguration<O>) => {
        const typed = new ResourceClient<O>({ client: deps.restClient, resource: owned });
        const metadata = {
          ...body.metadata,
          ...(owned.namespaced ? { namespace } : {}),
          ownerReferences: [ownerRef],
        };
        return typed.apply({ ...body, metadata } as ApplyConfiguration<O>, {
          fieldManager: name,
          force: true,
          signal: context.signal,
        });
      },
    };
  };

  const controller = newController({
    ...deps.controllerOptions,
    name,
    ...pick(options, [
      'workers',
      'rateLimiter',
      'cacheSyncTimeoutMs',
      'onError',
      'errorPolicy',
      'priorityQueue',
    ]),
    reconcile: async (_key, context) => {
      const { namespace, name: objectName } = context;
      const cached = namespace
        ? primary.lister.namespace(namespace).get(objectName)
        : primary.lister.get(objectName);
      if (!cached) return options.onDelete?.(context); // owned objects go by garbage collection
      let object = cached;
      const finalizer = options.finalizer;
      if (isBeingDeleted(object)) {
        if (!finalizer || !hasFinalizer(object, finalizer.name)) return;
        const ctx = contextFor(object, context);
        await finalizer.cleanup(object, ctx);
        await removeFinalizer(ctx.client, object, finalizer.name, { signal: context.signal });
        return;
      }
      if (finalizer && !hasFinalizer(object, finalizer.name)) {
        const client = contextFor(object, context).client;
        object = await addFinalizer(client, object, finalizer.name, { signal: context.signal });
      }
      return options.reconcile(object, contextFor(object, context));
    },
  });
  controller.watch(primary.informer, { predicates: options.predicates ?? [] });
  const ownerKey = enqueueForOwner({ group: resource.group, kind: resource.kind });
  for (const owned of options.owns ?? [])
    controller.watch(deps.informerFor(owned).informer, { mapToKeys: ownerKey });
  for (const spec of options.watches ?? [])
    controller.watch(deps.informerFor(spec.resource).informer, {
      mapToKeys: (obj) => spec.mapToKeys(obj),
      predicates: spec.predicates ?? [],
    });
  return controller;
}

/** The keys of `options` among `keys` that are set (exactOptionalPropertyTypes-safe spread). */
function pick<O extends object, K extends keyof O>(
  options: O,
  keys: readonly K[],
): Partial<Pick<O, K>> {
  const picked: Partial<Pick<O, K>> = {};
  for (const key of keys) if (options[key] !== undefined) picked[key] = options[key];
  return picked;
}
