import type { KubeObject } from '@kubekit/apimachinery';
import { objectMetaFieldOrder } from '../semantics/schema/object-meta-fields';
import { SortedKeys } from './sorted-keys';

/** A JSON object as the server keeps it. Records are immutable once stored: copy before changing. */
export type Obj = Record<string, any> & KubeObject;

/** One stored object version; `json` caches its serialization (records never change). */
export interface StoredRecord {
  readonly obj: Obj;
  readonly rv: number;
  json?: string;
}

/** A change committed to the store, as watchers and the internal controllers see it. */
export interface StoreEvent {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** The resource key (`pods`, `deployments.apps`). */
  readonly resource: string;
  /** The object key inside the resource (`ns/name`). */
  readonly key: string;
  readonly rv: number;
  readonly obj: Obj;
  readonly prev?: Obj;
  /** Serialized watch lines, shared by every watcher that needs the same bytes. */
  readonly lines: Map<string, string>;
}

/** Metadata with a new resourceVersion, keys in ObjectMeta's field order (as kube serializes it). */
function orderedMeta(meta: Obj['metadata'], resourceVersion: string): NonNullable<Obj['metadata']> {
  const src: Record<string, unknown> = { ...meta, resourceVersion };
  const out: Record<string, unknown> = {};
  for (const k of objectMetaFieldOrder) if (src[k] !== undefined) out[k] = src[k];
  for (const k of Object.keys(src)) if (!(k in out) && src[k] !== undefined) out[k] = src[k];
  return out;
}

/** The storage key of an object inside its resource: `ns/name` or `name`. */
export function objectKey(namespace: string | undefined, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}

/**
 * A resource whose objects are another resource's, converted on the way in and out: kube-apiserver
 * stores events.k8s.io/v1 Events as core Events (one etcd key), so each API sees the other's writes.
 */
export interface StoreView {
  /** The resource key the objects are stored under (`events`). */
  readonly base: string;
  /** The stored object as this resource serves it (a new object; the argument is immutable). */
  fromBase(obj: Obj): Obj;
  /** An object of this resource as it is stored (a new object). */
  toBase(obj: Obj): Obj;
}

interface ViewEntry {
  readonly view: StoreView;
  /** Conversions of stored objects and events: stable identities for the encoding caches. */
  readonly objects: WeakMap<Obj, Obj>;
  readonly events: WeakMap<StoreEvent, StoreEvent>;
}

class Bucket {
  readonly objects = new Map<string, StoredRecord>();
  readonly keys = new SortedKeys();
  /** The RV of the last change to this resource: a snapshot at a later RV equals the live state. */
  lastChange = 0;
}

/**
 * The in-memory equivalent of etcd behind kube-apiserver: one global, monotonically increasing
 * revision, objects per resource in key order, and a bounded history of events (the compaction
 * window) from which watches resume and exact-revision lists are answered.
 *
 * Guarantees: every write gets a fresh revision; listeners see events synchronously in revision
 * order; history holds at most `historySize` events, and no more than `historyBytes` of
 * objects (measured as JSON) beyond the newest event; older ones are compacted.
 */
export class Store {
  private revision: number;
  private readonly buckets = new Map<string, Bucket>();
  private history: StoreEvent[] = [];
  /** The JSON size of each event's object, at the same index as in `history`. */
  private historySizes: number[] = [];
  private historyBytesHeld = 0;
  private historyStart = 0;
  /** Every event with rv > compactedRevision is still in history. */
  private compacted: number;
  /** Listeners, each with whether it also sees the events of views (watches do, controllers not). */
  private readonly listeners = new Map<(e: StoreEvent) => void, boolean>();
  private readonly views = new Map<string, ViewEntry>();

  constructor(
    private historySize: number,
    startRevision = 1,
    private readonly historyBytes = Number.POSITIVE_INFINITY,
  ) {
    this.revision = startRevision;
    this.compacted = startRevision;
  }

  /** The current (latest committed) revision. */
  get currentRevision(): number {
    return this.revision;
  }

  /** The newest revision no longer in history: watches from older revisions get 410. */
  get compactedRevision(): number {
    return this.compacted;
  }

