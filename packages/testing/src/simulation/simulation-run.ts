import { StatusError, newConflict, newTooManyRequests, type Clock } from '@kubekit/apimachinery';
import { describeFault, type FaultEvent } from './fault-schedule';
import {
  WorkerTracker,
  cacheDifferences,
  leaseTermWatcher,
  messagesOf,
  type ExposedCache,
  type SimulationView,
  type Violation,
} from './invariants';
import type { SeededRandom } from './random';
import { SimApiServer, type RequestFault } from './sim-api-server';
import { SimKubelet } from './sim-kubelet';
import type { SimulationEnv, SimulationOptions, SimulationRun } from './simulation-types';
import { VirtualClock } from './virtual-clock';

/** Simulated time starts here (a fixed instant: timestamps replay too). */
const epoch = Date.UTC(2026, 0, 1);
/** A macrotask turn, taken before jest's fake timers could replace `setImmediate`. */
const realSetImmediate = globalThis.setImmediate;
const turn = (): Promise<void> => new Promise((resolve) => realSetImmediate(resolve));
/** The header naming the process a request comes from (faults hit managers only). */
const clientHeader = 'x-simulation-client';
/** Resources whose writes do not count as activity for quiescence (renewals, event counts). */
const background = new Set(['leases.coordination.k8s.io', 'events', 'events.events.k8s.io']);

/** The random streams of one run, each for one purpose so shrinking a schedule moves no other. */
export interface RunStreams {
  requests: SeededRandom;
  kubelet: SeededRandom;
  math: SeededRandom;
}

interface ManagerSlot {
  index: number;
  name: string;
  incarnation: number;
  abort: AbortController;
  transport: ReturnType<SimApiServer['network']['transport']> | undefined;
  skewMs: number;
  caches: ExposedCache[];
  /** The pending restart after a crash or an exit. */
  restart: ReturnType<Clock['setTimeout']> | undefined;
}

/**
 * One deterministic run: the server, kubelet and managers on one virtual clock, `schedule`
 * applied, invariants checked after every step and at quiescence. Replaces `Math.random` with
 * the run's seeded stream for the run's duration (runs must not overlap).
 */
