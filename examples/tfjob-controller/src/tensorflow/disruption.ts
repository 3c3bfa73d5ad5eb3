import type { coreV1 } from '@kubekit/clientset';

/**
 * Pod `status.reason`s that say the pod was taken away rather than that its program failed: the
 * kubelet's eviction manager (`Evicted`), the kubelet's critical-pod preemption (`Preempting`),
 * graceful node shutdown (`Terminated`, `Shutdown` before 1.21), the node controller's
 * `NodeLost`, and the kubelet's admission refusals (`NodeAffinity`, `UnexpectedAdmissionError`,
 * and `OutOf<resource>` such as `OutOfcpu`, see {@link isAdmissionRefusal}): the program never
 * ran.
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/eviction/helpers.go (Reason = "Evicted")
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/nodeshutdown/nodeshutdown_manager_linux.go (nodeShutdownReason)
 */
export const DisruptionReasons: readonly string[] = [
  'Evicted',
  'Preempting',
  'Terminated',
  'Shutdown',
  'NodeLost',
  'NodeAffinity',
  'UnexpectedAdmissionError',
];

/** The kubelet's `OutOf<resource>` admission refusals (`OutOfcpu`, `OutOfmemory`, `OutOfpods`). */
function isAdmissionRefusal(reason: string): boolean {
  return /^OutOf[a-z]/.test(reason);
}

/**
 * Why `pod` is going away without its program having failed, or undefined when it is not:
 * - it has a deletionTimestamp and has not succeeded (`kubectl delete pod`, the eviction API,
 *   scheduler preemption, the taint manager on a lost node, a drain): the reason of its
 *   `DisruptionTarget` condition when it has one, else `Deleted`;
 * - it Failed with a `DisruptionTarget` condition (kube 1.26+: `EvictionByEvictionAPI`,
 *   `PreemptionByScheduler`, `DeletionByTaintManager`, `DeletionByPodGC`,
 *   `TerminationByKubelet`) or a {@link DisruptionReasons} `status.reason` (an `OutOf…`
 *   admission refusal included).
 *
 * A pod still running with a `DisruptionTarget` condition is not going away yet. A pod going
 * away is not a replica failure: the controller waits for it to be gone and creates its
 * replacement, whatever the restart policy, without counting it toward backoffLimit.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/disruptions/#pod-disruption-conditions
 */
export function disruptionOf(pod: coreV1.Pod): string | undefined {
  const phase = pod.status?.phase;
  if (phase === 'Succeeded') return undefined;
  const target = pod.status?.conditions?.find(
    (c) => c.type === 'DisruptionTarget' && c.status === 'True',
  );
  if (pod.metadata?.deletionTimestamp) return target?.reason ?? 'Deleted';
  if (phase !== 'Failed') return undefined;
  if (target) return target.reason ?? 'DisruptionTarget';
  const reason = pod.status?.reason;
  return reason && (DisruptionReasons.includes(reason) || isAdmissionRefusal(reason))
    ? reason
    : undefined;
}
