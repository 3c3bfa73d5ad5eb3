import {
  InitialEventsEndAnnotation,
  newResourceExpired,
  type Clock,
  type Status,
} from '@kubekit/apimachinery';
import { setLongTimeout, type LongTimer } from './long-timer';
import { apiVersionOf, resourceKey, type ResourceDef } from './resource-def';
import { parseWatchRevision, tooLargeResourceVersion } from './resource-version';
import type { Selection } from './selection';
import type { Obj, Store, StoreEvent } from './store';
import type { ListOptions } from './store-options';

/** How a watcher turns an event into bytes; watchers with equal `id` share the encoded line. */
export interface WatchEncoder {
  readonly id: string;
  encode(type: string, obj: Obj): string;
  /**
   * The bytes of an initial ADDED line, when the encoder keeps them per stored object (a
   * watch-list then sends them without encoding or copying); default: `encode` each time.
   */
  added?(obj: Obj): Buffer;
}

/** Where a watcher's lines go (an HTTP response in production). */
export interface WatchSink {
  write(line: string | Buffer): void;
  end(): void;
  /** Drops the stream and every byte it still holds (the connection is cut). */
  abort(): void;
  /** Bytes accepted but not yet sent (backpressure). */
  readonly pending: number;
  /** Holds writes until `uncork` sends them together (one write of many lines). */
  cork(): void;
  uncork(): void;
  /** Calls `listener` once what is pending has been sent (never, if the stream ends first). */
  onDrain(listener: () => void): void;
}

/** What a watch asks for once its query has been validated. */
export interface WatchRequest {
  def: ResourceDef;
  version: string;
  namespace: string | undefined;
  selection: Selection;
  options: ListOptions;
  encoder: WatchEncoder;
}

/** How many unsent bytes watchers may hold before they are dropped. */
export interface WatchBufferLimits {
  /** One watcher holding more is dropped (as the cacher drops an unresponsive watcher). */
  perWatcher: number;
  /** All watchers together holding more: the ones holding most are dropped until under it. */
  total: number;
}

interface Watcher {
  req: WatchRequest;
  sink: WatchSink;
  timer?: LongTimer;
  bookmarkTimer?: LongTimer;
  closed: boolean;
  /**
   * While the initial events (a watch-list's snapshot) are streamed: the live lines that came
   * meanwhile, sent once the snapshot is out (they follow it), and their length.
   */
  held?: { lines: string[]; chars: number };
  /**
   * Once the initial events are all handed to the sink but not yet all sent: the bytes written
   * since. Those events are what the client asked for, not a backlog it left unread, so only
   * what follows them counts against the budgets. Unset once they are sent.
   */
  liveBytes?: number;
}

/** Bytes of initial events written at once (256 KB). */
const initialEventsBatchBytes = 256 * 1024;
/**
 * Unsent bytes of initial events above which the snapshot waits for the client to read: the
 * server streams a watch-list as kube-apiserver does instead of buffering all of it (about
 * 500 MB at 100k pods), and the client's reading paces the encoding.
 */
const initialEventsHighWater = 1024 * 1024;

/**
 * Fans committed store events out to watchers, as kube-apiserver's cacher does: per-watcher
 * namespace and selector filtering (an object moving into a selector is ADDED, out of it
 * DELETED with its previous content at the new revision), each distinct line encoded once per
 * event and shared by every watcher that needs it, periodic BOOKMARKs and one 2 s before
 * `timeoutSeconds` ends the watch,
 * replay from a revision within the history window (older -> an ERROR event with 410 Expired),
 * and sendInitialEvents with the `k8s.io/initial-events-end` bookmark.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/storage/cacher/cache_watcher.go
 */
export class WatchHub {
  private readonly byResource = new Map<string, Set<Watcher>>();
  private bookmarkTimer: LongTimer;
  private readonly unsubscribe: () => void;

  /** `clock`: the timers' clock (a simulation's); default Node's timers, never keeping the process alive. */
  constructor(
    private readonly store: Store,
    bookmarkIntervalMs: number,
    private readonly limits: WatchBufferLimits,
    private readonly clock?: Clock,
  ) {
    this.unsubscribe = store.subscribe((e) => this.dispatch(e), { views: true });
    const tick = (): void => {
      this.bookmarkTimer = setLongTimeout(tick, bookmarkIntervalMs, clock);
      this.sendBookmarks();
    };
    this.bookmarkTimer = setLongTimeout(tick, bookmarkIntervalMs, clock);
  }

  /** Number of open watches. */
  get size(): number {
    let n = 0;
    for (const set of this.byResource.values()) n += set.size;
    return n;
  }

