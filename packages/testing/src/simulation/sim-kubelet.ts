import type { TimerHandle } from '@kubekit/apimachinery';
import { podPhase, podStatus, type ContainerRecord, type KubeletPod } from '../kubelet/kubelet-pod';
import { formatTime } from '../storage/object-util';
import { clone } from '../semantics/json';
import type { ResourceDef } from '../storage/resource-def';
import type { ServerState } from '../server/server-state';
import type { Obj, StoreEvent } from '../storage/store';
import type { SeededRandom } from './random';
import type { VirtualClock } from './virtual-clock';

/** How a simulated pod's containers run (see {@link SimulationOptions.pods}). */
export interface SimPodPlan {
  /** From binding to Running (default 200 to 1,500 ms, drawn from the seed). */
  startMs?: number;
  /** How long the containers run before they exit (default: until the pod is deleted). */
  runMs?: number;
  /** Their exit code then (default 0). */
  exitCode?: number;
}

interface PodRun {
  node: string;
  started: boolean;
  restartCount: number;
  /** Pending timers of this pod (start, exit, restart, finishing a deletion). */
  timers: Set<TimerHandle>;
  startTime: string;
}

/** How long a lost node's pods wait before they are force-deleted (kube's 5 min, shortened). */
const nodeLossEvictionMs = 40_000;

/**
 * The nodes and kubelets of a simulation: a scheduler binding pods to ready nodes, kubelets
 * scripting container states on the virtual clock (no processes), graceful deletion, process
 * kills honouring restartPolicy, API evictions, and node loss (pods on a lost node freeze, then
 * get a DisruptionTarget condition and are force-deleted, as by the taint manager and pod GC).
 * It writes to the server's storage directly, in virtual time.
 */
export class SimKubelet {
  readonly nodes: string[];
  readonly #down = new Set<string>();
  readonly #runs = new Map<string, PodRun>();
  /** Every timer still to fire: binds, starts, exits, restarts, deletions, node events. */
  readonly #pending = new Set<TimerHandle>();
  readonly #pods: ResourceDef;
  readonly #nodeDef: ResourceDef;
  readonly #unsubscribe: () => void;

