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
  };
  spec: {
    nodeName?: string;
    restartPolicy?: 'Always' | 'OnFailure' | 'Never';
    terminationGracePeriodSeconds?: number;
    containers: KubeletContainer[];
    volumes?: {
      name: string;
      emptyDir?: unknown;
      hostPath?: { path: string };
      persistentVolumeClaim?: { claimName: string };
    }[];
  };
  status?: Record<string, unknown> & { phase?: string };
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

/** The `status` of a pod with these containers, bound to the local node. */
export function podStatus(
  phase: string,
  records: readonly ContainerRecord[],
  startTime: string,
  reason?: string,
): Record<string, unknown> {
  const running = phase === 'Running' && records.every((r) => 'running' in r.state);
  const condition = (type: string, ok: boolean) => ({
    type,
    status: ok ? 'True' : 'False',
    lastTransitionTime: startTime,
  });
  return {
    phase,
    ...(reason ? { reason } : {}),
    hostIP: '127.0.0.1',
    podIP: '127.0.0.1',
    podIPs: [{ ip: '127.0.0.1' }],
    startTime,
    conditions: [
      condition('PodScheduled', true),
      condition('Initialized', true),
      condition('ContainersReady', running),
      condition('Ready', running),
    ],
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