  /**
   * Starts a watch: takes the initial events' objects (a snapshot: stored objects never change)
   * or writes the replayed events synchronously (no event can slip in between, the store is
   * single-threaded), then registers for live events. The initial events are streamed as the
   * client reads them; live events that come meanwhile follow them. Throws a StatusError
   * (before anything is written) for a revision from the future.
   */
  open(req: WatchRequest, sink: WatchSink): () => void {
    const { options } = req;
    const resource = resourceKey(req.def);
    const current = this.store.currentRevision;
    const w: Watcher = { req, sink, closed: false };
    const fromNow = options.resourceVersion === '' || options.resourceVersion === '0';
    const initial = options.sendInitialEvents ?? fromNow;
    if (!fromNow && options.sendInitialEvents === true) {
      const atLeast = parseWatchRevision(options.resourceVersion);
      if (atLeast > current) throw tooLargeResourceVersion(atLeast, current);
    }
    let replay: StoreEvent[] | undefined = [];
    if (!initial && !fromNow) {
      const from = parseWatchRevision(options.resourceVersion);
      if (from > current) throw tooLargeResourceVersion(from, current);
      replay = this.store.eventsSince(resource, from);
      if (!replay) {
        this.writeError(
          w,
          newResourceExpired(`too old resource version: ${from} (${this.store.compactedRevision})`)
            .status,
        );
        sink.end();
        return () => undefined;
      }
    }
    let snapshot: Obj[] | undefined;
    if (initial) {
      const prefix = req.def.namespaced && req.namespace ? `${req.namespace}/` : '';
      snapshot = [];
      for (const key of this.store.keys(resource, prefix)) {
        const obj = this.store.get(resource, key)!.obj;
        if (req.selection.matches(obj)) snapshot.push(obj);
      }
      w.held = { lines: [], chars: 0 };
    } else {
      for (const e of replay!) this.deliver(w, e);
    }
    let set = this.byResource.get(resource);
    if (!set) this.byResource.set(resource, (set = new Set()));
    set.add(w);
    if (snapshot) this.streamInitial(w, snapshot, current);
    // kube-apiserver: timeoutSeconds unset or 0 -> a random timeout in [minRequestTimeout, 2x) (30-60 min)
    const timeout =
      options.timeoutSeconds && options.timeoutSeconds > 0
        ? options.timeoutSeconds
        : 1800 * (1 + Math.random());
    w.timer = setLongTimeout(() => this.close(w), timeout * 1000, this.clock);
    // The cacher's pre-timeout bookmark: 2 s before the deadline (when that is in the future), so
    // the client resumes from a fresh revision.
    if (options.allowWatchBookmarks && timeout > 2) {
      w.bookmarkTimer = setLongTimeout(
        () => this.writeBookmark(w, this.store.currentRevision, false),
        (timeout - 2) * 1000,
        this.clock,
      );
    }
    return () => this.close(w);
  }

  /**
   * Writes the initial events in corked batches (one socket write per event costs more than
   * the encoding), each line's bytes from the encoder's per-object cache when it keeps one (a
   * second watch-list of the same objects then allocates nothing large: copying 500 MB per
   * watch-list of 100k pods made the server's collector scan its whole heap again and again),
   * pausing while more than {@link initialEventsHighWater} is unsent; then the end bookmark
   * and the live lines held meanwhile.
   */
  private streamInitial(w: Watcher, objs: Obj[], rv: number): void {
    const { encoder, options } = w.req;
    const bytesOf = (obj: Obj): Buffer =>
      encoder.added ? encoder.added(obj) : Buffer.from(encoder.encode('ADDED', obj));
    let next = 0;
    const pump = (): void => {
      while (!w.closed && next < objs.length) {
        w.sink.cork();
        for (let bytes = 0; next < objs.length && bytes < initialEventsBatchBytes;) {
          const line = bytesOf(objs[next++]!);
          w.sink.write(line);
          bytes += line.length;
        }
        w.sink.uncork();
        if (w.sink.pending > initialEventsHighWater) {
          w.sink.onDrain(pump);
          return;
        }
      }
      if (w.closed) return;
      const held = w.held!.lines;
      w.held = undefined;
      if (w.sink.pending > 0) w.liveBytes = 0;
      // kube-apiserver 1.34 ends the initial events with this bookmark for legacy watches from
      // "" or "0" too, not only for sendInitialEvents=true.
      if (options.allowWatchBookmarks) this.writeBookmark(w, rv, true);
      for (const line of held) this.write(w, line);
    };
    pump();
  }

