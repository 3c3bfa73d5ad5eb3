import type { Clock, TimerHandle } from '@kubekit/apimachinery';
import type { ApiCore } from '../server/api-core';
import { BackgroundWorker, ignoreMissing } from './background-worker';
import { clone } from '../semantics/json';
import { withDisruptionTarget } from '../server/pod-eviction';
import type { Obj, StoreEvent } from '../storage/store';

interface Scheduled {
  /** When the controller first saw the pod tolerating its node's NoExecute taints. */
  since: number;
  timer?: TimerHandle;
}

/**
 * The taint eviction controller (kube-controller-manager's `taint-eviction-controller`, the
 * NoExecute taint manager): a pod on a node with a NoExecute taint it does not tolerate is
 * deleted at once; one that tolerates every such taint for a while (the default
 * `tolerationSeconds: 300` of `node.kubernetes.io/unreachable` and `not-ready` that admission
 * adds) is deleted once the shortest of those tolerations ran out, counted from when the
 * controller first saw it tainted; a taint removed in time cancels that. The pod first gets the
 * `DisruptionTarget` condition (`DeletionByTaintManager`), then a graceful delete: on a lost node
 * nothing completes it (kube's pod garbage collector would force it once the node is deleted).
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/tainteviction/taint_eviction.go
 */
export class TaintEvictionController extends BackgroundWorker {
  /** node name -> keys (`ns/name`) of the pods bound to it. */
  private readonly podsByNode = new Map<string, Set<string>>();
  private readonly scheduled = new Map<string, Scheduled>();

  constructor(
    core: ApiCore,
    onError: (err: unknown) => void,
    private readonly clock: Clock,
  ) {
    super(core, onError);
  }

  override stop(): void {
    for (const s of this.scheduled.values()) if (s.timer) this.clock.clearTimeout(s.timer);
    this.scheduled.clear();
    super.stop();
  }

  protected observe(e: StoreEvent): void {
    if (e.resource === 'nodes') {
      if (e.type === 'DELETED') return;
      if (JSON.stringify(noExecute(e.obj)) === JSON.stringify(noExecute(e.prev))) return;
      for (const key of this.podsByNode.get(e.obj.metadata!.name!) ?? []) this.queue.add(key);
    } else if (e.resource === 'pods') {
      const before = e.prev?.spec?.nodeName;
      const after = e.type === 'DELETED' ? undefined : e.obj.spec?.nodeName;
      if (before && before !== after) this.podsByNode.get(before)?.delete(e.key);
      if (after) {
        let set = this.podsByNode.get(after);
        if (!set) this.podsByNode.set(after, (set = new Set()));
        set.add(e.key);
        this.queue.add(e.key);
      } else {
        this.cancel(e.key);
      }
    }
  }

  private cancel(key: string): void {
    const s = this.scheduled.get(key);
    if (s?.timer) this.clock.clearTimeout(s.timer);
    this.scheduled.delete(key);
  }

  protected sync(key: string): void {
    const pod = this.core.store.get('pods', key)?.obj;
    const node = pod?.spec?.nodeName && this.core.store.get('nodes', pod.spec.nodeName)?.obj;
    const taints = noExecute(node);
    if (!pod || pod.metadata!.deletionTimestamp || !taints.length) return this.cancel(key);
    const tolerations: Obj[] = pod.spec?.tolerations ?? [];
    let seconds = Infinity;
    for (const taint of taints) {
      const matching = tolerations.filter((t) => tolerates(t, taint));
      if (!matching.length) return this.evict(key, pod);
      for (const t of matching)
        if (typeof t.tolerationSeconds === 'number')
          seconds = Math.min(seconds, Math.max(0, t.tolerationSeconds));
    }
    const s = this.scheduled.get(key) ?? { since: this.clock.now() };
    this.scheduled.set(key, s);
    if (s.timer) this.clock.clearTimeout(s.timer);
    s.timer = undefined;
    if (seconds === Infinity) return;
    const wait = s.since + seconds * 1000 - this.clock.now();
    if (wait <= 0) return this.evict(key, pod);
    s.timer = this.clock.setTimeout(() => this.queue.add(key), wait);
  }

  private evict(key: string, pod: Obj): void {
    this.cancel(key);
    const pods = this.core.registry.byKey('pods')!;
    const { namespace, name, uid } = pod.metadata!;
    const next = clone(pod);
    const conditions = withDisruptionTarget(
      next.status,
      this.core.now(),
      'DeletionByTaintManager',
      'Taint manager: deleting due to NoExecute taint',
    );
    next.status = { ...next.status, conditions };
    ignoreMissing(() => {
      this.core.generic.update(pods, namespace, name!, next, { subresource: 'status' });
      this.core.generic.delete(pods, namespace, name!, { preconditions: { uid } });
    });
  }
}

/** The node's NoExecute taints. */
function noExecute(node: Obj | undefined | ''): Obj[] {
  return ((node && node.spec?.taints) || []).filter((t: Obj) => t.effect === 'NoExecute');
}

/** Whether `toleration` tolerates `taint` (v1.Toleration.ToleratesTaint). */
export function tolerates(toleration: Obj, taint: Obj): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  if (toleration.operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}
