/**
 * The options of typed client calls (metav1.ListOptions, GetOptions, CreateOptions, ...), each
 * with the caller's AbortSignal.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/apis/meta/v1/types.go
 * @packageDocumentation
 */
import type { PatchType } from '@kubekit/rest';

/** A label or field selector: its string form, or anything whose `toString()` is. */
export type SelectorLike = string | { toString(): string };

/** Options every call takes. */
export interface CallOptions {
  /** Cancels the request (and its waits for rate limiting and retries). */
  signal?: AbortSignal;
  /** Overall timeout of this request in ms, retries included (overrides the config's). */
  timeoutMs?: number;
}

/** Options of `list` and `listAll`. */
export interface ListOptions extends CallOptions {
  /** Only objects whose labels match, e.g. `app=web,tier!=db`. */
  labelSelector?: SelectorLike;
  /** Only objects whose fields match, e.g. `status.phase=Running`. */
  fieldSelector?: SelectorLike;
  /** At most this many items; the list's `metadata.continue` fetches the next page. */
  limit?: number;
  /** The `metadata.continue` token of the previous page. */
  continue?: string;
  /** `''` (default): a consistent read; `'0'`: any cached data; else: not older than it. */
  resourceVersion?: string;
  /** `NotOlderThan` or `Exact`, qualifying {@link ListOptions.resourceVersion}. */
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
}

/** Options of `get`. */
export interface GetOptions extends CallOptions {
  /** `'0'` lets the server answer from its cache; default: a consistent read. */
  resourceVersion?: string;
}

/** How the server treats unknown or duplicate fields in a write. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Options of every write (create, update, patch, apply). */
export interface WriteOptions extends CallOptions {
  /** Validate and admit, but persist nothing. */
  dryRun?: boolean;
  /** The manager recorded in `metadata.managedFields`. */
  fieldManager?: string;
  /** Unknown or duplicate fields: reject (`Strict`), warn, or drop silently. */
  fieldValidation?: FieldValidation;
}

/** Options of `create`. */
export type CreateOptions = WriteOptions;

/** Options of `update` and `updateStatus`. */
export type UpdateOptions = WriteOptions;

/** Options of `patch` and `patchStatus`. */
export interface PatchOptions extends WriteOptions {
  /**
   * The patch format. Default `PatchType.MergePatch` for objects and
   * `PatchType.JSONPatch` for arrays of operations.
   */
  type?: PatchType;
  /** With an apply patch: take over fields other managers own. */
  force?: boolean;
}

/** Options of `apply` and `applyStatus` (server-side apply). */
export interface ApplyOptions extends Omit<WriteOptions, 'fieldManager'> {
  /** Required: who owns the applied fields. */
  fieldManager: string;
  /** Take over fields other managers own instead of failing with a conflict. */
  force?: boolean;
}

/** What happens to an object's dependents when it is deleted. */
export type PropagationPolicy = 'Orphan' | 'Background' | 'Foreground';

/** Options of `delete`. */
export interface DeleteOptions extends CallOptions {
  /** Seconds before the object is deleted (pods); 0 deletes immediately. */
  gracePeriodSeconds?: number;
  /** Whether and how dependents are garbage collected. */
  propagationPolicy?: PropagationPolicy;
  /** Delete only if the object still has this UID / resourceVersion (else 409 Conflict). */
  preconditions?: { uid?: string; resourceVersion?: string };
  /** Validate, but delete nothing. */
  dryRun?: boolean;
}

/** Options of `deleteCollection`: which objects, and how to delete each. */
export interface DeleteCollectionOptions extends DeleteOptions {
  labelSelector?: SelectorLike;
  fieldSelector?: SelectorLike;
}

/** Options of `watch`. */
export interface WatchOptions extends CallOptions {
  labelSelector?: SelectorLike;
  fieldSelector?: SelectorLike;
  /** Start after this resourceVersion (usually a list's); omitted: synthetic ADDED events first. */
  resourceVersion?: string;
  /** `NotOlderThan` together with `sendInitialEvents`. */
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  /** Ask for BOOKMARK events, which advance the resourceVersion on quiet watches. */
  allowWatchBookmarks?: boolean;
  /** Streaming list: the current state as ADDED events, then a bookmark, then changes. */
  sendInitialEvents?: boolean;
  /** The server ends the watch after this many seconds. */
  timeoutSeconds?: number;
  /** Fail with a `WatchError` (`Inactive`) when no byte arrives for this many ms. */
  inactivityTimeoutMs?: number;
}
