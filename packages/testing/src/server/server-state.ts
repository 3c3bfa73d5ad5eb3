import { realClock, type Clock } from '@kubekit/apimachinery';
import type { ApiCore, PodLogHook } from './api-core';
import { CrdController } from '../controllers/crd-controller';
import { eventsV1View } from '../builtins/event-conversion';
import { fieldTracker } from './field-tracking';
import { GarbageCollector } from '../controllers/garbage-collector';
import { GenericStore } from '../storage/generic-store';
import { setLongTimeout, type LongTimer } from '../storage/long-timer';
import { NamespaceController } from '../controllers/namespace-controller';
import {
  NodeLifecycleController,
  type NodeLifecycleTimings,
} from '../controllers/node-lifecycle-controller';
import { Registry } from './registry';
import { serverStrategies } from './strategies';
import { Store } from '../storage/store';
import { TaintEvictionController } from '../controllers/taint-eviction-controller';
import { WatchHub, type WatchBufferLimits } from '../storage/watch-hub';

/** Tunables of the server state. */
export interface ServerStateOptions {
  historySize: number;
  bookmarkIntervalMs: number;
  historyBytes: number;
  watchBuffers: WatchBufferLimits;
  now: () => Date;
  /**
   * The clock of grace periods, watch timeouts, bookmarks and the node controllers; default
   * Node's timers (the real clock for the node controllers).
   */
  clock?: Clock | undefined;
  /** The node lifecycle controller's timings; false or absent runs neither node controller. */
  nodeLifecycle?: NodeLifecycleTimings | false | undefined;
  podLogs?: PodLogHook;
  onError: (err: unknown) => void;
}

const initialNamespaces = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

/**
 * Everything one server instance holds: storage, registry, watch hub and the built-in
 * controllers (garbage collector, namespace lifecycle, CRD establishment, node lifecycle and
 * taint eviction). Survives a restart that keeps data; a fresh one is built otherwise.
 */
export class ServerState implements ApiCore {
  readonly store: Store;
  readonly registry = new Registry();
  readonly generic: GenericStore;
  readonly hub: WatchHub;
  readonly now: () => Date;
  readonly podLogs?: PodLogHook;
  private readonly controllers: Array<{ idle(): Promise<void>; stop(): void }>;
  private readonly graceTimers = new Set<LongTimer>();

  constructor(opts: ServerStateOptions) {
    this.now = opts.now;
    this.podLogs = opts.podLogs;
    this.store = new Store(opts.historySize, 1, opts.historyBytes);
    this.store.addView('events.events.k8s.io', eventsV1View);
    this.generic = new GenericStore({
      store: this.store,
      now: opts.now,
      strategyFor: serverStrategies(),
      trackFields: fieldTracker(opts.now),
      onGracefulDeletion: (def, namespace, name, uid, seconds) => {
        const t = setLongTimeout(
          () => {
            this.graceTimers.delete(t);
            try {
              this.generic.delete(def, namespace, name, {
                gracePeriodSeconds: 0,
                preconditions: { uid },
              });
            } catch {
              // already gone or replaced: nothing to finish
            }
          },
          seconds * 1000,
          opts.clock,
        );
        this.graceTimers.add(t);
      },
    });
    this.hub = new WatchHub(this.store, opts.bookmarkIntervalMs, opts.watchBuffers, opts.clock);
    this.controllers = [
      new GarbageCollector(this, opts.onError),
      new NamespaceController(this, opts.onError),
      new CrdController(this, opts.onError),
    ];
    if (opts.nodeLifecycle) {
      const clock = opts.clock ?? realClock;
      this.controllers.push(
        new NodeLifecycleController(this, opts.onError, clock, opts.nodeLifecycle),
        new TaintEvictionController(this, opts.onError, clock),
      );
    }
    const nsDef = this.registry.byKey('namespaces')!;
    for (const name of initialNamespaces)
      this.generic.create(nsDef, undefined, { metadata: { name } });
  }

  /** Resolves once the built-in controllers have nothing queued (repeats until stable). */
  async settle(): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const rv = this.store.currentRevision;
      await Promise.all(this.controllers.map((c) => c.idle()));
      await new Promise((r) => setImmediate(r));
      if (this.store.currentRevision === rv) return;
    }
  }

  stop(): void {
    for (const t of this.graceTimers) t.clear();
    this.graceTimers.clear();
    for (const c of this.controllers) c.stop();
    this.hub.stop();
  }
}
