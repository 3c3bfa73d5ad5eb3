/**
 * An in-memory, scriptable ListerWatcher for tests (client-go's FakeControllerSource, with
 * fault injection).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/cache/testing/fake_controller_source.go
 * @packageDocumentation
 */
import {
  newResourceExpired,
  StatusError,
  watchEventBatches,
  type KubeList,
  type KubeObject,
  type WatchEvent,
  type WatchEventBatchSource,
} from '@kubekit/apimachinery';
import type { ListOptions, ListerWatcher, WatchOptions } from '../listwatch';

/** Options of {@link newFakeListerWatcher}. */
export interface FakeListerWatcherOptions {
  /** Answer `sendInitialEvents` watches (streaming list); default false (reject with 400). */
  supportsWatchList?: boolean;
}

/** A scripted watch as the fake sees it. */
export interface FakeWatch {
  readonly options: WatchOptions;
  /** Whether the watch is still open. */
  readonly open: boolean;
}

/**
 * A {@link ListerWatcher} over an in-memory object set with a resourceVersion counter. Changes
 * are pushed to open watches; `list` pages in key order. Objects are deep-copied in and out.
 */
export interface FakeListerWatcher<T extends KubeObject = KubeObject> extends ListerWatcher<T> {
  /** Creates (or overwrites) an object; returns it with its new resourceVersion. */
  add(obj: T): T;
  /** Changes an object; returns it with its new resourceVersion. */
  modify(obj: T): T;
  /** Deletes an object; returns its final state. */
  delete(obj: T): T;
  /** The current resourceVersion. */
  resourceVersion(): string;
  /** The current objects. */
  items(): T[];
  /** Sends a BOOKMARK at the current resourceVersion to every open watch that allows them. */
  bookmark(): void;
  /** Ends every open watch (as a dropped connection or server timeout would). */
  closeWatches(): void;
  /** Forgets history: watches and lists from an older resourceVersion get 410 Expired. */
  compact(): void;
  /** Makes the next `count` list calls reject with `error`. */
  failLists(error: unknown, count?: number): void;
  /** Makes the next `count` watch calls reject with `error`. */
  failWatches(error: unknown, count?: number): void;
  /** Sends an ERROR event with this error's Status to every open watch, which then ends. */
  sendError(error: StatusError): void;
  /** Every list call's options, in order. */
  readonly listCalls: ListOptions[];
  /** Every watch call (failed ones included, closed), in order. */
  readonly watches: FakeWatch[];
}

function keyOf(obj: KubeObject): string {
  const m = obj.metadata ?? {};
  return m.namespace ? `${m.namespace}/${m.name}` : `${m.name}`;
}

interface Change<T extends KubeObject> {
  rv: number;
  event: WatchEvent<T>;
}

/**
 * One fake watch. Iterable by event or, as @kubekit/rest's streams are, by batch
 * ({@link watchEventBatches}): a batch holds every event pushed since the last one was taken
 * (the first event alone when the consumer was already waiting).
 */
class FakeWatchStream<T extends KubeObject>
  implements FakeWatch, AsyncIterator<WatchEvent<T>>, WatchEventBatchSource<T>
{
  open = true;
  private buffered: WatchEvent<T>[] = [];
  private waiting: ((event: WatchEvent<T> | undefined) => void) | undefined;

  constructor(
    readonly options: WatchOptions,
    private readonly onClose: (w: FakeWatchStream<T>) => void,
  ) {
    options.signal?.addEventListener('abort', () => this.end(), { once: true });
  }

  push(event: WatchEvent<T>): void {
    if (!this.open) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve(structuredClone(event));
    } else {
      this.buffered.push(structuredClone(event));
    }
  }

  end(): void {
    if (!this.open) return;
    this.open = false;
    this.onClose(this);
    if (this.buffered.length === 0 && this.waiting) {
      this.waiting(undefined);
      this.waiting = undefined;
    }
  }

  /** Resolves with the next pushed event, or undefined once the watch ended. */
  private wait(): Promise<WatchEvent<T> | undefined> {
    if (!this.open) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  async next(): Promise<IteratorResult<WatchEvent<T>>> {
    const event = this.buffered.shift() ?? (await this.wait());
    return event ? { value: event, done: false } : { value: undefined, done: true };
  }

  return(): Promise<IteratorResult<WatchEvent<T>>> {
    this.buffered.length = 0;
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    return this;
  }

  [watchEventBatches](): AsyncIterator<readonly WatchEvent<T>[]> {
    return {
      next: async () => {
        if (this.buffered.length > 0) {
          const batch = this.buffered;
          this.buffered = [];
          return { value: batch, done: false };
        }
        const event = await this.wait();
        return event ? { value: [event], done: false } : { value: undefined, done: true };
      },
      return: async () => {
        await this.return();
        return { value: undefined, done: true };
      },
    };
  }
}

/**
 * Creates a {@link FakeListerWatcher}.
 *
 * @example
 * ```ts
 * const lw = newFakeListerWatcher<Pod>();
 * lw.add({ metadata: { name: 'a', namespace: 'default' } });
 * const informer = newSharedIndexInformer({ listerWatcher: lw });
 * ```
 */
