import type { Clock, TimerHandle } from '@kubekit/apimachinery';
import type { ApiCore } from '../server/api-core';
import { BackgroundWorker, ignoreMissing } from './background-worker';
import { formatTime } from '../storage/object-util';
import { clone } from '../semantics/json';
import type { ResourceDef } from '../storage/resource-def';
import type { Obj, StoreEvent } from '../storage/store';

/** Timings of the node lifecycle controller (kube-controller-manager's flags, in ms). */
export interface NodeLifecycleTimings {
  /** `--node-monitor-grace-period`: a node silent this long is Unknown (default 50 s). */
  monitorGracePeriodMs: number;
  /** `--node-startup-grace-period`: the same for a node that never posted status (default 60 s). */
  startupGracePeriodMs: number;
}

/** The taint of a node whose Ready condition is Unknown. */
const unreachableTaint = 'node.kubernetes.io/unreachable';
/** The taint of a node whose Ready condition is False. */
const notReadyTaint = 'node.kubernetes.io/not-ready';

const nodeLeases = 'leases.coordination.k8s.io';
const conditionTypes = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];

interface Health {
  /** When the controller last saw the node's kubelet alive (a lease renewal or a status heartbeat). */
  probe: number;
  timer?: TimerHandle;
}

/**
 * The node lifecycle controller's observable behaviour (kube-controller-manager's
 * nodelifecycle): a node whose kubelet neither renewed its Lease in `kube-node-lease` nor
 * posted a status heartbeat for the grace period gets its Ready, MemoryPressure, DiskPressure
 * and PIDPressure conditions set to Unknown (`NodeStatusUnknown`, "Kubelet stopped posting node
 * status."), the pods on it Ready=False, and the taints `node.kubernetes.io/unreachable`
 * NoSchedule and NoExecute (`not-ready` for Ready=False); once Ready is True again the taints
 * go. Evicting the pods from a NoExecute-tainted node is the TaintEvictionController's.
 *
 * Heartbeats are timed by the controller's clock when it sees them (as kube does, so the
 * kubelet's clock does not matter); each node has one timer, due when its grace period ends.
 * Not ported: zones and eviction rate limits, the other condition taints (memory-pressure, ...).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/nodelifecycle/node_lifecycle_controller.go
 */
export class NodeLifecycleController extends BackgroundWorker {
  private readonly health = new Map<string, Health>();

  constructor(
    core: ApiCore,
    onError: (err: unknown) => void,
    private readonly clock: Clock,
    private readonly timings: NodeLifecycleTimings,
  ) {
    super(core, onError);
  }

  override stop(): void {
    for (const h of this.health.values()) if (h.timer) this.clock.clearTimeout(h.timer);
    this.health.clear();
    super.stop();
  }

  protected observe(e: StoreEvent): void {
    if (e.resource === 'nodes') {
      const name = e.obj.metadata!.name!;
      if (e.type === 'DELETED') {
        const h = this.health.get(name);
        if (h?.timer) this.clock.clearTimeout(h.timer);
        this.health.delete(name);
        return;
      }
      const beat = readyHeartbeat(e.obj);
      this.heard(name, e.type === 'ADDED' || (!!beat && beat !== readyHeartbeat(e.prev)));
    } else if (e.resource === nodeLeases && e.key.startsWith('kube-node-lease/')) {
      const renewed = e.obj.spec?.renewTime;
      if (e.type !== 'DELETED' && renewed && renewed !== e.prev?.spec?.renewTime)
        this.heard(e.obj.metadata!.name!, true);
    }
  }

  /** Notes a sign of life (`alive`) or just queues the node. */
  private heard(name: string, alive: boolean): void {
    let h = this.health.get(name);
    if (!h) this.health.set(name, (h = { probe: this.clock.now() }));
    else if (alive) h.probe = this.clock.now();
    this.queue.add(name);
  }

