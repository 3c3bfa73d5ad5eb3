/**
 * What a lock stores: the leader election record, in milliseconds and strings independent of the
 * object that carries it.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/leaderelection/resourcelock/interface.go
 */
export interface LeaderElectionRecord {
  /** The holder's identity; `''` when nobody holds the lock (never created, or released). */
  holderIdentity: string;
  /** The lease duration the holder promised to renew within, in seconds. */
  leaseDurationSeconds: number;
  /** When the holder acquired the lock (the holder's clock; informational only). */
  acquireTime?: string;
  /** When the holder last renewed the lock (the holder's clock; informational only). */
  renewTime?: string;
  /** How many times the lock changed hands; strictly increases with every acquisition. */
  leaseTransitions: number;
}

/** A lock as read from (or written to) the server. */
export interface LockSnapshot {
  /** The record the object carries. */
  record: LeaderElectionRecord;
  /** The object's resourceVersion: it changes with every write, so it identifies this version. */
  resourceVersion: string;
}

/** Options every lock call accepts. */
export interface LockCallOptions {
  /** Aborts the API call (the elector aborts calls that outlive its renew deadline). */
  signal?: AbortSignal;
}

/**
 * The storage a {@link LeaderElector} coordinates through: one object read and written with
 * optimistic concurrency. `update` must fail (with a Conflict StatusError) when the object
 * changed since the lock last read or wrote it; this is what makes acquisition safe.
 *
 * A lock remembers the object it last read or wrote (like client-go's locks), so `update` sends
 * that object with a new record. Calls are made one at a time by the elector.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/leaderelection/resourcelock/interface.go
 */
export interface ResourceLock {
  /** Reads the lock; rejects with a NotFound StatusError when the object does not exist. */
  get(options?: LockCallOptions): Promise<LockSnapshot>;
  /** Creates the lock object carrying `record`; rejects (AlreadyExists) when it exists. */
  create(record: LeaderElectionRecord, options?: LockCallOptions): Promise<LockSnapshot>;
  /** Writes `record` over the version last read or written; rejects with Conflict when stale. */
  update(record: LeaderElectionRecord, options?: LockCallOptions): Promise<LockSnapshot>;
  /** A human-readable name of the lock, such as `kube-system/my-controller`. */
  describe(): string;
  /**
   * Optional: the lock after every change until `signal` aborts (`undefined`: the object was
   * deleted). Waiting candidates use it to see changes as they happen and to retry the moment
   * the lock is released or, by their own clock, expires.
   */
  watch?(options?: LockCallOptions): AsyncIterable<LockSnapshot | undefined>;
}
