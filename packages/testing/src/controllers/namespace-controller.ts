import { StatusError } from '@kubekit/apimachinery';
import { BackgroundWorker } from './background-worker';
import { clone } from '../semantics/json';
import { resourceKey } from '../storage/resource-def';
import type { StoreEvent } from '../storage/store';

/**
 * The namespace lifecycle controller: once a namespace is marked for deletion it deletes every
 * namespaced object in it, waits until they are gone (finalizers may hold them), then removes
 * the `kubernetes` spec finalizer, which deletes the namespace.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/namespace/deletion/namespaced_resources_deleter.go
 */
export class NamespaceController extends BackgroundWorker {
  protected observe(e: StoreEvent): void {
    if (e.resource === 'namespaces') {
      if (e.type !== 'DELETED' && e.obj.metadata?.deletionTimestamp) this.queue.add(e.key);
      return;
    }
    const ns = e.obj.metadata?.namespace;
    if (
      ns &&
      e.type === 'DELETED' &&
      this.core.store.get('namespaces', ns)?.obj.metadata?.deletionTimestamp
    )
      this.queue.add(ns);
  }

  protected sync(name: string): void {
    const nsDef = this.core.registry.byKey('namespaces')!;
    const ns = this.core.store.get('namespaces', name)?.obj;
    if (!ns?.metadata?.deletionTimestamp) return;
    let remaining = 0;
    for (const def of this.core.registry.all()) {
      if (!def.namespaced) continue;
      for (const key of [...this.core.store.keys(resourceKey(def), `${name}/`)]) {
        remaining++;
        const obj = this.core.store.get(resourceKey(def), key)!.obj;
        if (obj.metadata?.deletionTimestamp) continue;
        try {
          this.core.generic.delete(def, name, obj.metadata!.name!, {
            propagationPolicy: 'Background',
          });
        } catch (err) {
          if (!(StatusError.isInstance(err) && (err as StatusError).code === 404)) throw err;
        }
        if (!this.core.store.get(resourceKey(def), key)) remaining--;
      }
    }
    if (remaining > 0 || !ns.spec?.finalizers?.includes('kubernetes')) return;
    const next = clone(this.core.store.get('namespaces', name)!.obj);
    next.spec = {
      ...next.spec,
      finalizers: next.spec.finalizers.filter((f: string) => f !== 'kubernetes'),
    };
    this.core.generic.update(nsDef, undefined, name, next, { subresource: 'finalize' });
  }
}
