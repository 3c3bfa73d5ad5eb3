import { tolerates } from '../controllers/taint-eviction-controller';
import type { KubeletPod } from './kubelet-pod';
import type { ObservedNode } from './kubelet-node';

/**
 * The node lifecycle controller's taints (kube-apiserver's TaintNodesByCondition admission puts
 * `not-ready` on every new Node; kube-controller-manager takes it off once Ready). A kubelet
 * that binds is up, and on a bare kube-apiserver nobody would take them off: binding ignores them.
 */
const lifecycleTaints = new Set(['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);

/**
 * Whether `pod` may be bound to `node` (the scheduler's basic filters: NodeUnschedulable,
 * TaintToleration for NoSchedule and NoExecute taints but the lifecycle ones, nodeSelector); an
 * unknown node fits.
 *
 * @see https://github.com/kubernetes/kubernetes/tree/master/pkg/scheduler/framework/plugins
 */
export function fitsNode(pod: KubeletPod, node: ObservedNode | undefined): boolean {
  if (!node) return true;
  if (node.spec?.unschedulable) return false;
  const tolerations = pod.spec.tolerations ?? [];
  const blocking = (node.spec?.taints ?? []).filter(
    (t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !lifecycleTaints.has(t.key!),
  );
  if (!blocking.every((taint) => tolerations.some((t) => tolerates(t, taint)))) return false;
  const labels = node.metadata.labels ?? {};
  return Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
}