  /** Number of stored objects over all resources. */
  get objectCount(): number {
    let n = 0;
    for (const b of this.buckets.values()) n += b.objects.size;
    return n;
  }

  /**
   * Listens to every committed event; returns the unsubscribe function. With `views`, the
   * listener also gets each event converted for every view of its resource.
   */
  subscribe(fn: (e: StoreEvent) => void, opts: { views?: boolean } = {}): () => void {
    this.listeners.set(fn, opts.views ?? false);
    return () => this.listeners.delete(fn);
  }

  /** Serves `resource` from the objects of `view.base` (see StoreView). */
  addView(resource: string, view: StoreView): void {
    this.views.set(resource, { view, objects: new WeakMap(), events: new WeakMap() });
  }

  get(resource: string, key: string): StoredRecord | undefined {
    const v = this.views.get(resource);
    if (v) {
      const rec = this.get(v.view.base, key);
      return rec && { obj: this.fromBase(v, rec.obj), rv: rec.rv };
    }
    return this.buckets.get(resource)?.objects.get(key);
  }

  /** Keys under `prefix` (a namespace `ns/` or '' for all) from `from` on, in order. */
  keys(resource: string, prefix: string, from = ''): Generator<string> {
    const b = this.buckets.get(this.stored(resource));
    return b ? b.keys.range(prefix, from) : new SortedKeys().range(prefix);
  }

  /** How many keys under `prefix` are >= `from`. */
  countFrom(resource: string, prefix: string, from: string): number {
    return this.buckets.get(this.stored(resource))?.keys.countFrom(prefix, from) ?? 0;
  }

  /** The RV of the last change to the resource. */
  lastChange(resource: string): number {
    return this.buckets.get(this.stored(resource))?.lastChange ?? 0;
  }

  /** Creates or replaces `key`, stamping a new resourceVersion on `obj` (which the store now owns). */
  put(resource: string, key: string, obj: Obj): StoredRecord {
    const v = this.views.get(resource);
    if (v) {
      const rec = this.put(v.view.base, key, v.view.toBase(obj));
      return { obj: this.fromBase(v, rec.obj), rv: rec.rv };
    }
    const b = this.bucket(resource);
    const prev = b.objects.get(key);
    const rv = ++this.revision;
    obj.metadata = orderedMeta(obj.metadata, String(rv));
    const rec: StoredRecord = { obj, rv };
    b.objects.set(key, rec);
    if (!prev) b.keys.insert(key);
    b.lastChange = rv;
    this.emit({
      type: prev ? 'MODIFIED' : 'ADDED',
      resource,
      key,
      rv,
      obj,
      prev: prev?.obj,
      lines: new Map(),
    });
    return rec;
  }

  /**
   * Removes `key`; the DELETED event carries the last state (`last`, or the stored object) with
   * the deletion's revision.
   */
  remove(resource: string, key: string, last?: Obj): StoredRecord | undefined {
    const v = this.views.get(resource);
    if (v) {
      const rec = this.remove(v.view.base, key, last && v.view.toBase(last));
      return rec && { obj: this.fromBase(v, rec.obj), rv: rec.rv };
    }
    const b = this.buckets.get(resource);
    const prev = b?.objects.get(key);
    if (!b || !prev) return undefined;
    const rv = ++this.revision;
    const base = last ?? prev.obj;
    const obj: Obj = { ...base, metadata: { ...base.metadata, resourceVersion: String(rv) } };
    b.objects.delete(key);
    b.keys.remove(key);
    b.lastChange = rv;
    this.emit({ type: 'DELETED', resource, key, rv, obj, prev: prev.obj, lines: new Map() });
    return { obj, rv };
  }

  /** Removes every object of a resource at once (a CRD going away), emitting DELETED for each. */
  dropResource(resource: string): void {
    const b = this.buckets.get(resource);
    if (!b) return;
    for (const key of [...b.keys.range('')]) this.remove(resource, key);
    this.buckets.delete(resource);
  }

