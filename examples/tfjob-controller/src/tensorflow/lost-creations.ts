import type { ControllerExpectations } from '@kubekit/controller';

/**
 * The resourceVersion the server gave the newest create of each expectations key (`<job>/pods`,
 * `<job>/services`). Kept next to the expectations so a creation the informer can never deliver
 * does not hold its job back: a pod created and deleted again while the informer's watch was
 * down (an eviction, a lost node) is not in the relist that follows, so neither its add nor its
 * delete event ever comes, and the count-only expectations stayed unsatisfied until their TTL
 * (5 min) with nothing to enqueue the job after it.
 */
export type CreationVersions = Map<string, string>;

/**
 * Resolves expectations that wait only for creations the cache has already passed: when the
 * informer's resourceVersion (`cacheVersion`, its last list or watch event) is at least the
 * resourceVersion of the newest create of `expKey`, the cache reflects that create and whatever
 * happened to the object since (present, or gone for good), so the record is dropped and the
 * caller may act on the cache. Pending deletions are never resolved here: a deletion of an
 * object the cache holds always arrives (a delete event, or a tombstone after a relist).
 *
 * resourceVersions are compared as the decimal integers etcd and the in-memory server issue;
 * any other form leaves the record to its TTL. The informer's resourceVersion can run a few
 * microtasks ahead of its store: a create made in that window reuses the replica's
 * deterministic name and fails with AlreadyExists, and the reconcile is retried.
 *
 * @returns true when `expKey` is satisfied (already, or now).
 */
export function satisfiedOrPassed(
  expectations: ControllerExpectations,
  versions: CreationVersions,
  expKey: string,
  cacheVersion: string,
): boolean {
  if (expectations.satisfiedExpectations(expKey)) return true;
  const record = expectations.getExpectations(expKey);
  const created = versions.get(expKey);
  if (!record || record.del > 0 || created === undefined) return false;
  if (!isDecimal(created) || !isDecimal(cacheVersion)) return false;
  if (BigInt(cacheVersion) < BigInt(created)) return false;
  expectations.deleteExpectations(expKey);
  versions.delete(expKey);
  return true;
}

const isDecimal = (rv: string): boolean => /^[0-9]+$/.test(rv);
