/**
 * ExpirationCache: a store whose entries expire, checked lazily when read.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/expiration_cache.go
 * @packageDocumentation
 */
import { realClock, type Clock, type KubeObject } from '@kubekit/apimachinery';
import type { DeletedFinalStateUnknown } from './deleted-final-state-unknown';
import { deletionHandlingMetaNamespaceKeyFunc, type KeyFunc, type Store } from './store';
import { StoreError } from './store-error';

/** An object as an expiration cache holds it: with the clock reading (ms) of its insertion. */
export interface TimestampedEntry<T> {
  obj: T;
  /** Clock reading (epoch ms with the real clock) when it was added, updated or replaced in. */
  timestamp: number;
  key: string;
}

/** Decides when an entry has expired (client-go's ExpirationPolicy). */
export interface ExpirationPolicy<T> {
  isExpired(entry: TimestampedEntry<T>): boolean;
}

/**
 * client-go's TTLPolicy: an entry expires once it is older than `ttlMs` by `clock`; a `ttlMs`
 * of 0 or less never expires anything.
 */
export function ttlPolicy<T>(ttlMs: number, clock: Clock = realClock): ExpirationPolicy<T> {
  return { isExpired: (entry) => ttlMs > 0 && clock.now() - entry.timestamp > ttlMs };
}

/** Options of {@link newExpirationStore}. */
export interface ExpirationStoreOptions<T> {
  /** When entries expire. */
  expirationPolicy: ExpirationPolicy<T>;
  /** How objects are keyed; default {@link deletionHandlingMetaNamespaceKeyFunc}. */
  keyFunc?: KeyFunc<T> | undefined;
  /** Timestamps entries; default the real clock. Give the policy the same clock. */
  clock?: Clock | undefined;
}

/** Options of {@link newTTLStore}. */
export interface TTLStoreOptions<T> {
  /** Entries older than this (ms) expire; 0 or less: never. */
  ttlMs: number;
  /** How objects are keyed; default {@link deletionHandlingMetaNamespaceKeyFunc}. */
  keyFunc?: KeyFunc<T> | undefined;
  /** Time source of timestamps and expiry; default the real clock. */
  clock?: Clock | undefined;
}

/**
 * Creates a {@link Store} whose entries expire by `expirationPolicy` (client-go's
 * `NewExpirationStore`). Every add, update and replace timestamps its objects; expiry is lazy:
 * `get`, `getByKey`, `list` and `size` drop the expired entries they meet and never return them.
 * `listKeys` lists every key held, expired or not (as client-go's does); `resync` does nothing.
 */
export function newExpirationStore<T = KubeObject>(options: ExpirationStoreOptions<T>): Store<T> {
  if (!options.expirationPolicy) {
    throw new StoreError('InvalidOptions', 'newExpirationStore: expirationPolicy is required');
  }
  const keyFunc = options.keyFunc ?? (deletionHandlingMetaNamespaceKeyFunc as KeyFunc<T>);
  const clock = options.clock ?? realClock;
  const policy = options.expirationPolicy;
  let entries = new Map<string, TimestampedEntry<T>>();

  /** The object under `key` unless it expired, in which case it is dropped. */
  const getOrExpire = (key: string): T | undefined => {
    const entry = entries.get(key);
    if (!entry) return undefined;
    if (policy.isExpired(entry)) {
      entries.delete(key);
      return undefined;
    }
    return entry.obj;
  };
  const add = (obj: T) => {
    const key = keyFunc(obj);
    entries.set(key, { obj, timestamp: clock.now(), key });
  };
  const store: Store<T> = {
    add,
    update: add,
    delete(obj: T | DeletedFinalStateUnknown<T>) {
      entries.delete(keyFunc(obj));
    },
    list() {
      const out: T[] = [];
      for (const key of Array.from(entries.keys())) {
        const obj = getOrExpire(key);
        if (obj !== undefined) out.push(obj);
      }
      return out;
    },
    listKeys: () => Array.from(entries.keys()),
    get: (obj) => getOrExpire(keyFunc(obj)),
    getByKey: getOrExpire,
    replace(list) {
      const timestamp = clock.now();
      const next = new Map<string, TimestampedEntry<T>>();
      for (const obj of list) {
        const key = keyFunc(obj);
        next.set(key, { obj, timestamp, key });
      }
      entries = next;
    },
    resync() {},
    size: () => store.list().length,
  };
  return store;
}

/**
 * Creates a {@link Store} whose entries expire `ttlMs` after they were last added, updated or
 * replaced (client-go's `NewTTLStore`); see {@link newExpirationStore}.
 *
 * @example
 * ```ts
 * const recent = newTTLStore<Pod>({ ttlMs: 60_000 });
 * recent.add(pod);
 * recent.getByKey('default/web'); // the pod, for a minute
 * ```
 */
export function newTTLStore<T = KubeObject>(options: TTLStoreOptions<T>): Store<T> {
  const clock = options.clock ?? realClock;
  return newExpirationStore<T>({
    expirationPolicy: ttlPolicy<T>(options.ttlMs, clock),
    keyFunc: options.keyFunc,
    clock,
  });
}
