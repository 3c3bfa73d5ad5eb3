import { ReasonedError } from '@kubekit/apimachinery';

/** Why a {@link StoreError} was thrown. */
export type StoreErrorReason =
  /** The key function could not name the object (no `metadata.name`, or a malformed key). */
  | 'KeyFunc'
  /** An index function threw; the store was left unchanged for that object. */
  | 'IndexFunc'
  /** An indexer with that name already exists. */
  | 'IndexerConflict'
  /** No indexer with that name exists. */
  | 'UnknownIndex'
  /** A store factory was given missing or out-of-range options. */
  | 'InvalidOptions';

/**
 * An error from a Store, Indexer or DeltaFIFO about the objects put in it (client-go's
 * `KeyError` and the indexer errors of `thread_safe_store.go`).
 */
export class StoreError extends ReasonedError<StoreErrorReason> {
  static override readonly brand: string = '@kubekit/cache/StoreError';
}