  /** Ends every watch (of one resource, or all): clients see their stream end and re-watch. */
  closeAll(resource?: string): void {
    for (const [key, set] of this.byResource) {
      if (resource && key !== resource) continue;
      for (const w of [...set]) this.close(w);
    }
  }

  /** Sends a BOOKMARK at the current revision to every watcher that allows bookmarks. */
  private sendBookmarks(): void {
    const rv = this.store.currentRevision;
    for (const set of this.byResource.values())
      for (const w of set) if (w.req.options.allowWatchBookmarks) this.writeBookmark(w, rv, false);
  }

  stop(): void {
    this.bookmarkTimer.clear();
    this.unsubscribe();
    this.closeAll();
  }

  /** Ends a watch; `abort` cuts it, dropping what it holds unsent (a watcher over its budget). */
  private close(w: Watcher, abort = false): void {
    if (w.closed) return;
    w.closed = true;
    w.timer?.clear();
    w.bookmarkTimer?.clear();
    this.byResource.get(resourceKey(w.req.def))?.delete(w);
    if (abort) w.sink.abort();
    else w.sink.end();
  }

  private dispatch(e: StoreEvent): void {
    const set = this.byResource.get(e.resource);
    if (!set) return;
    this.enforceTotal();
    for (const w of set) this.deliver(w, e);
  }

  /**
   * Drops the watchers holding the most unsent bytes until all together are under the limit.
   * Measured before an event is written (as the per-watcher limit is), so what counts is the
   * backlog a client left unread, not the event every watcher has just been handed.
   */
  private enforceTotal(): void {
    let total = 0;
    const all: Array<{ w: Watcher; held: number }> = [];
    for (const set of this.byResource.values())
      for (const w of set) {
        const held = this.backlog(w);
        total += held;
        all.push({ w, held });
      }
    if (total <= this.limits.total) return;
    all.sort((a, b) => b.held - a.held);
    for (const { w, held } of all) {
      if (total <= this.limits.total) break;
      total -= held;
      this.close(w, true);
    }
  }

  /**
   * The unsent bytes a watcher holds beyond its initial events: the live lines held while they
   * stream; then, as the stream drains in order, while more than `liveBytes` is pending, all of
   * those bytes are still unsent.
   */
  private backlog(w: Watcher): number {
    if (w.held) return w.held.chars;
    const pending = w.sink.pending;
    if (w.liveBytes === undefined) return pending;
    if (pending > w.liveBytes) return w.liveBytes;
    w.liveBytes = undefined; // the initial events are out
    return pending;
  }

  private deliver(w: Watcher, e: StoreEvent): void {
    const { req } = w;
    if (req.def.namespaced && req.namespace && e.obj.metadata?.namespace !== req.namespace) return;
    const sel = req.selection;
    const cur = e.type !== 'DELETED' && sel.matches(e.obj);
    const old =
      e.prev !== undefined && (e.type === 'DELETED' ? sel.matches(e.obj) : sel.matches(e.prev));
    let type: string;
    let variant = '';
    if (e.type === 'DELETED') {
      if (!old) return;
      type = 'DELETED';
    } else if (cur && old) type = 'MODIFIED';
    else if (cur) type = 'ADDED';
    else if (old) {
      type = 'DELETED';
      variant = 'prev';
    } else return;
    const cacheKey = `${type}|${variant}|${req.encoder.id}`;
    let line = e.lines.get(cacheKey);
    if (line === undefined) {
      const obj =
        variant === 'prev'
          ? { ...e.prev!, metadata: { ...e.prev!.metadata, resourceVersion: String(e.rv) } }
          : e.obj;
      line = req.encoder.encode(type, obj);
      e.lines.set(cacheKey, line);
    }
    this.write(w, line);
  }

  private write(w: Watcher, line: string): void {
    if (w.closed) return;
    if (this.backlog(w) > this.limits.perWatcher) {
      this.close(w, true);
      return;
    }
    if (w.held) {
      w.held.lines.push(line);
      w.held.chars += line.length;
      return;
    }
    w.sink.write(line);
    if (w.liveBytes !== undefined) w.liveBytes += line.length;
  }

  private writeBookmark(w: Watcher, rv: number, initialEventsEnd: boolean): void {
    const { def, version } = w.req;
    const metadata: Obj['metadata'] = { resourceVersion: String(rv) };
    if (initialEventsEnd) metadata.annotations = { [InitialEventsEndAnnotation]: 'true' };
    const obj: Obj = { kind: def.kind, apiVersion: apiVersionOf(def.group, version), metadata };
    this.write(w, JSON.stringify({ type: 'BOOKMARK', object: obj }) + '\n');
  }

  private writeError(w: Watcher, status: Status): void {
    w.sink.write(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
  }
}
