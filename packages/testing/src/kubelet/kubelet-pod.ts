/** The parts of a Pod the LocalKubelet reads (plain JSON as the API server sends it). */
export interface KubeletPod {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name: string;
    namespace: string;
    uid: string;
    resourceVersion?: string;
    labels?: Record<string, string>;
    deletionTimestamp?: string;
    deletionGracePeriodSeconds?: number;
  };
  spec: {
    nodeName?: string;
    restartPolicy?: 'Always' | 'OnFailure' | 'Never';
    nodeSelector?: Record<string, string>;
    tolerations?: Array<{
      key?: string;
      operator?: string;
      value?: string;
      effect?: string;
      tolerationSeconds?: number;
    }>;
    terminationGracePeriodSeconds?: number;
    containers: KubeletContainer[];
    volumes?: {
      name: string;
      emptyDir?: unknown;
      hostPath?: { path: string };
      persistentVolumeClaim?: { claimName: string };
    }[];
  };
  status?: Record<string, unknown> & { phase?: string; conditions?: PodCondition[] };
}

/** A container of a {@link KubeletPod}. */
export interface KubeletContainer {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  env?: {
    name: string;
    value?: string;
    valueFrom?: { fieldRef?: { fieldPath: string } };
  }[];
  volumeMounts?: { name: string; mountPath: string; subPath?: string }[];
}

/** A container's state as pod status reports it. */
export type ContainerState =
  | { waiting: { reason: string; message?: string } }
  | { running: { startedAt: string } }
  | {
      terminated: {
        exitCode: number;
        reason: string;
        startedAt?: string;
        finishedAt: string;
        message?: string;
      };
    };

/** What the kubelet knows of one container. */
export interface ContainerRecord {
  name: string;
  image: string;
  state: ContainerState;
  lastState?: ContainerState;
  restartCount: number;
}

/** Pod phase from its containers: Running while any runs or will restart, else Succeeded/Failed. */
export function podPhase(
  records: readonly ContainerRecord[],
  willRestart: boolean,
): 'Pending' | 'Running' | 'Succeeded' | 'Failed' {
  if (records.some((r) => 'running' in r.state) || willRestart) return 'Running';
  if (records.some((r) => 'waiting' in r.state)) return 'Pending';
  return records.every((r) => 'terminated' in r.state && r.state.terminated.exitCode === 0)
    ? 'Succeeded'
    : 'Failed';
}

/** A pod condition as pod status reports it. */
export interface PodCondition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastProbeTime?: null;
  lastTransitionTime?: string;
}

/** What {@link podStatus} builds a pod's status from. */
export interface PodStatusInput {
  phase: string;
  records: readonly ContainerRecord[];
  startTime: string;
  /** The time of the write: a condition whose status changes moves its lastTransitionTime here. */
  now: string;
  /** The pod's status as last seen: conditions the kubelet does not own are kept. */
  current?: { conditions?: PodCondition[] } | undefined;
  /** `status.reason` / `status.message` (e.g. `Evicted`, `NodeLost`). */
  reason?: string | undefined;
  message?: string | undefined;
  /** Conditions to set besides the kubelet's own (e.g. `DisruptionTarget`). */
  conditions?: readonly PodCondition[] | undefined;
}

/** The condition types the kubelet computes; every other one (DisruptionTarget) is someone else's. */
const kubeletConditions = new Set([
  'PodReadyToStartContainers',
  'Initialized',
  'ContainersReady',
  'Ready',
]);

/**
 * The `status` of a pod with these containers on the local node (sent as a JSON merge patch).
 * Conditions others set (PodScheduled by the binding, DisruptionTarget by an eviction) are
 * kept, as the kubelet's status manager keeps them; a condition keeps its lastTransitionTime
 * while its status does not change.
 */
export function podStatus(input: PodStatusInput): Record<string, unknown> {
  const { phase, records, startTime, current } = input;
  const now = input.now;
  const running = phase === 'Running' && records.every((r) => 'running' in r.state);
  const previous = current?.conditions ?? [];
  const condition = (c: PodCondition): PodCondition => {
    const old = previous.find((o) => o.type === c.type);
    const since = old?.status === c.status ? old.lastTransitionTime : undefined;
    return { lastProbeTime: null, ...c, lastTransitionTime: since ?? now };
  };
  const set = [
    ...(input.conditions ?? []),
    { type: 'Initialized', status: 'True' },
    { type: 'ContainersReady', status: running ? 'True' : 'False' },
    { type: 'Ready', status: running ? 'True' : 'False' },
  ].map(condition);
  const kept = previous.filter(
    (c) => !kubeletConditions.has(c.type) && !set.some((n) => n.type === c.type),
  );
  if (!kept.some((c) => c.type === 'PodScheduled'))
    kept.unshift(condition({ type: 'PodScheduled', status: 'True' }));
  return {
    phase,
    ...(input.reason ? { reason: input.reason } : {}),
    ...(input.message ? { message: input.message } : {}),
    hostIP: '127.0.0.1',
    podIP: '127.0.0.1',
    podIPs: [{ ip: '127.0.0.1' }],
    startTime,
    conditions: [...kept, ...set],
    containerStatuses: records.map((r) => ({
      name: r.name,
      image: r.image,
      imageID: '',
      ready: 'running' in r.state,
      started: 'running' in r.state,
      restartCount: r.restartCount,
      state: r.state,
      lastState: r.lastState ?? {},
    })),
  };
}
