import type { Clock } from '@kubekit/apimachinery';
import type { ClusterAccess } from '../http-client';
import type { KubeletPod } from './kubelet-pod';
import type { ScriptedPodState } from './scripted-pod';

/** The node's capacity unless {@link LocalKubeletOptions.capacity} is given. */
export const defaultCapacity = {
  cpu: '4',
  memory: '8Gi',
  pods: '110',
  'ephemeral-storage': '100Gi',
};

/** Options of `LocalKubelet.start`. */
export interface LocalKubeletOptions {
  /** The API server (e.g. `{ url, token, caPem }` of startApiServer's result). */
  server: ClusterAccess;
  /**
   * The node registered and bound to; default `local-node`, or `local-node-<namespace>` with
   * {@link LocalKubeletOptions.namespace}. Several kubelets may share a node name only if
   * their namespaces differ.
   */
  nodeName?: string;
  /**
   * Only pods of this namespace are watched, bound, run and finalized; default: every
   * namespace. Set it whenever other kubelets (other test workers) share the API server, e.g.
   * a real kube-apiserver: without it each kubelet would take every unscheduled pod.
   */
  namespace?: string;
  /**
   * Scripted mode: decides each pod's state instead of running it. Called when a pod is bound
   * and again on every `LocalKubelet.resync`; `undefined` leaves the pod as it is.
   * Without a script, containers run as local processes.
   */
  script?: (pod: KubeletPod) => ScriptedPodState | undefined;
  /**
   * Process mode: where pod, emptyDir, hostPath and PVC directories go; kept by `stop()`.
   * Default: a `kubekit-kubelet-*` directory under the OS temp dir, removed by `stop()`.
   */
  rootDir?: string;
  /**
   * Process mode: the kubelet's container restart back-off (CrashLoopBackOff). The first
   * restart is immediate, the next waits this long (default 10 s, as the kubelet), doubling per
   * restart up to {@link LocalKubeletOptions.maxRestartBackoffMs}.
   */
  restartBackoffMs?: number;
  /** Process mode: the largest restart back-off (default 5 min, as the kubelet). */
  maxRestartBackoffMs?: number;
  /**
   * Every timer of the kubelet (restart back-off, the kill after the grace period, PVC
   * re-checks, watch retries) and every timestamp it writes; default the real clock. A
   * FakeClock makes back-offs and grace periods pass when a test steps it.
   */
  clock?: Clock;
  /**
   * The node's `status.capacity` and `allocatable` (default `{ cpu: '4', memory: '8Gi', pods:
   * '110', 'ephemeral-storage': '100Gi' }`).
   */
  capacity?: Record<string, string>;
  /** Node labels besides `kubernetes.io/hostname`, `kubernetes.io/os` and `kubernetes.io/arch`. */
  labels?: Record<string, string>;
  /**
   * Whether this kubelet binds unscheduled pods to its node (the scheduler's job; default true,
   * so one kubelet is a whole cluster). It binds only pods whose nodeSelector its labels match
   * and that tolerate its node's NoSchedule / NoExecute taints (bar the lifecycle controller's
   * `not-ready` / `unreachable`, which no controller removes on a bare kube-apiserver), never
   * while the node is lost or cordoned. With several kubelets the first to bind a pod wins; set
   * false when a scheduler runs. A binding kubelet watches unbound pods besides its node's.
   */
  bindPods?: boolean;
  /** Gets errors of the watch loop and of status writes (default: ignored). */
  onError?: (err: unknown) => void;
}
