import { tolerates } from '../internal/taint-eviction-controller';
import type { KubeletPod } from './kubelet-pod';
import type { ObservedNode } from './kubelet-node';

/**
 * Whether `pod` may be bound to `node` (the scheduler's basic filters: NodeUnschedulable,
 * TaintToleration for NoSchedule and NoExecute taints, nodeSelector); an unknown node fits.
 *
 * @see https://github.com/kubernetes/kubernetes/tree/master/pkg/scheduler/framework/plugins
 */
export function fitsNode(pod: KubeletPod, node: ObservedNode | undefined): boolean {
  if (!node) return true;
  if (node.spec?.unschedulable) return false;
  const tolerations = pod.spec.tolerations ?? [];
  const blocking = (node.spec?.taints ?? []).filter(
    (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  if (!blocking.every((taint) => tolerations.some((t) => tolerates(t, taint)))) return false;
  const labels = node.metadata.labels ?? {};
  return Object.entries(pod.spec.nodeSelector ?? {}).every(([k, v]) => labels[k] === v);
}
