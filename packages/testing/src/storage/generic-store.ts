import {
  OptimisticLockErrorMsg,
  StatusError,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newForbidden,
  newInvalid,
  newNotFound,
  type GroupKind,
} from '@kubekit/apimachinery';
import { goJsonKind } from '../go/go-json';
import { isJsonObject } from '../semantics/patch';
import { formatTime, newUid, randomSuffix, specChanged } from './object-util';
import { clone, deepEqual } from '../semantics/json';
import { apiVersionOf, resourceKey, type ResourceDef } from './resource-def';
import { checkNoResourceVersionOnCreate, objectResourceVersion } from './resource-version';
import type { Obj, Store } from './store';
import { groupResource, keyOf, storageKey } from './resource-keys';
import type { ResourceStrategy, StrategyFor } from './strategy';
import {
  checkPreconditions,
  type DeleteOptions,
  type DeleteResult,
  type TrackFieldsHook,
  type WriteOptions,
} from './store-options';
import {
  objectMetaRulesFor,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../semantics/object-meta';

/** Collaborators of the generic store. */
export interface GenericStoreContext {
  store: Store;
  now(): Date;
  /** The registry strategy of each resource: the store itself knows no kind. */
  strategyFor: StrategyFor;
  trackFields?: TrackFieldsHook;
  /** Called when a pod's graceful deletion period starts (the LocalKubelet role). */
  onGracefulDeletion?(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    uid: string,
    seconds: number,
  ): void;
}

/** The kind a resource's validation errors name. */
function errorKind(def: ResourceDef, strategy: ResourceStrategy): GroupKind {
  return strategy.errorKind ?? { group: def.group, kind: def.kind };
}

const terminalPhases = new Set(['Succeeded', 'Failed']);

/**
 * The generic registry store: create / get / update / delete with kube-apiserver's semantics
 * (name generation, uid, timestamps, generation, optimistic concurrency, status subresource
 * split, finalizers, graceful deletion, propagation finalizers).
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/registry/generic/registry/store.go
 */
export class GenericStore {
  constructor(private readonly ctx: GenericStoreContext) {}

  /** The stored object or 404. */
  get(def: ResourceDef, namespace: string | undefined, name: string): Obj {
    const rec = this.ctx.store.get(resourceKey(def), keyOf(def, namespace, name));
    if (!rec) throw newNotFound(groupResource(def), name);
    return rec.obj;
  }

  /** Creates `body` (which the store takes over) and returns the stored object. */
  create(def: ResourceDef, namespace: string | undefined, body: Obj, opts: WriteOptions = {}): Obj {
    const obj = this.checkTypeAndNamespace(def, namespace, body);
    const meta = (obj.metadata ??= {});
    if (!meta.name && meta.generateName) meta.name = meta.generateName + randomSuffix();
    if (def.namespaced) this.checkNamespaceAcceptsCreate(def, meta.namespace!, meta.name ?? '');
    const errs = validateObjectMeta(meta, objectMetaRulesFor(def));
    meta.uid = newUid();
    meta.creationTimestamp = formatTime(this.ctx.now());
    delete meta.deletionTimestamp;
    delete meta.deletionGracePeriodSeconds;
    if (def.generation || def.crdName) meta.generation = 1;
    else delete meta.generation;
    const strategy = this.ctx.strategyFor(def);
    strategy.prepareForCreate?.(obj);
    if (def.crdName && def.status) delete obj.status;
    strategy.canonicalize?.(obj, undefined);
    errs.push(...(strategy.validate?.(obj, undefined) ?? []));
    if (errs.length) throw newInvalid(errorKind(def, strategy), meta.name ?? '', errs);
    checkNoResourceVersionOnCreate(meta.resourceVersion);
    delete meta.resourceVersion;
    const key = keyOf(def, meta.namespace, meta.name!);
    if (this.ctx.store.get(resourceKey(def), key))
      throw newAlreadyExists(groupResource(def), meta.name!);
    const tracked = this.track(def, undefined, obj, opts);
    strategy.admitOnCreate?.(tracked);
    if (opts.dryRun) return { ...tracked, metadata: { ...tracked.metadata } };
    return this.ctx.store.put(resourceKey(def), key, tracked).obj;
  }

  /**
   * Replaces the object named `name` with `body` (a PUT, or the result of a patch). Honours the
   * status subresource split, optimistic concurrency and the finalizer rules; an update that
   * empties the finalizers of an object being deleted deletes it.
   */
  update(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    body: Obj,
    opts: WriteOptions = {},
  ): Obj {
    const gr = groupResource(def);
    const key = keyOf(def, namespace, name);
    const live = this.ctx.store.get(resourceKey(def), key);
    if (!live) throw newNotFound(gr, name);
    const incoming = this.checkTypeAndNamespace(def, namespace, body);
    const meta = (incoming.metadata ??= {});
    if (meta.name && meta.name !== name) {
      throw newBadRequest(
        `the name of the object (${meta.name}) does not match the name on the URL (${name})`,
      );
    }
    meta.name = name;
    const old = live.obj;
    const rv = objectResourceVersion(meta.resourceVersion);
    if (rv !== 0n) {
      if (rv !== BigInt(old.metadata!.resourceVersion!))
        throw newConflict(gr, name, OptimisticLockErrorMsg);
    } else if (def.crdName) {
      throw newInvalid({ group: def.group, kind: def.kind }, name, [
        {
          type: 'FieldValueInvalid',
          field: 'metadata.resourceVersion',
          detail: 'Invalid value: 0x0: must be specified for an update',
        },
      ]);
    }
    if (meta.uid && meta.uid !== old.metadata!.uid) {
      // kube-apiserver reports this from the storage layer, with the etcd key
      throw newConflict(
        gr,
        name,
        `StorageError: invalid object, Code: 4, Key: ${storageKey(def, namespace, name)}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${meta.uid}, UID in object meta: ${old.metadata!.uid}`,
      );
    }
    let next = this.merge(def, old, incoming, opts.subresource);
    const errs = validateObjectMetaUpdate(next.metadata!, objectMetaRulesFor(def));
    const oldFinalizers = old.metadata!.finalizers ?? [];
    const added = (next.metadata!.finalizers ?? []).filter(
      (f: string) => !oldFinalizers.includes(f),
    );
    if (old.metadata!.deletionTimestamp && added.length) {
      errs.push({
        type: 'FieldValueForbidden',
        field: 'metadata.finalizers',
        detail: `Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{${added.map((f: string) => JSON.stringify(f)).join(', ')}}`,
      });
    }
    const strategy = this.ctx.strategyFor(def);
    strategy.canonicalize?.(next, old);
    const kindErrs = opts.subresource
      ? strategy.validateSubresource?.(opts.subresource, next, old)
      : strategy.validate?.(next, old);
    errs.push(...(kindErrs ?? []));
    if (errs.length) throw newInvalid(errorKind(def, strategy), name, errs);
    next = this.track(def, old, next, opts);
    if (!opts.subresource) strategy.prepareForUpdate?.(next, old);
    if ((def.generation || def.crdName) && opts.subresource !== 'binding' && specChanged(old, next))
      next.metadata!.generation = (old.metadata!.generation ?? 0) + 1;
    const shouldDelete =
      !!next.metadata!.deletionTimestamp &&
      !next.metadata!.finalizers?.length &&
      !(next.spec?.finalizers?.length && this.isNamespace(def)) &&
      (next.metadata!.deletionGracePeriodSeconds ?? 0) === 0;
    if (shouldDelete) {
      if (opts.dryRun) return next;
      return this.ctx.store.remove(resourceKey(def), key, next)!.obj;
    }
    next.metadata!.resourceVersion = old.metadata!.resourceVersion;
    if (deepEqual(next, old)) return old;
    if (opts.dryRun) return next;
    return this.ctx.store.put(resourceKey(def), key, next).obj;
  }

  /**
   * Deletes an object: checks preconditions, starts graceful deletion (pods on a node), adds the
   * propagation finalizers (orphan / foregroundDeletion) and either marks the object with a
   * deletionTimestamp (finalizers pending) or removes it.
   */
  delete(
    def: ResourceDef,
    namespace: string | undefined,
    name: string,
    opts: DeleteOptions = {},
  ): DeleteResult {
    const gr = groupResource(def);
    const key = keyOf(def, namespace, name);
    const live = this.ctx.store.get(resourceKey(def), key);
    if (!live) throw newNotFound(gr, name);
    const old = live.obj;
    // delete preconditions fail in the registry, which names the kind (Deployment.apps)
    checkPreconditions({ group: def.group, resource: def.kind }, old, opts.preconditions);
    const next = clone(old);
    const meta = next.metadata!;
    const finalizers = this.propagationFinalizers(def, meta.finalizers ?? [], opts);
    if (def.deletionFinalizer && !finalizers.includes(def.deletionFinalizer))
      finalizers.push(def.deletionFinalizer);
    if (finalizers.length) meta.finalizers = finalizers;
    else delete meta.finalizers;
    const grace = this.gracePeriod(def, old, opts);
    const namespacePending = this.isNamespace(def) && (next.spec?.finalizers?.length ?? 0) > 0;
    if (!finalizers.length && grace === 0 && !namespacePending) {
      if (opts.dryRun) return { obj: old, deleted: true };
      return { obj: this.ctx.store.remove(resourceKey(def), key, next)!.obj, deleted: true };
    }
    const now = this.ctx.now();
    // the first deletionTimestamp is a change of desired state: generation moves on
    if (!meta.deletionTimestamp && meta.generation) meta.generation += 1;
    if (!meta.deletionTimestamp || grace < (meta.deletionGracePeriodSeconds ?? Infinity)) {
      meta.deletionTimestamp = formatTime(new Date(now.getTime() + grace * 1000));
      meta.deletionGracePeriodSeconds = grace;
    }
    if (namespacePending) next.status = { ...next.status, phase: 'Terminating' };
    if (deepEqual(next, old) || opts.dryRun)
      return { obj: opts.dryRun ? next : old, deleted: false };
    const stored = this.ctx.store.put(resourceKey(def), key, next).obj;
    if (grace > 0) this.ctx.onGracefulDeletion?.(def, meta.namespace, name, meta.uid!, grace);
    return { obj: stored, deleted: false };
  }

  private track(def: ResourceDef, live: Obj | undefined, next: Obj, opts: WriteOptions): Obj {
    if (!opts.fieldManager || !this.ctx.trackFields) return next;
    const apiVersion = opts.apiVersion ?? next.apiVersion!;
    return this.ctx.trackFields(def, live, next, {
      manager: opts.fieldManager,
      apiVersion,
      subresource: opts.subresource,
    });
  }

  private propagationFinalizers(
    def: ResourceDef,
    current: string[],
    opts: DeleteOptions,
  ): string[] {
    let policy = opts.propagationPolicy;
    if (!policy && opts.orphanDependents !== undefined)
      policy = opts.orphanDependents ? 'Orphan' : 'Background';
    if (!policy) {
      if (current.includes('orphan') || current.includes('foregroundDeletion')) return current;
      policy = def.defaultPropagation ?? 'Background';
    }
    const rest = current.filter((f) => f !== 'orphan' && f !== 'foregroundDeletion');
    if (policy === 'Orphan') return [...rest, 'orphan'];
    if (policy === 'Foreground') return [...rest, 'foregroundDeletion'];
    return rest;
  }

  private gracePeriod(def: ResourceDef, obj: Obj, opts: DeleteOptions): number {
    if (!def.podSubresources) return 0;
    if (!obj.spec?.nodeName || terminalPhases.has(obj.status?.phase)) return 0;
    const requested = opts.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
    return Math.max(0, requested);
  }

  private isNamespace(def: ResourceDef): boolean {
    return def.group === '' && def.resource === 'namespaces';
  }

  /** The object an update stores: immutable metadata kept, status or the rest taken from `old`. */
  private merge(def: ResourceDef, old: Obj, incoming: Obj, subresource: string | undefined): Obj {
    const om = old.metadata!;
    if (subresource === 'binding') {
      // the scheduler's write: nodeName and the PodScheduled condition, nothing else
      const next = clone(old);
      next.spec = incoming.spec;
      next.status = incoming.status;
      return next;
    }
    if (subresource === 'status') {
      const next = clone(old);
      if (incoming.status === undefined) delete next.status;
      else next.status = incoming.status;
      return next;
    }
    const next: Obj = { ...incoming, apiVersion: old.apiVersion, kind: old.kind };
    const meta = { ...incoming.metadata };
    meta.uid = om.uid;
    meta.creationTimestamp = om.creationTimestamp;
    meta.namespace = om.namespace;
    if (om.deletionTimestamp) {
      meta.deletionTimestamp = om.deletionTimestamp;
      meta.deletionGracePeriodSeconds = om.deletionGracePeriodSeconds;
    } else {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
    }
    if (om.generation !== undefined) meta.generation = om.generation;
    else delete meta.generation;
    if (!meta.managedFields && om.managedFields) meta.managedFields = om.managedFields;
    if (!meta.generateName) delete meta.generateName;
    next.metadata = meta;
    if (def.status) {
      if (old.status === undefined) delete next.status;
      else next.status = old.status;
    }
    if (this.isNamespace(def) && subresource !== 'finalize') next.spec = old.spec;
    return next;
  }

  /** Checks apiVersion / kind of a body against the resource and fixes its namespace. */
  private checkTypeAndNamespace(def: ResourceDef, namespace: string | undefined, body: Obj): Obj {
    const storageApiVersion = apiVersionOf(def.group, def.storageVersion);
    const bodyVersion = body.apiVersion;
    if (bodyVersion && !def.versions.some((v) => apiVersionOf(def.group, v.name) === bodyVersion)) {
      throw newBadRequest(
        def.crdName
          ? `the API version in the data (${bodyVersion}) does not match the expected API version (${storageApiVersion})`
          : `${body.kind ?? def.kind} in version "${bodyVersion.split('/').pop()}" cannot be handled as a ${def.kind}: no kind "${body.kind ?? def.kind}" is registered for version "${bodyVersion}" in scheme "pkg/runtime/scheme.go:110"`,
      );
    }
    if (body.kind && body.kind !== def.kind) {
      const internalGroup = def.group ? def.group.split('.')[0] : 'core';
      throw newBadRequest(
        `${body.kind} in version "${def.storageVersion}" cannot be handled as a ${def.kind}: converting (${def.storageVersion}.${body.kind}) to (${internalGroup}.${def.kind}): unknown conversion`,
      );
    }
    if (body.metadata !== undefined && body.metadata !== null && !isJsonObject(body.metadata)) {
      // the typed decoding fails before anything else looks at the object
      const version = (bodyVersion ?? storageApiVersion).split('/').pop();
      throw newBadRequest(
        `${def.kind} in version "${version}" cannot be handled as a ${def.kind}: json: cannot unmarshal ${goJsonKind(body.metadata)} into Go struct field ${def.kind}.metadata of type v1.ObjectMeta`,
      );
    }
    const meta = (body.metadata ??= {});
    if (def.namespaced) {
      if (meta.namespace && meta.namespace !== namespace) {
        throw newBadRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      meta.namespace = namespace;
    } else {
      delete meta.namespace;
    }
    const { kind: _kind, apiVersion: _apiVersion, ...rest } = body;
    return { kind: def.kind, apiVersion: storageApiVersion, ...rest };
  }

  private checkNamespaceAcceptsCreate(def: ResourceDef, namespace: string, name: string): void {
    const ns = this.ctx.store.get('namespaces', namespace);
    if (!ns) throw newNotFound({ group: '', resource: 'namespaces' }, namespace);
    if (ns.obj.metadata?.deletionTimestamp) {
      const err = newForbidden(
        groupResource(def),
        name,
        `unable to create new content in namespace ${namespace} because it is being terminated`,
      );
      throw new StatusError({
        ...err.status,
        details: {
          ...err.status.details,
          causes: [
            {
              reason: 'NamespaceTerminating',
              message: `namespace ${namespace} is being terminated`,
              field: 'metadata.namespace',
            },
          ],
        },
      });
    }
  }
}
