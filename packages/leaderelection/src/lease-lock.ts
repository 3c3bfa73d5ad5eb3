import type { WatchEvent } from '@kubekit/apimachinery';
import { LeaderElectionError } from './leader-election-error';
import type { Lease } from './lease';
import type {
  LeaderElectionRecord,
  LockCallOptions,
  LockSnapshot,
  ResourceLock,
} from './resource-lock';

/**
 * The three calls a {@link LeaseLock} makes on coordination.k8s.io/v1 Leases of one namespace:
 * the narrow interface a clientset, the dynamic client (see `leaseClientFromRest`) or a test
 * fake implements. Errors are `StatusError`s (`isNotFound`, `isConflict` from
 * `@kubekit/apimachinery` must recognise them).
 */
export interface LeaseClient {
  /** GET the Lease `name`; rejects with NotFound when absent. */
  get(name: string, options?: LockCallOptions): Promise<Lease>;
  /** POST `lease`; rejects with AlreadyExists when a Lease of that name exists. */
  create(lease: Lease, options?: LockCallOptions): Promise<Lease>;
  /** PUT `lease`; rejects with Conflict when `metadata.resourceVersion` is stale. */
  update(lease: Lease, options?: LockCallOptions): Promise<Lease>;
  /**
   * Optional: watch the Lease `name` until `signal` aborts. When present, a waiting candidate
   * retries as soon as the lease is released or deleted instead of at its next retry period.
   */
  watch?(name: string, options?: LockCallOptions): AsyncIterable<WatchEvent<Lease>>;
}

/** Options of {@link LeaseLock}. */
export interface LeaseLockOptions {
  /** The Leases of the namespace the lock lives in. */
  client: LeaseClient;
  /** The Lease's name (usually the controller's name). */
  name: string;
  /** The Lease's namespace, written into created Leases and used by `describe()`. */
  namespace?: string;
  /**
   * Labels of the Lease: set when this lock creates it, and re-applied by every update (only
   * these keys; other labels are kept), as client-go's `LeaseLock.Labels`.
   */
  labels?: Record<string, string>;
}

/**
 * A {@link ResourceLock} on a coordination.k8s.io/v1 Lease: the record lives in the Lease spec,
 * updates carry the last seen resourceVersion, so two candidates racing for the lease cannot
 * both win (the server answers one of them with 409 Conflict).
 *
 * Caveats: the lock keeps the Lease it last read or wrote so that an update preserves its labels
 * and annotations (re-applying the configured `labels` over them); `update` before any `get`/`create` throws {@link LeaderElectionError}
 * (`LockNotInitialized`).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/leaderelection/resourcelock/leaselock.go
 */
export class LeaseLock implements ResourceLock {
  readonly #client: LeaseClient;
  readonly #name: string;
  readonly #namespace: string | undefined;
  readonly #labels: Record<string, string> | undefined;
  /** The Lease as last returned by the server; undefined until the first get/create succeeds. */
  #lease: Lease | undefined;

  constructor(options: LeaseLockOptions) {
    if (!options.name) throw new LeaderElectionError('InvalidOptions', 'LeaseLock needs a name');
    this.#client = options.client;
    this.#name = options.name;
    this.#namespace = options.namespace;
    this.#labels = options.labels;
    const client = options.client;
    if (client.watch) {
      const name = options.name;
      this.watch = async function* (watchOptions) {
        for await (const event of client.watch!(name, watchOptions)) {
          if (event.type === 'DELETED') yield undefined;
          else if (event.type === 'ADDED' || event.type === 'MODIFIED')
            yield snapshotOf(event.object);
        }
      };
    }
  }

  /** @inheritDoc */
  async get(options?: LockCallOptions): Promise<LockSnapshot> {
    return this.#remember(await this.#client.get(this.#name, options));
  }

  /** @inheritDoc */
  async create(record: LeaderElectionRecord, options?: LockCallOptions): Promise<LockSnapshot> {
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: this.#name,
        ...(this.#namespace ? { namespace: this.#namespace } : {}),
        ...(this.#labels ? { labels: { ...this.#labels } } : {}),
      },
      spec: recordToLeaseSpec(record),
    };
    return this.#remember(await this.#client.create(lease, options));
  }

  /** @inheritDoc */
  async update(record: LeaderElectionRecord, options?: LockCallOptions): Promise<LockSnapshot> {
    if (!this.#lease)
      throw new LeaderElectionError(
        'LockNotInitialized',
        `lease not initialized, call get or create first (${this.describe()})`,
      );
    const { metadata } = this.#lease;
    const lease: Lease = {
      ...this.#lease,
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      // client-go's LeaseLock.Update re-applies the configured labels (only those keys) on
      // every write, so a label removed or changed by somebody else comes back.
      ...(this.#labels
        ? { metadata: { ...metadata, labels: { ...metadata.labels, ...this.#labels } } }
        : {}),
      spec: { ...this.#lease.spec, ...recordToLeaseSpec(record) },
    };
    return this.#remember(await this.#client.update(lease, options));
  }

  /**
   * Present when the client can watch: yields the lock after every change of the Lease, and
   * `undefined` when it is deleted.
   */
  readonly watch?: (options?: LockCallOptions) => AsyncIterable<LockSnapshot | undefined>;

  /** @inheritDoc */
  describe(): string {
    return this.#namespace ? `${this.#namespace}/${this.#name}` : this.#name;
  }

  #remember(lease: Lease): LockSnapshot {
    this.#lease = lease;
    return snapshotOf(lease);
  }
}

/** The Lease spec carrying `record` (absent times are omitted). */
function recordToLeaseSpec(record: LeaderElectionRecord): Lease['spec'] {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    ...(record.acquireTime ? { acquireTime: record.acquireTime } : {}),
    ...(record.renewTime ? { renewTime: record.renewTime } : {}),
    leaseTransitions: record.leaseTransitions,
  };
}

/** The lock as `lease` carries it. */
function snapshotOf(lease: Lease): LockSnapshot {
  return {
    record: leaseSpecToRecord(lease.spec),
    resourceVersion: lease.metadata.resourceVersion ?? '',
  };
}

/** The record a Lease spec carries; missing fields read as a free lease. */
function leaseSpecToRecord(spec: Lease['spec']): LeaderElectionRecord {
  return {
    holderIdentity: spec?.holderIdentity ?? '',
    leaseDurationSeconds: spec?.leaseDurationSeconds ?? 0,
    ...(spec?.acquireTime ? { acquireTime: spec.acquireTime } : {}),
    ...(spec?.renewTime ? { renewTime: spec.renewTime } : {}),
    leaseTransitions: spec?.leaseTransitions ?? 0,
  };
}
