import { BackgroundWorker, ignoreMissing } from './background-worker';
import { clone } from '../semantics/json';
import type { ResourceDef } from '../storage/resource-def';
import type { Obj, StoreEvent } from '../storage/store';

const ref = (resource: string, key: string): string => `${resource}|${key}`;

/**
 * The ownerReference garbage collector: deletes dependents whose owners are all gone
 * (background), removes owner references and the `orphan` finalizer (orphan), and deletes
 * dependents before removing the `foregroundDeletion` finalizer once no dependent with
 * blockOwnerDeletion remains (foreground). Indexes owners by uid, so each event costs
 * O(owner references), not O(objects).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/garbagecollector/garbagecollector.go
 */
export class GarbageCollector extends BackgroundWorker {
  /** uid -> `resource|key` of every stored object. */
  private readonly byUid = new Map<string, string>();
  /** owner uid -> dependents (`resource|key`). */
  private readonly dependents = new Map<string, Set<string>>();
  protected observe(e: StoreEvent): void {
    const id = ref(e.resource, e.key);
    const uid = e.obj.metadata?.uid;
    const oldOwners = ownerUids(e.prev);
    const newOwners = e.type === 'DELETED' ? [] : ownerUids(e.obj);
    for (const o of oldOwners) if (!newOwners.includes(o)) this.dependents.get(o)?.delete(id);
    for (const o of newOwners) {
      let set = this.dependents.get(o);
      if (!set) this.dependents.set(o, (set = new Set()));
      set.add(id);
    }
    if (e.type === 'DELETED') {
      if (uid) this.byUid.delete(uid);
      if (uid) for (const d of this.dependents.get(uid) ?? []) this.queue.add(d);
      for (const o of oldOwners) this.queueOwner(o);
      return;
    }
    if (uid) this.byUid.set(uid, id);
    const fin = e.obj.metadata?.finalizers ?? [];
    if (
      e.obj.metadata?.deletionTimestamp &&
      (fin.includes('orphan') || fin.includes('foregroundDeletion'))
    )
      this.queue.add(id);
    if (e.type === 'ADDED' && newOwners.length) this.queue.add(id);
    if (e.obj.metadata?.deletionTimestamp) for (const o of newOwners) this.queueOwner(o);
  }

  private queueOwner(uid: string): void {
    const owner = this.byUid.get(uid);
    if (owner) this.queue.add(owner);
  }

  private lookup(id: string): { resource: string; key: string; obj: Obj } | undefined {
    const i = id.indexOf('|');
    const resource = id.slice(0, i);
    const key = id.slice(i + 1);
    const obj = this.core.store.get(resource, key)?.obj;
    return obj ? { resource, key, obj } : undefined;
  }

  protected sync(id: string): void {
    const item = this.lookup(id);
    if (!item) return;
    const meta = item.obj.metadata!;
    const fin = meta.finalizers ?? [];
    if (meta.deletionTimestamp && fin.includes('orphan')) return this.orphan(item.obj, id);
    if (meta.deletionTimestamp && fin.includes('foregroundDeletion')) this.foreground(item.obj, id);
    this.collectIfOwnersGone(item.obj, id);
  }

  private defOf(id: string): ResourceDef | undefined {
    return this.core.registry.byKey(id.slice(0, id.indexOf('|')));
  }

  private update(id: string, obj: Obj): void {
    const def = this.defOf(id);
    if (!def) return;
    ignoreMissing(() =>
      this.core.generic.update(def, obj.metadata!.namespace, obj.metadata!.name!, obj),
    );
  }

  private delete(id: string, obj: Obj, propagationPolicy: 'Background' | 'Foreground'): void {
    const def = this.defOf(id);
    if (!def) return;
    ignoreMissing(() =>
      this.core.generic.delete(def, obj.metadata!.namespace, obj.metadata!.name!, {
        propagationPolicy,
        preconditions: { uid: obj.metadata!.uid },
      }),
    );
  }

  private orphan(owner: Obj, id: string): void {
    const uid = owner.metadata!.uid!;
    for (const d of [...(this.dependents.get(uid) ?? [])]) {
      const dep = this.lookup(d);
      if (!dep) continue;
      const next = clone(dep.obj);
      next.metadata!.ownerReferences = next.metadata!.ownerReferences!.filter((r) => r.uid !== uid);
      if (!next.metadata!.ownerReferences.length) delete next.metadata!.ownerReferences;
      this.update(d, next);
    }
    this.removeFinalizer(id, owner, 'orphan');
  }

  private foreground(owner: Obj, id: string): void {
    const uid = owner.metadata!.uid!;
    let blocking = 0;
    for (const d of [...(this.dependents.get(uid) ?? [])]) {
      const dep = this.lookup(d);
      if (!dep) continue;
      const r = dep.obj.metadata!.ownerReferences?.find((x) => x.uid === uid);
      if (r?.blockOwnerDeletion) blocking++;
      if (!dep.obj.metadata!.deletionTimestamp) {
        const hasOwnDependents = (this.dependents.get(dep.obj.metadata!.uid!)?.size ?? 0) > 0;
        this.delete(d, dep.obj, hasOwnDependents ? 'Foreground' : 'Background');
      }
    }
    if (blocking === 0) this.removeFinalizer(id, owner, 'foregroundDeletion');
  }

  private removeFinalizer(id: string, obj: Obj, finalizer: string): void {
    const live = this.lookup(id)?.obj ?? obj;
    const next = clone(live);
    next.metadata!.finalizers = (next.metadata!.finalizers ?? []).filter((f) => f !== finalizer);
    if (!next.metadata!.finalizers.length) delete next.metadata!.finalizers;
    this.update(id, next);
  }

  /** A dependent whose owners are all gone is deleted; references to gone owners are dropped. */
  private collectIfOwnersGone(obj: Obj, id: string): void {
    const refs = obj.metadata!.ownerReferences ?? [];
    if (!refs.length || obj.metadata!.deletionTimestamp) return;
    const solid: string[] = [];
    const dangling: string[] = [];
    let waiting = false;
    for (const r of refs) {
      const owner = this.byUid.has(r.uid) ? this.lookup(this.byUid.get(r.uid)!) : undefined;
      if (!owner) dangling.push(r.uid);
      else if (
        owner.obj.metadata!.deletionTimestamp &&
        owner.obj.metadata!.finalizers?.includes('foregroundDeletion')
      )
        waiting = true;
      else solid.push(r.uid);
    }
    if (solid.length) {
      if (dangling.length) {
        const next = clone(obj);
        next.metadata!.ownerReferences = refs.filter((r) => !dangling.includes(r.uid));
        this.update(id, next);
      }
      return;
    }
    if (!dangling.length && !waiting) return;
    const hasOwnDependents = (this.dependents.get(obj.metadata!.uid!)?.size ?? 0) > 0;
    this.delete(id, obj, waiting && hasOwnDependents ? 'Foreground' : 'Background');
  }
}

function ownerUids(obj: Obj | undefined): string[] {
  return (obj?.metadata?.ownerReferences ?? []).map((r) => r.uid);
}
