import type { coreV1 } from '@kubekit/clientset';
import { disruptionOf } from './disruption';

/** A job's disrupted pods the informer saw deleted, by pod name: their last known state. */
export type GoneDisrupted = ReadonlyMap<string, coreV1.Pod>;

/**
 * The disrupted pods of each job that the pod informer saw deleted, so that no disruption goes
 * unannounced: a pod can be evicted (or deleted, or lost with its node) and be gone before any
 * reconcile of its job saw it terminating (or while the job's status writes failed); the next
 * reconcile announces the restart from the pod's last state here, whether the replacement
 * exists yet or not, instead of replacing it silently.
 *
 * The pods the controller deletes itself (failed pods it restarts, scale-down, suspend,
 * cleanup) are not disruptions and are never recorded: the reconcile that deletes one says why.
 * Kept in memory like the expectations: a restarted controller starts empty.
 */
export class GonePods {
  readonly #byJob = new Map<string, Map<string, coreV1.Pod>>();
  /** uids of the pods the controller is deleting, until the informer sees them go. */
  readonly #ownDeletes = new Set<string>();

  /** The controller is about to delete `pod` itself. */
  deleting(pod: Pick<coreV1.Pod, 'metadata'>): void {
    const uid = pod.metadata?.uid;
    if (uid) this.#ownDeletes.add(uid);
  }

  /** The controller's delete of `pod` failed (or found it gone): no delete of its own to await. */
  notDeleting(pod: Pick<coreV1.Pod, 'metadata'>): void {
    const uid = pod.metadata?.uid;
    if (uid) this.#ownDeletes.delete(uid);
  }

  /**
   * The informer saw `pod`, owned by job `jobKey`, deleted (`pod` is its last known state):
   * recorded when the controller did not delete it and {@link disruptionOf} says why it went.
   */
  deleted(jobKey: string, pod: coreV1.Pod): void {
    const uid = pod.metadata?.uid;
    if (uid && this.#ownDeletes.delete(uid)) return;
    const name = pod.metadata?.name;
    if (!name || !disruptionOf(pod)) return;
    let job = this.#byJob.get(jobKey);
    if (!job) this.#byJob.set(jobKey, (job = new Map()));
    job.set(name, pod);
  }

  /**
   * Takes the records of job `jobKey` for one reconcile, which sees none of these pods in its
   * cache (the informer updates its cache before it notifies): it announces those whose replica
   * it replaces and drops the rest. A reconcile that fails hands them back ({@link restore}).
   */
  take(jobKey: string): GoneDisrupted {
    const job = this.#byJob.get(jobKey);
    this.#byJob.delete(jobKey);
    return job ?? new Map();
  }

  /** Hands back the records a failed reconcile took (those recorded since are kept). */
  restore(jobKey: string, taken: GoneDisrupted): void {
    if (taken.size === 0) return;
    const job = new Map(taken);
    for (const [name, pod] of this.#byJob.get(jobKey) ?? []) job.set(name, pod);
    this.#byJob.set(jobKey, job);
  }

  /** Job `jobKey` is gone: its records go too. */
  forget(jobKey: string): void {
    this.#byJob.delete(jobKey);
  }
}
