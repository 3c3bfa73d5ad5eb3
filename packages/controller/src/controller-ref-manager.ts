import {
  getControllerOf,
  isNotFound,
  newControllerRef,
  selectorFromLabelSelector,
  type GroupVersionKind,
  type KubeObject,
  type LabelSelector,
  type Selector,
} from '@kubekit/apimachinery';
import { ControllerError } from './controller-error';
import { patchMetadataList } from './internal/patch-metadata';
import type { PatchClient } from './patch-client';

/** Options of {@link claimObjects}. @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/controller_ref_manager.go */
export interface ClaimObjectsOptions<T extends KubeObject> {
  /** The controller's object (a TFJob, a ReplicaSet): its uid, namespace and deletion state. */
  owner: KubeObject;
  /** The owner's kind, for the controller references written on adoption. */
  ownerGvk: GroupVersionKind;
  /** Which objects belong to the owner, by labels. */
  selector: Selector | LabelSelector;
  /** The candidates, usually every object of the kind in the owner's namespace (from a lister). */
  objects: readonly T[];
  /** Patches the candidates (bound to the owner's namespace). */
  client: PatchClient<T>;
  /**
   * Reads the owner fresh from the API server (not the cache). When given, it is called once,
   * before the first adoption: adoption is refused (an error, so the key is retried) when the
   * owner is gone, was replaced (other uid) or is being deleted, which a stale cache can hide
   * (client-go's `RecheckDeletionTimestamp`).
   */
  getFreshOwner?: (signal: AbortSignal | undefined) => Promise<KubeObject>;
  /** Cancels the requests. */
  signal?: AbortSignal | undefined;
}

/**
 * Claims the objects that belong to a controller (client-go's `ControllerRefManager.ClaimObject`,
 * as `PodControllerRefManager.ClaimPods`): returns those it owns, after
 *
 * - adopting orphans (no controller reference) that match the selector, are not being deleted and
 *   live in the owner's namespace, by patching in a controller reference;
 * - releasing owned objects that no longer match, by patching the reference out.
 *
 * Objects controlled by another owner are never touched. An owner being deleted
 * (`deletionTimestamp` set) neither adopts nor releases: it keeps what it owns.
 *
 * Guarantees: every patch carries the object's `uid` and `resourceVersion`, so a stale object
 * fails with 409 Conflict instead of overwriting someone's change. An object that disappears
 * meanwhile (404) is simply not claimed.
 *
 * @throws ControllerError `ClaimFailed` after trying every object when some adoption or release
 *   failed (`cause` is an AggregateError of the StatusErrors); retry the key.
 * @example
 * ```ts
 * const pods = await claimObjects({
 *   owner: job, ownerGvk: tfJobGvk, selector: { matchLabels: { 'training.kubeflow.org/job-name': name } },
 *   objects: podLister.namespace(ns).list(), client: podPatcher(ns),
 *   getFreshOwner: (signal) => tfJobs.get(name, { signal }),
 * });
 * ```
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/controller_ref_manager.go
 */
export async function claimObjects<T extends KubeObject>(
  options: ClaimObjectsOptions<T>,
): Promise<T[]> {
  const { owner, objects, signal } = options;
  const selector = isSelector(options.selector)
    ? options.selector
    : selectorFromLabelSelector(options.selector);
  const ownerUid = owner.metadata?.uid;
  const ownerDeleting = !!owner.metadata?.deletionTimestamp;
  const ownerNamespace = owner.metadata?.namespace ?? '';
  let adoptable: Promise<void> | undefined;
  const canAdopt = () => (adoptable ??= recheckOwner(options));

  const claimed: T[] = [];
  const errors: unknown[] = [];
  for (const obj of objects) {
    const matches = selector.matches(obj.metadata?.labels);
    const ref = getControllerOf(obj);
    try {
      if (ref) {
        if (ref.uid !== ownerUid) continue; // someone else's
        if (matches || ownerDeleting) {
          claimed.push(obj);
          continue;
        }
        await release(options, obj);
        continue;
      }
      if (ownerDeleting || !matches || obj.metadata?.deletionTimestamp) continue;
      if (ownerNamespace && (obj.metadata?.namespace ?? '') !== ownerNamespace) continue;
      await canAdopt();
      const refs = [
        ...(obj.metadata?.ownerReferences ?? []),
        newControllerRef(owner, options.ownerGvk),
      ];
      claimed.push(await patchMetadataList(options.client, obj, 'ownerReferences', refs, signal));
    } catch (err) {
      if (!isNotFound(err)) errors.push(err);
    }
  }
  if (errors.length) {
    const summary = errors.map((e) => (e instanceof Error ? e.message : String(e))).join('; ');
    throw new ControllerError('ClaimFailed', `claiming objects failed: ${summary}`, {
      cause: new AggregateError(errors, summary),
    });
  }
  return claimed;
}

/** Removes the owner's reference from `obj` (client-go's ReleasePod). */
function release<T extends KubeObject>(options: ClaimObjectsOptions<T>, obj: T): Promise<T> {
  const uid = options.owner.metadata?.uid;
  const refs = (obj.metadata?.ownerReferences ?? []).filter((r) => r.uid !== uid);
  return patchMetadataList(options.client, obj, 'ownerReferences', refs, options.signal);
}

/** Refuses adoption when a fresh read shows the owner gone, replaced or being deleted. */
async function recheckOwner<T extends KubeObject>(options: ClaimObjectsOptions<T>): Promise<void> {
  if (!options.getFreshOwner) return;
  const { owner } = options;
  const what = `${options.ownerGvk.kind} ${owner.metadata?.namespace ?? ''}/${owner.metadata?.name ?? ''}`;
  const fresh = await options.getFreshOwner(options.signal);
  if (fresh.metadata?.uid !== owner.metadata?.uid)
    throw new ControllerError(
      'ClaimFailed',
      `original ${what} is gone: got uid ${fresh.metadata?.uid}, wanted ${owner.metadata?.uid}`,
    );
  if (fresh.metadata?.deletionTimestamp)
    throw new ControllerError(
      'ClaimFailed',
      `${what} has just been deleted at ${fresh.metadata.deletionTimestamp}`,
    );
}

function isSelector(value: Selector | LabelSelector): value is Selector {
  return typeof (value as Selector).matches === 'function';
}
