import type { KubeletPod, PodCondition, PodStatusInput } from './kubelet-pod';

/** A condition a script sets on its pod (see {@link ScriptedPodState.conditions}). */
export interface ScriptedCondition {
  /** e.g. `DisruptionTarget`. */
  type: string;
  /** Default `True`. */
  status?: 'True' | 'False' | 'Unknown';
  /** e.g. `PreemptionByScheduler`, `DeletionByTaintManager`, `TerminationByKubelet`. */
  reason?: string;
  message?: string;
}

/** What a scripted pod should look like now (see LocalKubeletOptions.script). */
export interface ScriptedPodState {
  phase: 'Pending' | 'Running' | 'Succeeded' | 'Failed';
  /** Exit code of every container once terminated (default 0 for Succeeded, 1 for Failed). */
  exitCode?: number;
  /** `state.terminated.reason` of every container (default Completed / Error), e.g. `OOMKilled`. */
  reason?: string;
  /** Reported container restarts (default 0). */
  restartCount?: number;
  /** For Pending: a waiting reason such as `ImagePullBackOff`. */
  waitingReason?: string;
  /**
   * The pod's `status.reason`: how the kubelet or the control plane reports a pod it took away,
   * e.g. `Evicted` (node pressure), `Preempting`, `Terminated` (node shutdown), `NodeLost`,
   * `OutOfcpu` (admission refusal).
   */
  podReason?: string;
  /** The pod's `status.message`, e.g. `The node was low on resource: memory.`. */
  podMessage?: string;
  /** Conditions besides the kubelet's own, e.g. `{ type: 'DisruptionTarget', reason: 'PreemptionByScheduler' }`. */
  conditions?: ScriptedCondition[];
}

/** The status a script asks for, as {@link PodStatusInput} (time fields filled in by the caller). */
export function scriptedStatus(
  pod: KubeletPod,
  want: ScriptedPodState,
  startTime: string,
  now: string,
): Omit<PodStatusInput, 'startTime' | 'now'> {
  const terminated = {
    terminated: {
      exitCode: want.exitCode ?? (want.phase === 'Succeeded' ? 0 : 1),
      reason: want.reason ?? (want.phase === 'Succeeded' ? 'Completed' : 'Error'),
      startedAt: startTime,
      finishedAt: now,
    },
  };
  const records = pod.spec.containers.map((c) => ({
    name: c.name,
    image: c.image ?? '',
    restartCount: want.restartCount ?? 0,
    state:
      want.phase === 'Pending'
        ? { waiting: { reason: want.waitingReason ?? 'ContainerCreating' } }
        : want.phase === 'Running'
          ? { running: { startedAt: startTime } }
          : terminated,
  }));
  const conditions: PodCondition[] | undefined = want.conditions?.map((c) => ({
    ...c,
    status: c.status ?? 'True',
  }));
  return {
    phase: want.phase,
    records,
    reason: want.podReason,
    message: want.podMessage,
    conditions,
  };
}
