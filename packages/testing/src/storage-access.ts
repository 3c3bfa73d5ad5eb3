import { newAlreadyExists, newNotFound, type KubeObject } from '@kubekit/apimachinery';
import type { DeleteOptions } from './storage/store-options';
import { clone } from './semantics/json';
import { formatTime, newUid } from './storage/object-util';
import { resourceKey, type ResourceDef } from './storage/resource-def';
import { groupResource, keyOf } from './storage/resource-keys';
import type { ServerState } from './server/server-state';
import type { Obj } from './storage/store';

/** Names a served resource: `{ resource: 'pods' }`, `{ group: 'apps', resource: 'deployments' }`. */
export interface ResourceRef {
  group?: string;
  resource: string;
}

/** Options of {@link StorageAccess.delete}. */
export interface StorageDeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
}

/**
 * Direct access to the server's objects for test setup and assertions: the same registry
 * semantics as the HTTP API (resourceVersion, generation, finalizers, watch events), without a
 * round trip. Everything returned is a copy.
 */
export interface StorageAccess {
  /** The latest resourceVersion (the global revision) as a string. */
  readonly resourceVersion: string;
  /** How many objects are stored, over all resources. */
  readonly objectCount: number;
  /** The object, or undefined when it does not exist. */
  get<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    name: string,
    namespace?: string,
  ): T | undefined;
  /** Every object of the resource (in one namespace when given), in key order. */
  list<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string): T[];
  /** How many objects of the resource are stored (in one namespace when given); copies nothing. */
  count(ref: ResourceRef, namespace?: string): number;
  /**
   * Calls `listener` with every later change to the resource's objects (in one namespace when
   * given), in commit order, each object a copy; returns the function that stops it. Costs in
   * proportion to the writes, unlike polling {@link StorageAccess.list}.
   */
  onChange<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    listener: (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T) => void,
    namespace?: string,
  ): () => void;
  /** Creates an object (its namespace defaults to `default` for namespaced resources). */
  create<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T): T;
  /** Replaces an object (resourceVersion checked when set); `status: true` writes the status subresource. */
  update<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    obj: T,
    options?: { status?: boolean },
  ): T;
  /** Deletes an object as the API would (finalizers and propagation apply); true when it is gone. */
  delete(
    ref: ResourceRef,
    name: string,
    namespace?: string,
    options?: StorageDeleteOptions,
  ): boolean;
  /** Changes how many events are kept for watch resumption (shrinking compacts). */
  setHistorySize(size: number): void;
}

/**
 * Test support for kubekit's own benchmark, deliberately absent from {@link StorageAccess} and
 * from the published types: `storage[benchBulkCreate](ref, objects)` stores objects that the
 * API produced before (copies of one created through it, with their name and per-object fields
 * changed) the way a create commits them (a new uid, creationTimestamp and resourceVersion, an
 * ADDED event for watchers and controllers), without admission, defaulting or validation, and
 * without copying them (the store takes them over). Seeding 100k pods through `create` and a
 * status `update` each takes minutes; this is not API behaviour and nothing else may use it.
 */
export const benchBulkCreate = Symbol.for('@kubekit/testing:bench-bulk-create');

/**
 * The {@link StorageAccess} of a server whose state `state()` returns (read on every call: a
 * server that restarts replaces its state).
 */
export function newStorageAccess(state: () => ServerState): StorageAccess {
  return new ServerStorageAccess(state);
}

/** StorageAccess over the store and generic store of a ServerState. */
class ServerStorageAccess implements StorageAccess {
  constructor(private readonly state: () => ServerState) {}

  get resourceVersion(): string {
    return String(this.state().store.currentRevision);
  }

  get objectCount(): number {
    return this.state().store.objectCount;
  }

  get<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    name: string,
    namespace?: string,
  ): T | undefined {
    const def = this.def(ref);
    const rec = this.state().store.get(
      resourceKey(def),
      def.namespaced ? `${namespace ?? 'default'}/${name}` : name,
    );
    return rec ? (clone(rec.obj) as T) : undefined;
  }

  list<T extends KubeObject = KubeObject>(ref: ResourceRef, namespace?: string): T[] {
    const def = this.def(ref);
    const { store } = this.state();
    const prefix = def.namespaced && namespace ? `${namespace}/` : '';
    return [...store.keys(resourceKey(def), prefix)].map(
      (k) => clone(store.get(resourceKey(def), k)!.obj) as T,
    );
  }

  count(ref: ResourceRef, namespace?: string): number {
    const def = this.def(ref);
    const prefix = def.namespaced && namespace ? `${namespace}/` : '';
    return this.state().store.countFrom(resourceKey(def), prefix, '');
  }

  onChange<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    listener: (type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T) => void,
    namespace?: string,
  ): () => void {
    const def = this.def(ref);
    const resource = resourceKey(def);
    const prefix = def.namespaced && namespace ? `${namespace}/` : '';
    return this.state().store.subscribe(
      (e) => {
        if (e.resource === resource && e.key.startsWith(prefix))
          listener(e.type, clone(e.obj) as T);
      },
      { views: true },
    );
  }

  create<T extends KubeObject = KubeObject>(ref: ResourceRef, obj: T): T {
    const def = this.def(ref);
    const body = clone(obj) as Obj;
    const ns = def.namespaced ? (body.metadata?.namespace ?? 'default') : undefined;
    return clone(this.state().generic.create(def, ns, body)) as T;
  }

  update<T extends KubeObject = KubeObject>(
    ref: ResourceRef,
    obj: T,
    options: { status?: boolean } = {},
  ): T {
    const def = this.def(ref);
    const body = clone(obj) as Obj;
    const name = body.metadata?.name ?? '';
    const ns = def.namespaced ? (body.metadata?.namespace ?? 'default') : undefined;
    return clone(
      this.state().generic.update(def, ns, name, body, {
        subresource: options.status ? 'status' : undefined,
      }),
    ) as T;
  }

  delete(
    ref: ResourceRef,
    name: string,
    namespace?: string,
    options: StorageDeleteOptions = {},
  ): boolean {
    const def = this.def(ref);
    const opts: DeleteOptions = { ...options };
    return this.state().generic.delete(
      def,
      def.namespaced ? (namespace ?? 'default') : undefined,
      name,
      opts,
    ).deleted;
  }

  setHistorySize(size: number): void {
    this.state().store.setHistorySize(size);
  }

  /** See {@link benchBulkCreate}; throws AlreadyExists for a name already stored. */
  [benchBulkCreate](ref: ResourceRef, objects: KubeObject[]): void {
    const def = this.def(ref);
    const { store, now } = this.state();
    const resource = resourceKey(def);
    for (const obj of objects as Obj[]) {
      const meta = obj.metadata!;
      const key = keyOf(def, def.namespaced ? meta.namespace : undefined, meta.name!);
      if (store.get(resource, key)) throw newAlreadyExists(groupResource(def), meta.name!);
      meta.uid = newUid();
      meta.creationTimestamp = formatTime(now());
      store.put(resource, key, obj);
    }
  }

  private def(ref: ResourceRef): ResourceDef {
    const def = this.state().registry.byResource(ref.group ?? '', ref.resource);
    if (!def) throw newNotFound({ group: ref.group ?? '', resource: ref.resource }, '');
    return def;
  }
}
