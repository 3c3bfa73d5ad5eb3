import type { KubeObject } from '@kubekit/apimachinery';
import {
  objectOfDeletion,
  type DeletedFinalStateUnknown,
  type ResourceEventHandler,
} from '@kubekit/cache';
import { LowPriority, type PriorityQueue, type Queue } from '@kubekit/workqueue';
import type { WatchOptions } from '../controller';
import { enqueueForObject, type MapToKeys } from '../handlers';

/**
 * An update that changes nothing: a resync or relist delivers the cached object again with the
 * same resourceVersion (controller-runtime's `WithLowPriorityWhenUnchanged`).
 */
function isResync(oldObj: KubeObject, newObj: KubeObject): boolean {
  const rv = newObj.metadata?.resourceVersion;
  return rv !== undefined && rv === oldObj.metadata?.resourceVersion;
}

/**
 * The informer handler of one `watch()`: observe, filter, map to keys, enqueue. With a priority
 * queue, keys of initial-list adds and resyncs go in at {@link LowPriority}.
 */
export function eventHandler<T extends KubeObject>(
  queue: Queue<string>,
  options: WatchOptions<T>,
  priorityQueue: PriorityQueue<string> | undefined,
): ResourceEventHandler<T> {
  const mapToKeys = (options.mapToKeys ?? enqueueForObject) as MapToKeys<T>;
  const predicates = options.predicates ?? [];
  /** `unchanged`: the event reports no change (initial list, resync): low priority. */
  const enqueue = (unchanged: boolean, ...objects: T[]) => {
    // Deduplicated first: adding a key twice in a row would reconcile it twice when a worker
    // takes it between the two adds.
    const keys = new Set(objects.flatMap((obj) => mapToKeys(obj)));
    if (unchanged && priorityQueue) priorityQueue.addWithOpts({ priority: LowPriority }, ...keys);
    else for (const key of keys) queue.add(key);
  };
  return {
    onAdd(obj, isInInitialList) {
      options.observe?.({ type: 'add', object: obj, isInInitialList });
      if (predicates.every((p) => p.create?.(obj) ?? true)) enqueue(isInInitialList, obj);
    },
    onUpdate(oldObj, newObj) {
      options.observe?.({ type: 'update', oldObject: oldObj, object: newObj });
      if (predicates.every((p) => p.update?.(oldObj, newObj) ?? true))
        enqueue(isResync(oldObj, newObj), oldObj, newObj);
    },
    onDelete(obj: T | DeletedFinalStateUnknown<T>) {
      const last = objectOfDeletion(obj);
      if (!last) return;
      options.observe?.({ type: 'delete', object: last });
      if (predicates.every((p) => p.delete?.(last) ?? true)) enqueue(false, last);
    },
  };
}