  constructor(
    private readonly state: ServerState,
    private readonly clock: VirtualClock,
    private readonly random: SeededRandom,
    private readonly plan: (pod: KubeletPod) => SimPodPlan | undefined,
    private readonly trace: (line: string) => void,
    nodeCount: number,
  ) {
    this.#pods = state.registry.byResource('', 'pods')!;
    this.#nodeDef = state.registry.byResource('', 'nodes')!;
    this.nodes = Array.from({ length: nodeCount }, (_, i) => `sim-node-${i}`);
    for (const name of this.nodes)
      state.generic.create(this.#nodeDef, undefined, {
        metadata: { name },
        status: { conditions: [this.#ready(true)] },
      });
    this.#unsubscribe = state.store.subscribe((e) => this.#observe(e));
  }

  /**
   * True while the nodes still have something scheduled (a pod to bind, start or exit, a
   * deletion to finish, a lost node to come back): the system is not quiet yet even if nothing
   * was written for a while.
   */
  busy(): boolean {
    return this.#pending.size > 0;
  }

  stop(): void {
    this.#unsubscribe();
    for (const t of this.#pending) this.clock.clearTimeout(t);
    this.#pending.clear();
    for (const run of this.#runs.values()) this.#clearTimers(run);
  }

  /** Kills the containers of one running pod (exit 137, OOMKilled); `pick` in [0, 1) chooses it. */
  killPod(pick: number): void {
    const pods = this.#livePods().filter((p) => this.#runs.get(p.metadata.uid)?.started);
    const pod = pods[Math.floor(pick * pods.length)];
    if (!pod) return;
    this.trace(`kubelet: kill ${key(pod)}`);
    this.#exit(pod, 137, 'OOMKilled');
  }

  /** Evicts one bound pod through the eviction semantics (DisruptionTarget, graceful delete). */
  evictPod(pick: number): void {
    const pods = this.#livePods();
    const pod = pods[Math.floor(pick * pods.length)];
    if (!pod) return;
    this.trace(`kubelet: evict ${key(pod)}`);
    this.#disrupt(pod, 'EvictionByEvictionAPI', 'Eviction API: evicting');
    this.#try(() =>
      this.state.generic.delete(this.#pods, pod.metadata.namespace, pod.metadata.name, {
        preconditions: { uid: pod.metadata.uid },
      }),
    );
  }

  /** Node `index` stops (NotReady, its pods freeze, and are force-deleted later); back after `downMs`. */
  loseNode(index: number, downMs: number): void {
    const node = this.nodes[index % this.nodes.length]!;
    if (this.#down.has(node)) return;
    this.trace(`node ${node}: lost for ${downMs} ms`);
    this.#down.add(node);
    this.#setReady(node, false);
    for (const run of this.#runs.values()) if (run.node === node) this.#clearTimers(run);
    this.#after(undefined, nodeLossEvictionMs, () => {
      if (!this.#down.has(node)) return;
      for (const pod of this.#allPods().filter((p) => p.spec.nodeName === node)) {
        this.#disrupt(
          pod,
          'DeletionByTaintManager',
          'Taint manager: deleting due to NoExecute taint',
        );
        this.#try(() =>
          this.state.generic.delete(this.#pods, pod.metadata.namespace, pod.metadata.name, {
            gracePeriodSeconds: 0,
            preconditions: { uid: pod.metadata.uid },
          }),
        );
      }
    });
    this.#after(undefined, downMs, () => {
      this.trace(`node ${node}: back`);
      this.#down.delete(node);
      this.#setReady(node, true);
      // the kubelet comes back and takes up the pods still bound to it
      for (const pod of this.#allPods().filter((p) => p.spec.nodeName === node)) {
        this.#runs.delete(pod.metadata.uid);
        this.#observe({
          type: 'MODIFIED',
          resource: 'pods',
          obj: pod as unknown as Obj,
        } as StoreEvent);
      }
    });
  }

  #observe(e: StoreEvent): void {
    if (e.resource !== 'pods') return;
    const pod = e.obj as unknown as KubeletPod;
    const uid = pod.metadata.uid;
    if (e.type === 'DELETED') {
      const run = this.#runs.get(uid);
      if (run) this.#clearTimers(run);
      this.#runs.delete(uid);
      return;
    }
    // never write inside a write: react on the virtual clock
    const node = pod.spec.nodeName;
    if (!node) {
      if (!pod.metadata.deletionTimestamp)
        this.#after(undefined, 50 + this.random.int(250), () => this.#bind(pod));
      return;
    }
    if (this.#down.has(node)) return;
    let run = this.#runs.get(uid);
    if (!run) {
      run = {
        node,
        started: false,
        restartCount: 0,
        timers: new Set(),
        startTime: formatTime(new Date(this.clock.now())),
      };
      this.#runs.set(uid, run);
      const startMs = this.plan(pod)?.startMs ?? 200 + this.random.int(1300);
      this.#after(run, startMs, () => this.#start(pod));
    }
    if (pod.metadata.deletionTimestamp && !run.timers.has(deletionMark)) {
      this.#clearTimers(run);
      run.timers.add(deletionMark);
      this.#after(run, 100 + this.random.int(900), () =>
        this.#try(() =>
          this.state.generic.delete(this.#pods, pod.metadata.namespace, pod.metadata.name, {
            gracePeriodSeconds: 0,
            preconditions: { uid },
          }),
        ),
      );
    }
  }

  #bind(seen: KubeletPod): void {
    const pod = this.#current(seen);
    if (!pod || pod.spec.nodeName || pod.metadata.deletionTimestamp) return;
    const ready = this.nodes.filter((n) => !this.#down.has(n));
    if (ready.length === 0) {
      this.#after(undefined, 1000, () => this.#bind(seen));
      return;
    }
    const next = clone(pod as unknown as Obj);
    next.spec = { ...next.spec, nodeName: this.random.pick(ready) };
    this.#try(() =>
      this.state.generic.update(this.#pods, pod.metadata.namespace, pod.metadata.name, next, {
        subresource: 'binding',
      }),
    );
  }

  #start(seen: KubeletPod): void {
    const pod = this.#current(seen);
    const run = this.#runs.get(seen.metadata.uid);
    if (!pod || !run || pod.metadata.deletionTimestamp) return;
    run.started = true;
    this.#writeStatus(pod, 'Running', () => ({ running: { startedAt: run.startTime } }), run);
    const plan = this.plan(pod);
    if (plan?.runMs !== undefined && Number.isFinite(plan.runMs))
      this.#after(run, plan.runMs, () =>
        this.#exit(pod, plan.exitCode ?? 0, plan.exitCode ? 'Error' : 'Completed'),
      );
  }

  #exit(seen: KubeletPod, exitCode: number, reason: string): void {
    const pod = this.#current(seen);
    const run = this.#runs.get(seen.metadata.uid);
    if (!pod || !run || !run.started || pod.metadata.deletionTimestamp) return;
    this.#clearTimers(run);
    const policy = pod.spec.restartPolicy ?? 'Always';
    const restart = policy === 'Always' || (policy === 'OnFailure' && exitCode !== 0);
    const now = formatTime(new Date(this.clock.now()));
    const terminated = {
      terminated: { exitCode, reason, startedAt: run.startTime, finishedAt: now },
    };
    if (!restart) {
      run.started = false;
      this.#writeStatus(pod, undefined, () => terminated, run);
      return;
    }
    run.restartCount++;
    this.#writeStatus(
      pod,
      'Running',
      () => ({ waiting: { reason: 'CrashLoopBackOff' } }),
      run,
      terminated,
    );
    this.#after(run, 1000 * Math.min(2 ** (run.restartCount - 1), 16), () => this.#start(pod));
  }

  #writeStatus(
    pod: KubeletPod,
    phase: string | undefined,
    state: (c: KubeletPod['spec']['containers'][number]) => ContainerRecord['state'],
    run: PodRun,
    lastState?: ContainerRecord['state'],
  ): void {
    const records: ContainerRecord[] = pod.spec.containers.map((c) => ({
      name: c.name,
      image: c.image ?? '',
      state: state(c),
      ...(lastState ? { lastState } : {}),
      restartCount: run.restartCount,
    }));
    const next = clone(pod as unknown as Obj);
    // keeps the conditions others set (DisruptionTarget)
    next.status = podStatus({
      phase: phase ?? podPhase(records, false),
      records,
      startTime: run.startTime,
      now: formatTime(new Date(this.clock.now())),
      current: pod.status,
    });
    this.#try(() =>
      this.state.generic.update(this.#pods, pod.metadata.namespace, pod.metadata.name, next, {
        subresource: 'status',
      }),
    );
  }

  #disrupt(pod: KubeletPod, reason: string, message: string): void {
    const next = clone(pod as unknown as Obj);
    const conditions = ((next.status?.conditions as object[] | undefined) ?? []).filter(
      (c) => (c as { type: string }).type !== 'DisruptionTarget',
    );
    conditions.push({
      type: 'DisruptionTarget',
      status: 'True',
      reason,
      message,
      lastTransitionTime: formatTime(new Date(this.clock.now())),
    });
    next.status = { ...next.status, conditions };
    this.#try(() =>
      this.state.generic.update(this.#pods, pod.metadata.namespace, pod.metadata.name, next, {
        subresource: 'status',
      }),
    );
  }

  #setReady(node: string, ready: boolean): void {
    this.#try(() => {
      const live = this.state.generic.get(this.#nodeDef, undefined, node);
      const next = clone(live);
      next.status = { ...next.status, conditions: [this.#ready(ready)] };
      this.state.generic.update(this.#nodeDef, undefined, node, next, { subresource: 'status' });
    });
  }

  #ready(ready: boolean): object {
    return {
      type: 'Ready',
      status: ready ? 'True' : 'Unknown',
      reason: ready ? 'KubeletReady' : 'NodeStatusUnknown',
      lastTransitionTime: formatTime(new Date(this.clock.now())),
    };
  }

  /** The stored pod if it is still the one seen (same uid). */
  #current(seen: KubeletPod): KubeletPod | undefined {
    const rec = this.state.store.get('pods', key(seen));
    const pod = rec?.obj as unknown as KubeletPod | undefined;
    return pod && pod.metadata.uid === seen.metadata.uid ? pod : undefined;
  }

  #allPods(): KubeletPod[] {
    return [...this.state.store.keys('pods', '')].map(
      (k) => this.state.store.get('pods', k)!.obj as unknown as KubeletPod,
    );
  }

  /** Bound pods on live nodes that are not being deleted, in key order. */
  #livePods(): KubeletPod[] {
    return this.#allPods().filter(
      (p) => p.spec.nodeName && !this.#down.has(p.spec.nodeName) && !p.metadata.deletionTimestamp,
    );
  }

  #after(run: PodRun | undefined, ms: number, fn: () => void): void {
    const handle = this.clock.setTimeout(() => {
      run?.timers.delete(handle);
      this.#pending.delete(handle);
      fn();
    }, ms);
    run?.timers.add(handle);
    this.#pending.add(handle);
  }

  #clearTimers(run: PodRun): void {
    for (const t of run.timers) {
      if (t !== deletionMark) this.clock.clearTimeout(t);
      this.#pending.delete(t);
    }
    run.timers.clear();
  }

  /** Writes race with controllers (the pod may be gone or changed): a refused write is dropped. */
  #try(fn: () => unknown): void {
    try {
      fn();
    } catch {
      // NotFound / Conflict / precondition: the world moved on
    }
  }
}

/** Marks a pod whose deletion the kubelet is finishing. */
const deletionMark = Object.freeze({}) as TimerHandle;

const key = (pod: KubeletPod): string => `${pod.metadata.namespace}/${pod.metadata.name}`;
