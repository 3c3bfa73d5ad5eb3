/**
 * The options of the generic store's reads and writes and what a delete returns: the registry's
 * side of ListOptions / CreateOptions / UpdateOptions / PatchOptions / DeleteOptions, with the
 * delete preconditions.
 */
import { newConflict, type GroupResource } from '@kubekit/apimachinery';
import type { ResourceDef } from './resource-def';
import type { Obj } from './store';

/**
 * ListOptions (meta/v1) as a list or a watch reads them (the server parses and validates them
 * from the query string).
 */
export interface ListOptions {
  labelSelector: string | null;
  fieldSelector: string | null;
  watch: boolean;
  allowWatchBookmarks: boolean;
  resourceVersion: string;
  resourceVersionMatch: string;
  sendInitialEvents: boolean | undefined;
  timeoutSeconds: number | undefined;
  limit: number;
  continueToken: string;
}

/** What a write may ask for beyond the object itself. */
export interface WriteOptions {
  /** dryRun=All: run every check and return the result, persist nothing. */
  dryRun?: boolean;
  subresource?: string;
  /** Records the write in managedFields under this manager (undefined: leave them as they are). */
  fieldManager?: string;
  /** The apiVersion the client used (recorded in managedFields). */
  apiVersion?: string;
}

/** DeleteOptions (meta/v1) as the server reads them from the body or the query. */
export interface DeleteOptions extends WriteOptions {
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  orphanDependents?: boolean;
}

/**
 * Throws the 409 of a delete whose preconditions `old` does not meet, naming `gr` (the registry
 * names the kind, `Deployment.apps`; the eviction names `Pod`).
 */
export function checkPreconditions(
  gr: GroupResource,
  old: Obj,
  pre: DeleteOptions['preconditions'],
): void {
  const { name, uid, resourceVersion } = old.metadata!;
  if (pre?.uid && pre.uid !== uid) {
    throw newConflict(
      gr,
      name!,
      `the UID in the precondition (${pre.uid}) does not match the UID in record (${uid}). The object might have been deleted and then recreated`,
    );
  }
  if (pre?.resourceVersion && pre.resourceVersion !== resourceVersion) {
    throw newConflict(
      gr,
      name!,
      `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${resourceVersion}). The object might have been modified`,
    );
  }
}

/** The outcome of a delete: the object and whether it is gone (false: marked for deletion). */
export interface DeleteResult {
  obj: Obj;
  deleted: boolean;
}

/** Records a non-apply write in managedFields; returns the object to store. */
export type TrackFieldsHook = (
  def: ResourceDef,
  live: Obj | undefined,
  next: Obj,
  opts: { manager: string; apiVersion: string; subresource?: string },
) => Obj;
