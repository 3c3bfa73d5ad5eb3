import {
  newAlreadyExists,
  newConflict,
  newNotFound,
  OptimisticLockErrorMsg,
} from '@kubekit/apimachinery';
import type { WatchEvent } from '@kubekit/apimachinery';
import type { Lease } from '../lease';
import type { LeaseClient } from '../lease-lock';
import type { LockCallOptions } from '../resource-lock';

const leases = { group: 'coordination.k8s.io', resource: 'leases' };

/** A call a {@link FakeLeaseStore} client is making, as its hooks see it. */
export interface FakeLeaseCall {
  /** The verb. */
  verb: 'get' | 'create' | 'update';
  /** The Lease's name. */
  name: string;
}

/**
 * Interceptors of a {@link FakeLeaseStore} client, to inject latency and failures. A hook may
 * return a promise (a delay: wait on a fake clock) and may throw (an API error).
 */
export interface FakeLeaseClientHooks {
  /** Runs before the call reaches the store: a throw here means the call had no effect. */
  beforeCommit?(call: FakeLeaseCall): void | Promise<void>;
  /** Runs after the store applied the call: a throw here loses a response whose write happened. */
  afterCommit?(call: FakeLeaseCall): void | Promise<void>;
}

/**
 * An in-memory, linearizable store of Leases with the API server's optimistic concurrency
 * (resourceVersion bumps on every write; a stale update is answered with 409 Conflict, a missing
 * Lease with 404, a duplicate create with 409 AlreadyExists, as StatusErrors). Hand out one
 * {@link LeaseClient} per candidate with {@link FakeLeaseStore.client}, each with its own
 * latency and failure hooks, to test leader election without a server. Clients can also watch
 * a Lease (ADDED / MODIFIED events; hooks do not apply to watches).
 */
export class FakeLeaseStore {
  /** The stored Leases by name. */
  readonly #leases = new Map<string, Lease>();
  #resourceVersion = 0;
  /** Open watches: called with every change. */
  readonly #watchers = new Set<(event: WatchEvent<Lease>) => void>();

  /** A deep copy of the stored Lease `name`, or undefined. */
  peek(name: string): Lease | undefined {
    const lease = this.#leases.get(name);
    return lease && structuredClone(lease);
  }

  /** A client of this store; `hooks` intercept each of its calls. */
  client(hooks: FakeLeaseClientHooks = {}): LeaseClient {
    const call = async (
      verb: FakeLeaseCall['verb'],
      name: string,
      options: LockCallOptions | undefined,
      apply: () => Lease,
    ): Promise<Lease> => {
      const signal = options?.signal;
      await abortable(hooks.beforeCommit?.({ verb, name }), signal);
      const result = structuredClone(apply());
      await abortable(hooks.afterCommit?.({ verb, name }), signal);
      return result;
    };
    const watchers = this.#watchers;
    return {
      async *watch(name, options) {
        const queue: WatchEvent<Lease>[] = [];
        let wake: (() => void) | undefined;
        const listener = (event: WatchEvent<Lease>) => {
          if (event.object.metadata.name !== name) return;
          queue.push(structuredClone(event));
          wake?.();
        };
        const signal = options?.signal;
        const onAbort = () => wake?.();
        watchers.add(listener);
        signal?.addEventListener('abort', onAbort);
        try {
          while (!signal?.aborted) {
            const event = queue.shift();
            if (event) yield event;
            else await new Promise<void>((resolve) => (wake = resolve));
          }
        } finally {
          watchers.delete(listener);
          signal?.removeEventListener('abort', onAbort);
        }
      },
      get: (name, options) => call('get', name, options, () => this.#get(name)),
      create: (lease, options) =>
        call('create', lease.metadata.name ?? '', options, () => this.#create(lease)),
      update: (lease, options) =>
        call('update', lease.metadata.name ?? '', options, () => this.#update(lease)),
    };
  }

  #get(name: string): Lease {
    const lease = this.#leases.get(name);
    if (!lease) throw newNotFound(leases, name);
    return lease;
  }

  #create(lease: Lease): Lease {
    const name = lease.metadata.name ?? '';
    if (this.#leases.has(name)) throw newAlreadyExists(leases, name);
    return this.#store(lease);
  }

  #update(lease: Lease): Lease {
    const name = lease.metadata.name ?? '';
    const stored = this.#get(name);
    if (lease.metadata.resourceVersion !== stored.metadata.resourceVersion)
      throw newConflict(leases, name, OptimisticLockErrorMsg);
    return this.#store(lease);
  }

  #store(lease: Lease): Lease {
    const stored = structuredClone(lease);
    stored.metadata.resourceVersion = String(++this.#resourceVersion);
    const type = this.#leases.has(stored.metadata.name ?? '') ? 'MODIFIED' : 'ADDED';
    this.#leases.set(stored.metadata.name ?? '', stored);
    for (const watcher of this.#watchers) watcher({ type, object: stored });
    return stored;
  }
}

/** Awaits `step`, rejecting with the signal's reason as soon as `signal` aborts. */
async function abortable(
  step: void | Promise<void>,
  signal: AbortSignal | undefined,
): Promise<void> {
  const abortError = () =>
    signal?.reason ?? new DOMException('This operation was aborted', 'AbortError');
  if (signal?.aborted) throw abortError();
  if (!step) return;
  if (!signal) return step;
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([step, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