  protected sync(name: string): void {
    const nodes = this.core.registry.byKey('nodes')!;
    let node = this.core.store.get('nodes', name)?.obj;
    const h = this.health.get(name);
    if (!node || !h) return;
    const ready = condition(node, 'Ready');
    const grace = ready ? this.timings.monitorGracePeriodMs : this.timings.startupGracePeriodMs;
    const due = h.probe + grace;
    if (h.timer) this.clock.clearTimeout(h.timer);
    h.timer = undefined;
    if (this.clock.now() >= due) {
      if (ready?.status !== 'Unknown') node = this.markUnknown(nodes, node) ?? node;
    } else {
      h.timer = this.clock.setTimeout(() => this.queue.add(name), due - this.clock.now());
    }
    this.reconcileTaints(nodes, node);
  }

  /** Ready and the pressure conditions become Unknown; the node's pods become unready. */
  private markUnknown(nodes: ResourceDef, node: Obj): Obj | undefined {
    const now = formatTime(this.core.now());
    const next = clone(node);
    const conditions: Obj[] = next.status?.conditions ?? [];
    for (const type of conditionTypes) {
      const c = conditions.find((x) => x.type === type);
      if (!c) {
        conditions.push({
          type,
          status: 'Unknown',
          lastHeartbeatTime: node.metadata!.creationTimestamp,
          lastTransitionTime: now,
          reason: 'NodeStatusNeverUpdated',
          message: 'Kubelet never posted node status.',
        });
      } else if (c.status !== 'Unknown') {
        Object.assign(c, {
          status: 'Unknown',
          reason: 'NodeStatusUnknown',
          message: 'Kubelet stopped posting node status.',
          lastTransitionTime: now,
        });
      }
    }
    next.status = { ...next.status, conditions };
    let stored: Obj | undefined;
    ignoreMissing(() => {
      stored = this.core.generic.update(nodes, undefined, node.metadata!.name!, next, {
        subresource: 'status',
      });
    });
    this.markPodsNotReady(node.metadata!.name!);
    return stored;
  }

  private markPodsNotReady(nodeName: string): void {
    const pods = this.core.registry.byKey('pods')!;
    const now = formatTime(this.core.now());
    for (const key of [...this.core.store.keys('pods', '')]) {
      const pod = this.core.store.get('pods', key)!.obj;
      if (pod.spec?.nodeName !== nodeName) continue;
      const ready = (pod.status?.conditions ?? []).find((c: Obj) => c.type === 'Ready');
      if (!ready || ready.status === 'False') continue;
      const next = clone(pod);
      const c = next.status.conditions.find((x: Obj) => x.type === 'Ready');
      Object.assign(c, { status: 'False', lastTransitionTime: now });
      ignoreMissing(() =>
        this.core.generic.update(pods, pod.metadata!.namespace, pod.metadata!.name!, next, {
          subresource: 'status',
        }),
      );
    }
  }

  /** unreachable (Ready Unknown) or not-ready (Ready False) NoSchedule + NoExecute; none when Ready. */
  private reconcileTaints(nodes: ResourceDef, node: Obj): void {
    const status = condition(node, 'Ready')?.status;
    const key = status === 'Unknown' ? unreachableTaint : status === 'False' ? notReadyTaint : '';
    const taints: Obj[] = node.spec?.taints ?? [];
    const ours = (t: Obj) => t.key === unreachableTaint || t.key === notReadyTaint;
    const kept = taints.filter((t) => !ours(t) || t.key === key);
    const want = [...kept];
    if (key && !kept.some((t) => t.key === key && t.effect === 'NoSchedule'))
      want.push({ key, effect: 'NoSchedule' });
    if (key && !kept.some((t) => t.key === key && t.effect === 'NoExecute'))
      want.push({ key, effect: 'NoExecute', timeAdded: formatTime(this.core.now()) });
    if (want.length === taints.length && kept.length === taints.length) return;
    const next = clone(node);
    next.spec = { ...next.spec, taints: want };
    if (!want.length) delete next.spec.taints;
    ignoreMissing(() => this.core.generic.update(nodes, undefined, node.metadata!.name!, next));
  }
}

function condition(node: Obj | undefined, type: string): Obj | undefined {
  return (node?.status?.conditions ?? []).find((c: Obj) => c.type === type);
}

function readyHeartbeat(node: Obj | undefined): string | undefined {
  return condition(node, 'Ready')?.lastHeartbeatTime;
}