export async function runOnce(
  options: SimulationOptions,
  schedule: readonly FaultEvent[],
  streams: RunStreams,
): Promise<SimulationRun> {
  const wallStart = performance.now();
  const durationMs = options.durationMs ?? 60_000;
  const settleMs = options.settleMs ?? 180_000;
  const quietMs = options.quietMs ?? 65_000;
  const maxSteps = options.maxSteps ?? 500_000;
  const clock = new VirtualClock(epoch);
  const elapsed = (): number => clock.now() - epoch;
  const trace: string[] = [];
  const log = (line: string): void => {
    trace.push(`${(elapsed() / 1000).toFixed(3).padStart(8)}s ${line}`);
  };
  const violations: Violation[] = [];
  const violate = (invariant: string, message: string): void => {
    violations.push({ invariant, message, atMs: elapsed() });
    log(`VIOLATION ${invariant}: ${message}`);
  };

  const savedRandom = Math.random;
  Math.random = streams.math.next;
  let faultsOn = true;
  const windows: FaultEvent[] = [];
  const faultFor = (method: string, path: string, client: string): RequestFault | undefined => {
    if (!faultsOn || !client.startsWith('manager-')) return undefined;
    const now = elapsed();
    let latencyMs = 0;
    for (const w of windows) {
      if (now < w.at) continue;
      if (w.kind === 'latency' && now < w.at + w.durationMs) latencyMs = Math.max(latencyMs, w.ms);
      if (w.kind !== 'errors' || now >= w.at + w.durationMs) continue;
      if (w.code === 409 && method !== 'PUT' && method !== 'PATCH') continue;
      if (!streams.requests.chance(w.rate)) continue;
      return { error: injectedError(w.code, path) };
    }
    return latencyMs > 0 ? { latencyMs } : undefined;
  };
  const server = new SimApiServer({
    clock,
    faultFor: (method, path, headers) =>
      faultFor(method, path, String(headers[clientHeader] ?? '')),
    observer: {
      onResponse: (client, method, path, status) =>
        log(`${client} ${method} ${path} ${status === 0 ? 'refused' : status}`),
    },
    onError: (err) => violate('api-server', `built-in controller error: ${String(err)}`),
  });
  const { state } = server;
  let lastChange = 0;
  let revisionChecked = -1;
  const unsubscribe = [
    state.store.subscribe((e) => {
      if (!background.has(e.resource)) lastChange = elapsed();
    }),
    state.store.subscribe(leaseTermWatcher((m) => violate('one leader per lease term', m))),
  ];
  const kubelet = new SimKubelet(
    state,
    clock,
    streams.kubelet,
    options.pods ?? (() => undefined),
    log,
    options.nodes ?? 2,
  );
  const workers = new WorkerTracker((m) => violate('no key handled by two workers at once', m));
  const view: SimulationView = {
    get elapsedMs() {
      return elapsed();
    },
    list: (ref, namespace) => server.storage.list(ref, namespace),
    get: (ref, name, namespace) => server.storage.get(ref, name, namespace),
  };
  const invariants =
    typeof options.invariants === 'function' ? options.invariants() : (options.invariants ?? []);
  unsubscribe.push(
    state.store.subscribe((e) => {
      for (const inv of invariants) {
        if (!inv.observe) continue;
        const change = { type: e.type, resource: e.resource, object: e.obj, elapsedMs: elapsed() };
        try {
          for (const m of messagesOf(inv.observe(change))) violate(inv.name, m);
        } catch (err) {
          violate(inv.name, `observe threw: ${String(err)}`);
        }
      }
    }),
  );
  const check = (when: 'always' | 'quiescence'): void => {
    for (const inv of invariants) {
      if ((inv.when ?? 'always') !== when) continue;
      try {
        for (const m of messagesOf(inv.check(view))) violate(inv.name, m);
      } catch (err) {
        violate(inv.name, `check threw: ${String(err)}`);
      }
    }
  };

  const watchLag = (): number => {
    const now = elapsed();
    let ms = 0;
    for (const w of windows)
      if (faultsOn && w.kind === 'cacheLag' && now >= w.at && now < w.at + w.durationMs)
        ms = Math.max(ms, w.ms);
    return ms;
  };
  const connection = (name: string, skew: () => number) => {
    const transport = server.network.transport(
      name,
      name.startsWith('manager-') ? watchLag : undefined,
    );
    const tagged = {
      ...transport,
      request: (req: Parameters<typeof transport.request>[0]) =>
        transport.request({ ...req, headers: { ...req.headers, [clientHeader]: name } }),
    };
    return { transport, tagged, clock: skew() === 0 ? clock.skewed(() => 0) : clock.skewed(skew) };
  };
  const env = (name: string): SimulationEnv => {
    const c = connection(name, () => 0);
    return {
      config: { server: 'http://simulation' },
      transport: c.tagged,
      clock: c.clock,
      storage: server.storage,
      sleep: (ms) => clock.sleep(ms),
      log: (m) => log(`${name}: ${m}`),
    };
  };

  const slots: ManagerSlot[] = Array.from({ length: options.managers ?? 1 }, (_, index) => ({
    index,
    name: `manager-${index}`,
    incarnation: 0,
    abort: new AbortController(),
    transport: undefined,
    skewMs: 0,
    caches: [],
    restart: undefined,
  }));
  const processName = (slot: ManagerSlot) => `${slot.name}#${slot.incarnation}`;
  const startManager = (slot: ManagerSlot): void => {
    if (slot.restart) clock.clearTimeout(slot.restart);
    slot.restart = undefined;
    slot.incarnation++;
    slot.abort = new AbortController();
    slot.caches = [];
    const name = processName(slot);
    const incarnation = slot.incarnation;
    const c = connection(name, () => slot.skewMs);
    slot.transport = c.transport;
    const current = () => slot.incarnation === incarnation && !slot.abort.signal.aborted;
    log(`${name} started`);
    const signal = slot.abort.signal;
    void options
      .manager({
        name: slot.name,
        index: slot.index,
        incarnation,
        config: { server: 'http://simulation' },
        transport: c.tagged,
        clock: c.clock,
        signal,
        exposeCache: (ref, items, namespace) => {
          if (current()) slot.caches.push({ ref, items, namespace });
        },
        reconciling: (key) => (current() ? workers.begin(name, key) : () => undefined),
        log: (m) => log(`${name}: ${m}`),
      })
      .then(
        () => (signal.aborted ? undefined : `exited`),
        (err: unknown) => (signal.aborted ? undefined : `failed: ${errorText(err)}`),
      )
      .then((outcome) => {
        if (!outcome || !current()) return;
        // as a Deployment would: the process is restarted after a short back-off
        log(`${name} ${outcome}; restarting in 1s`);
        stopManager(slot);
        slot.restart = clock.setTimeout(() => startManager(slot), 1000);
      });
  };
  const stopManager = (slot: ManagerSlot): void => {
    slot.abort.abort(new Error('simulated process end'));
    slot.transport?.kill();
    slot.caches = [];
    workers.forget(processName(slot));
  };

  const apply = (e: FaultEvent): void => {
    if (!faultsOn) return;
    log(`FAULT ${describeFault(e)}`);
    const slot = 'manager' in e ? slots[e.manager % slots.length]! : undefined;
    switch (e.kind) {
      case 'watchDrop':
        return server.dropWatches();
      case 'compact':
        return server.compact();
      case 'serverRestart':
        return server.restart();
      case 'errors':
      case 'latency':
      case 'cacheLag':
        return void windows.push(e);
      case 'crash':
        if (slot!.restart) return; // already down
        stopManager(slot!);
        slot!.restart = clock.setTimeout(() => startManager(slot!), e.downMs);
        return;
      case 'partition': {
        const t = slot!.transport;
        if (!t) return;
        t.partitioned = true;
        clock.setTimeout(() => (t.partitioned = false), e.durationMs);
        return;
      }
      case 'skew':
        slot!.skewMs = e.offsetMs;
        return;
      case 'killPod':
        return kubelet.killPod(e.pick);
      case 'evictPod':
        return kubelet.evictPod(e.pick);
      case 'nodeLoss':
        return kubelet.loseNode(e.node, e.downMs);
    }
  };
  for (const e of schedule) clock.setTimeout(() => apply(e), e.at);
  clock.setTimeout(() => {
    log('faults end: partitions healed, crashed managers restarted');
    faultsOn = false;
    for (const slot of slots) {
      if (slot.transport) slot.transport.partitioned = false;
      if (slot.restart) startManager(slot);
    }
  }, durationMs);

  let steps = 0;
  let mainDone = false;
  const quiesce = async (): Promise<void> => {
    let last = '';
    for (let stable = 0, i = 0; stable < 2 && i < 100_000; i++) {
      await turn();
      const sig = `${clock.timersSet}/${server.network.bytes}/${server.requests}/${state.store.currentRevision}`;
      stable = sig === last ? stable + 1 : 0;
      last = sig;
    }
  };
  try {
    void (async () => {
      await options.setup?.(env('setup'));
      for (const slot of slots) startManager(slot);
      await options.workload?.(env('workload'));
    })().then(
      () => (mainDone = true),
      (err: unknown) => {
        mainDone = true;
        violate('workload', `setup or workload failed: ${errorText(err)}`);
      },
    );
    const end = epoch + durationMs + settleMs;
    for (;;) {
      await quiesce();
      if (state.store.currentRevision !== revisionChecked) {
        revisionChecked = state.store.currentRevision;
        check('always');
      }
      if (violations.length > 0) break;
      const quiet = elapsed() - Math.max(lastChange, durationMs) >= quietMs;
      if (mainDone && !faultsOn && quiet && !kubelet.busy()) break;
      if (!clock.fireNext(end)) break;
      if (++steps > maxSteps) {
        violate('simulation', `more than ${maxSteps} steps`);
        break;
      }
    }
    if (violations.length === 0) {
      log(mainDone ? 'quiescent' : 'settle time over with the workload still running');
      if (!mainDone) violate('workload', 'the workload did not finish');
      for (const slot of slots)
        for (const cache of slot.caches) {
          const diff = cacheDifferences(cache, view);
          if (diff) violate('cache equals server after quiescence', `${processName(slot)} ${diff}`);
        }
      check('quiescence');
    }
  } finally {
    for (const slot of slots) stopManager(slot);
    kubelet.stop();
    for (const u of unsubscribe) u();
    await quiesce();
    server.stop();
    Math.random = savedRandom;
  }
  return {
    schedule: [...schedule],
    violations,
    trace,
    simulatedMs: elapsed(),
    wallMs: performance.now() - wallStart,
    steps,
    requests: server.requests,
  };
}

/** The error a fault window answers with. */
function injectedError(code: 409 | 429 | 500, path: string): StatusError {
  if (code === 429) return newTooManyRequests('Too many requests, please try again later.', 1);
  if (code === 409)
    return newConflict(
      { group: '', resource: path.split('?')[0]!.split('/').at(-2) ?? '' },
      path.split('?')[0]!.split('/').at(-1) ?? '',
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  return new StatusError({
    code: 500,
    reason: 'InternalError',
    message: 'Internal error occurred: injected by the simulation',
    details: { retryAfterSeconds: 1 },
  });
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