export function newFakeListerWatcher<T extends KubeObject = KubeObject>(
  options: FakeListerWatcherOptions = {},
): FakeListerWatcher<T> {
  const objects = new Map<string, T>();
  let changes: Change<T>[] = [];
  let rv = 0;
  let compactedRV = 0;
  const open = new Set<FakeWatchStream<T>>();
  const listFailures: unknown[] = [];
  const watchFailures: unknown[] = [];
  const listCalls: ListOptions[] = [];
  const watches: FakeWatch[] = [];

  function record(type: 'ADDED' | 'MODIFIED' | 'DELETED', obj: T): T {
    rv++;
    const stored = structuredClone(obj);
    stored.metadata = { ...stored.metadata, resourceVersion: String(rv) };
    sortedCache = undefined;
    if (type === 'DELETED') objects.delete(keyOf(stored));
    else objects.set(keyOf(stored), stored);
    const event: WatchEvent<T> = { type, object: stored };
    changes.push({ rv, event });
    for (const w of open) w.push(event);
    return structuredClone(stored);
  }

  function expired(): StatusError {
    return newResourceExpired('too old resource version');
  }

  /** Objects in key order, cached until the next change (paged lists stay O(n) overall). */
  let sortedCache: T[] | undefined;
  function sorted(): T[] {
    sortedCache ??= Array.from(objects.entries())
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, o]) => o);
    return sortedCache;
  }

  return {
    listCalls,
    watches,
    add: (obj) => record(objects.has(keyOf(obj)) ? 'MODIFIED' : 'ADDED', obj),
    modify: (obj) => record('MODIFIED', obj),
    delete: (obj) => record('DELETED', objects.get(keyOf(obj)) ?? obj),
    resourceVersion: () => String(rv),
    items: () => sorted().map((o) => structuredClone(o)),
    bookmark() {
      for (const w of open) {
        if (w.options.allowWatchBookmarks)
          w.push({
            type: 'BOOKMARK',
            object: { metadata: { resourceVersion: String(rv) } } as unknown as T,
          });
      }
    },
    closeWatches() {
      for (const w of Array.from(open)) w.end();
    },
    compact() {
      compactedRV = rv;
      changes = [];
    },
    failLists(error, count = 1) {
      for (let i = 0; i < count; i++) listFailures.push(error);
    },
    failWatches(error, count = 1) {
      for (let i = 0; i < count; i++) watchFailures.push(error);
    },
    sendError(error) {
      for (const w of Array.from(open)) {
        w.push({ type: 'ERROR', object: error.status as unknown as T });
        w.end();
      }
    },
    async list(opts) {
      listCalls.push({ ...opts, signal: undefined });
      if (listFailures.length > 0) throw listFailures.shift();
      const requested = opts.resourceVersion;
      if (
        requested &&
        requested !== '0' &&
        Number(requested) < compactedRV &&
        opts.resourceVersionMatch === 'Exact'
      ) {
        throw expired();
      }
      const all = sorted();
      let start = 0;
      if (opts.continue) {
        const [token, from] = opts.continue.split(':');
        if (Number(token) < compactedRV) throw expired();
        start = Number(from);
      }
      const limit = opts.limit ?? 0;
      const page = limit > 0 ? all.slice(start, start + limit) : all.slice(start);
      const next = limit > 0 && start + limit < all.length ? `${rv}:${start + limit}` : undefined;
      const list: KubeList<T> = {
        metadata: { resourceVersion: String(rv), ...(next ? { continue: next } : {}) },
        items: page.map((o) => structuredClone(o)),
      };
      return list;
    },
    async watch(opts) {
      const stream = new FakeWatchStream<T>(opts, (w) => open.delete(w));
      watches.push(stream);
      if (watchFailures.length > 0 || (opts.sendInitialEvents && !options.supportsWatchList)) {
        stream.end();
        throw (
          watchFailures.shift() ??
          new StatusError({
            code: 400,
            reason: 'BadRequest',
            message: 'sendInitialEvents is not supported',
          })
        );
      }
      open.add(stream);
      if (opts.sendInitialEvents) {
        for (const o of sorted()) stream.push({ type: 'ADDED', object: o });
        stream.push({
          type: 'BOOKMARK',
          object: {
            metadata: {
              resourceVersion: String(rv),
              annotations: { 'k8s.io/initial-events-end': 'true' },
            },
          } as unknown as T,
        });
        return stream;
      }
      const from = Number(opts.resourceVersion || 0);
      if (opts.resourceVersion && opts.resourceVersion !== '0' && from < compactedRV) {
        stream.push({ type: 'ERROR', object: expired().status as unknown as T });
        stream.end();
        return stream;
      }
      if (!opts.resourceVersion || opts.resourceVersion === '0') {
        for (const o of sorted()) stream.push({ type: 'ADDED', object: o });
      } else {
        for (const c of changes) if (c.rv > from) stream.push(c.event);
      }
      return stream;
    },
  };
}