  /** Events of `resource` with rv > `after`, oldest first; undefined when `after` was compacted. */
  eventsSince(resource: string, after: number): StoreEvent[] | undefined {
    if (after < this.compacted) return undefined;
    const v = this.views.get(resource);
    const out: StoreEvent[] = [];
    for (let i = this.firstIndexAfter(after); i < this.history.length; i++) {
      const e = this.history[i]!;
      if (v && e.resource === v.view.base) out.push(this.eventFor(resource, v, e));
      else if (e.resource === resource) out.push(e);
    }
    return out;
  }

  /**
   * The objects of `resource` at revision `rv` whose keys have `prefix` and are >= `from`, in key
   * order. Throws 'compacted' when `rv` is older than the history window.
   */
  snapshotAt(resource: string, prefix: string, from: string, rv: number): Array<[string, Obj]> {
    if (rv < this.compacted) throw new Error('compacted');
    const v = this.views.get(resource);
    if (v) {
      return this.snapshotAt(v.view.base, prefix, from, rv).map(([k, o]) => [
        k,
        this.fromBase(v, o),
      ]);
    }
    const state = new Map<string, Obj | undefined>();
    for (let i = this.history.length - 1; i >= this.historyStart; i--) {
      const e = this.history[i]!;
      if (e.rv <= rv) break;
      if (e.resource !== resource) continue;
      const k = e.key;
      if (k.startsWith(prefix) && k >= from) state.set(k, e.type === 'ADDED' ? undefined : e.prev);
    }
    const out: Array<[string, Obj]> = [];
    for (const k of this.keys(resource, prefix, from)) {
      if (!state.has(k)) out.push([k, this.get(resource, k)!.obj]);
    }
    if (state.size === 0) return out;
    for (const [k, o] of state) if (o) out.push([k, o]);
    return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  }

  /** Drops all history (simulates an etcd compaction at the current revision). */
  compact(): void {
    this.history = [];
    this.historySizes = [];
    this.historyBytesHeld = 0;
    this.historyStart = 0;
    this.compacted = this.revision;
  }

  /** Changes the history window; shrinking compacts the oldest events. */
  setHistorySize(size: number): void {
    this.historySize = size;
    this.trim();
  }

  private firstIndexAfter(rv: number): number {
    let lo = this.historyStart;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid]!.rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private bucket(resource: string): Bucket {
    let b = this.buckets.get(resource);
    if (!b) this.buckets.set(resource, (b = new Bucket()));
    return b;
  }

  private emit(e: StoreEvent): void {
    this.history.push(e);
    const bytes = Number.isFinite(this.historyBytes) ? JSON.stringify(e.obj).length : 0;
    this.historySizes.push(bytes);
    this.historyBytesHeld += bytes;
    this.trim();
    for (const [fn, views] of this.listeners) {
      fn(e);
      if (!views) continue;
      for (const [resource, v] of this.views)
        if (v.view.base === e.resource) fn(this.eventFor(resource, v, e));
    }
  }

  /** The stored resource behind `resource` (itself unless it is a view). */
  private stored(resource: string): string {
    return this.views.get(resource)?.view.base ?? resource;
  }

  private fromBase(v: ViewEntry, obj: Obj): Obj {
    let out = v.objects.get(obj);
    if (!out) v.objects.set(obj, (out = v.view.fromBase(obj)));
    return out;
  }

  /** A stored event as the view `resource` reports it (one object per event, shared lines). */
  private eventFor(resource: string, v: ViewEntry, e: StoreEvent): StoreEvent {
    let out = v.events.get(e);
    if (!out) {
      out = {
        ...e,
        resource,
        obj: this.fromBase(v, e.obj),
        prev: e.prev && this.fromBase(v, e.prev),
        lines: new Map(),
      };
      v.events.set(e, out);
    }
    return out;
  }

  private trim(): void {
    const held = () => this.history.length - this.historyStart;
    while (held() > this.historySize || (held() > 1 && this.historyBytesHeld > this.historyBytes)) {
      this.compacted = this.history[this.historyStart]!.rv;
      this.historyBytesHeld -= this.historySizes[this.historyStart]!;
      this.history[this.historyStart++] = undefined as unknown as StoreEvent;
    }
    if (this.historyStart > 4096 && this.historyStart * 2 > this.history.length) {
      this.history = this.history.slice(this.historyStart);
      this.historySizes = this.historySizes.slice(this.historyStart);
      this.historyStart = 0;
    }
  }
}
