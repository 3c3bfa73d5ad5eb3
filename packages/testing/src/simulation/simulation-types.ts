import type { Clock, KubeObject } from '@kubekit/apimachinery';
import type { KubeletPod } from '../kubelet/kubelet-pod';
import type { ResourceRef, StorageAccess } from '../storage-access';
import type { FaultEvent, FaultRates } from './fault-schedule';
import type { InProcessTransport } from './in-process-network';
import type { SimulationInvariant, Violation } from './invariants';
import type { SimPodPlan } from './sim-kubelet';

/** How a process of the simulation reaches the API server: `new RESTClient(config, { transport, clock })`. */
export interface SimulationConnection {
  /** A RestConfig for the in-process server (`{ server: 'http://simulation' }`). */
  readonly config: { server: string };
  /** This process's transport (pass it as the RESTClient's `transport`). */
  readonly transport: InProcessTransport;
  /** This process's clock (pass it to everything that takes one). */
  readonly clock: Clock;
}

/** What `setup` and `workload` get: a client connection that faults never touch, and the storage. */
export interface SimulationEnv extends SimulationConnection {
  /** Direct access to the server's objects (no HTTP, no faults). */
  readonly storage: StorageAccess;
  /** Waits `ms` of simulated time. */
  sleep(ms: number): Promise<void>;
  /** Adds a line to the trace. */
  log(message: string): void;
}

/** What one incarnation of a controller manager gets (see {@link SimulationOptions.manager}). */
export interface SimulationManagerContext extends SimulationConnection {
  /** `manager-0`, `manager-1`, ... */
  readonly name: string;
  readonly index: number;
  /** 1 for the first start, +1 per restart after a crash. */
  readonly incarnation: number;
  /** Aborted when this incarnation crashes or the simulation ends: stop, no cleanup is needed. */
  readonly signal: AbortSignal;
  /** Registers an informer's cache for the built-in "cache equals server after quiescence" check. */
  exposeCache(ref: ResourceRef, items: () => readonly KubeObject[], namespace?: string): void;
  /**
   * Reports that a worker starts handling `key` (built-in check: no key handled by two workers
   * at once, across managers); call the returned function when it is done.
   */
  reconciling(key: string): () => void;
  /** Adds a line to the trace. */
  log(message: string): void;
}

/** Options of {@link simulate}. */
export interface SimulationOptions {
  /** The seed; default one drawn from the wall clock (printed with the result). */
  seed?: number | undefined;
  /** Replays this fault schedule instead of drawing one from the seed (from a failure report). */
  schedule?: readonly FaultEvent[] | undefined;
  /** Simulated time with faults (default 60,000 ms). */
  durationMs?: number | undefined;
  /**
   * After the faults: simulated time the system may take to go quiet (default 180,000 ms);
   * quiet = no write other than Leases and Events for `quietMs`, and nothing scheduled on the
   * nodes (no pod waiting to be bound, started, or to exit).
   */
  settleMs?: number | undefined;
  /**
   * Default 65,000 ms: longer than a reflector's longest retry delay (client-go's backoff, 30 s
   * with jitter up to +100%), so a cache whose reflector backed off during the faults has
   * relisted before the caches are compared with the server.
   */
  quietMs?: number | undefined;
  /** Controller managers running `manager` at once (default 1). */
  managers?: number | undefined;
  /** Nodes of the simulated kubelet (default 2). */
  nodes?: number | undefined;
  /** Faults per simulated minute by kind (default {@link defaultFaultRates}); `{}` for none. */
  faults?: FaultRates | undefined;
  /** Creates what exists before the managers start (CRDs, namespaces). */
  setup?: ((env: SimulationEnv) => Promise<void>) | undefined;
  /**
   * Runs one controller manager until `ctx.signal` aborts. Build every client on
   * `ctx.transport` and give every clock option `ctx.clock`.
   */
  manager: (ctx: SimulationManagerContext) => Promise<void>;
  /** What users do while the faults run (create jobs, scale, delete), from time 0. */
  workload?: ((env: SimulationEnv) => Promise<void>) | undefined;
  /** The system's properties; a function gives every run fresh (stateful) invariants. */
  invariants?: readonly SimulationInvariant[] | (() => readonly SimulationInvariant[]) | undefined;
  /** How each pod's containers run (default: start within 1.5 s, run until deleted). */
  pods?: ((pod: KubeletPod) => SimPodPlan | undefined) | undefined;
  /** Shrink a failing schedule to a short one (default true; at most `maxRuns` reruns, 40). */
  shrink?: boolean | { maxRuns?: number } | undefined;
  /** A run taking more timer firings is a failure (default 500,000). */
  maxSteps?: number | undefined;
}

/** The outcome of one run. */
export interface SimulationRun {
  schedule: FaultEvent[];
  violations: Violation[];
  /** Every request, fault, restart and violation, one line each with the simulated time. */
  trace: string[];
  simulatedMs: number;
  wallMs: number;
  steps: number;
  requests: number;
}
