import { realClock, type Clock, type KubeObject } from '@kubekit/apimachinery';
import { isDeletedFinalStateUnknown, type InformerEvent } from '@kubekit/cache';
import { checkOption } from './controller-error';

/**
 * How long expectations are trusted before a controller syncs anyway (client-go's
 * `ExpectationsTimeout`): 5 minutes. A watch event that was lost for good (the object was
 * created and deleted while the watch was down) must not block a controller forever.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/controller_utils.go
 */
export const ExpectationsTimeoutMs = 5 * 60 * 1000;

/** What a controller still waits to see for one key: creations and deletions pending. @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/controller_utils.go (ControlleeExpectations) */
export interface Expectations {
  /** Creations not yet observed in the cache; <= 0 once all were seen. */
  readonly add: number;
  /** Deletions not yet observed in the cache; <= 0 once all were seen. */
  readonly del: number;
  /** Clock reading (ms) when the expectations were last set; lowering does not move it. */
  readonly timestamp: number;
}

/** Options of {@link newControllerExpectations}. @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/controller_utils.go */
export interface ControllerExpectationsOptions {
  /** Time source for the TTL; default the real clock. */
  clock?: Pick<Clock, 'now'> | undefined;
  /** How long a record is trusted; default {@link ExpectationsTimeoutMs}. */
  ttlMs?: number | undefined;
}

/**
 * Remembers, per key, how many creations and deletions a controller has issued but not yet seen
 * come back through its informers (client-go's ControllerExpectations). Before acting on the
 * cache, a sync checks {@link ControllerExpectations.satisfiedExpectations}: while it is false the
 * cache is known to be behind the controller's own writes, and acting would create or delete
 * twice.
 *
 * Keys are opaque strings: the controller key (`namespace/name`) or finer, such as
 * `namespace/name/worker` for one replica type of a job (kubeflow's `GenExpectationPodsKey`).
 *
 * Guarantees: a key with no record, with every expectation observed, or whose record is older
 * than the TTL is satisfied. Counts may go below zero (an observation the controller did not
 * expect); that still counts as satisfied, and the next `expect*` call replaces the record.
 *
 * @example
 * ```ts
 * const expectations = newControllerExpectations();
 * if (!expectations.satisfiedExpectations(key)) return; // a pod event will enqueue key again
 * expectations.expectCreations(key, missing.length);
 * for (const pod of missing) {
 *   try { await pods.create(pod); } catch (err) { expectations.creationObserved(key); throw err; }
 * }
 * // in the pod informer's add handler: expectations.creationObserved(keyOfOwner(pod));
 * ```
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/controller_utils.go
 */
export interface ControllerExpectations {
  /** The record of `key`, if any. */
  getExpectations(key: string): Expectations | undefined;
  /**
   * True when the controller may act on the cache for `key`: no record, all expectations
   * observed, or the record expired (older than the TTL).
   */
  satisfiedExpectations(key: string): boolean;
  /** Replaces the record of `key` with `adds` creations and `dels` deletions, stamped now. */
  setExpectations(key: string, adds: number, dels: number): void;
  /** Replaces the record of `key` with `adds` creations expected (and no deletions). */
  expectCreations(key: string, adds: number): void;
  /** Replaces the record of `key` with `dels` deletions expected (and no creations). */
  expectDeletions(key: string, dels: number): void;
  /** Adds to an existing record (no effect without one); does not move its timestamp. */
  raiseExpectations(key: string, adds: number, dels: number): void;
  /** Subtracts from an existing record (no effect without one); does not move its timestamp. */
  lowerExpectations(key: string, adds: number, dels: number): void;
  /** One expected creation was seen (or will never happen: the create failed). */
  creationObserved(key: string): void;
  /** One expected deletion was seen (or will never happen: the delete failed). */
  deletionObserved(key: string): void;
  /** Forgets `key` (call it when the controller's object is deleted). */
  deleteExpectations(key: string): void;
  /** How many keys have a record. */
  size(): number;
}

/**
 * Creates {@link ControllerExpectations} (client-go's NewControllerExpectations).
 *
 * @throws ControllerError `InvalidOptions` when `ttlMs` is not a positive number.
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/controller_utils.go
 */
export function newControllerExpectations(
  options: ControllerExpectationsOptions = {},
): ControllerExpectations {
  const clock = options.clock ?? realClock;
  const ttlMs = options.ttlMs ?? ExpectationsTimeoutMs;
  checkOption(ttlMs > 0, `ttlMs must be positive, got ${ttlMs}`);
  const records = new Map<string, Expectations>();

  const adjust = (key: string, adds: number, dels: number): void => {
    const record = records.get(key);
    if (record) records.set(key, { ...record, add: record.add + adds, del: record.del + dels });
  };
  const set = (key: string, adds: number, dels: number): void => {
    records.set(key, { add: adds, del: dels, timestamp: clock.now() });
  };

  return {
    getExpectations: (key) => records.get(key),
    satisfiedExpectations(key) {
      const record = records.get(key);
      if (!record) return true;
      if (record.add <= 0 && record.del <= 0) return true;
      return clock.now() - record.timestamp > ttlMs;
    },
    setExpectations: set,
    expectCreations: (key, adds) => set(key, adds, 0),
    expectDeletions: (key, dels) => set(key, 0, dels),
    raiseExpectations: adjust,
    lowerExpectations: (key, adds, dels) => adjust(key, -adds, -dels),
    creationObserved: (key) => adjust(key, -1, 0),
    deletionObserved: (key) => adjust(key, 0, -1),
    deleteExpectations: (key) => void records.delete(key),
    size: () => records.size,
  };
}

/**
 * A `watch()` observer that records what an expectations key saw: an added object is an observed
 * creation, a deleted one an observed deletion, each for the key `keyOf(obj)` returns (skipped
 * when it returns `undefined`, e.g. for objects the controller does not own). A deletion the
 * informer only learned from a relist (a `DeletedFinalStateUnknown` tombstone) counts for the
 * object it carries, as client-go's deletePod unwraps it: skipping it left the key unsatisfied
 * until the expectations' TTL (5 min), its owner stalled.
 *
 * @example
 * ```ts
 * const ownerKey = enqueueForOwner({ group: 'kubeflow.org', kind: 'TFJob' });
 * controller.watch(pods.informer, {
 *   mapToKeys: ownerKey,
 *   observe: expectationsObserver(expectations, (pod) => ownerKey(pod)[0]),
 * });
 * ```
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/replicaset/replica_set.go (addPod, deletePod)
 */
export function expectationsObserver<T extends KubeObject>(
  expectations: Pick<ControllerExpectations, 'creationObserved' | 'deletionObserved'>,
  keyOf: (obj: T) => string | undefined,
): (event: InformerEvent<T>) => void {
  return (event) => {
    if (event.type === 'update') return;
    const obj = isDeletedFinalStateUnknown(event.object) ? event.object.obj : event.object;
    if (!obj) return;
    const key = keyOf(obj as T);
    if (key === undefined) return;
    if (event.type === 'add') expectations.creationObserved(key);
    else expectations.deletionObserved(key);
  };
}
