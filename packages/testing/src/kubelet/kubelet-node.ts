import type { Clock, TimerHandle } from '@kubekit/apimachinery';
import type { TestClient, TestResponse } from '../http-client';
import { formatTime } from '../storage/object-util';

/** What a {@link KubeletNode} registers. */
export interface KubeletNodeOptions {
  name: string;
  /** `status.capacity` (and `allocatable`), e.g. `{ cpu: '4', memory: '8Gi', pods: '110' }`. */
  capacity: Record<string, string>;
  /** Labels besides `kubernetes.io/hostname`, `kubernetes.io/os` and `kubernetes.io/arch`. */
  labels?: Record<string, string> | undefined;
}

/** The kubelet's `nodeStatusUpdateFrequency` and the node lease's renew interval. */
const heartbeatMs = 10_000;
/** The kubelet's `nodeStatusReportFrequency`: an unchanged status is still posted this often. */
const reportMs = 5 * 60_000;
/** The node lease's `leaseDurationSeconds` (kubelet's `nodeLeaseDurationSeconds`). */
const leaseDurationSeconds = 40;

/** The node as the kubelet last read it (what binding decisions need). */
export interface ObservedNode {
  metadata: { uid?: string; labels?: Record<string, string> };
  spec?: { unschedulable?: boolean; taints?: Array<Record<string, string>> };
  status?: { conditions?: Array<{ type: string; status: string; lastTransitionTime?: string }> };
}

/**
 * The kubelet's side of its Node: registration (kubelet_node_status.go) with capacity,
 * allocatable, addresses and the Ready / pressure conditions; the Lease in `kube-node-lease`
 * renewed every 10 s (the node lease controller; 40 s lease); the status posted again when the
 * control plane shows it not Ready (a node back from a partition) or 5 min after the last
 * report. Every timer is on the kubelet's clock.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kubelet_node_status.go
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/nodelease/controller.go
 */
export class KubeletNode {
  /** Whether register() created the Node (rather than finding it). */
  created = false;
  /** The node as last read or written. */
  observed: ObservedNode | undefined;
  #lease: TestResponse['body'] | undefined;
  #timer: TimerHandle | undefined;
  #paused = true;
  #lastReport = -Infinity;

  constructor(
    private readonly client: TestClient,
    private readonly clock: Clock,
    private readonly options: KubeletNodeOptions,
    private readonly onError: (err: unknown) => void,
  ) {}

  get #path(): string {
    return `/api/v1/nodes/${encodeURIComponent(this.options.name)}`;
  }

  /** Creates the Node (or finds it), posts a Ready status and renews the lease. */
  async register(): Promise<void> {
    const { name } = this.options;
    const res = await this.client.post('/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name,
        labels: {
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'kubernetes.io/arch': 'amd64',
          ...this.options.labels,
        },
      },
      status: this.#status(),
    });
    if (res.status >= 300 && res.status !== 409)
      throw new Error(`registering node ${name}: HTTP ${res.status} ${res.text}`);
    if (res.status === 201) this.created = true;
    this.observed = res.status === 201 ? res.body : undefined;
    await this.#report();
    await this.#renewLease();
  }

  /** Starts the heartbeats (every 10 s on the clock). */
  start(): void {
    this.pause();
    this.#timer = this.clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#beat().finally(() => {
        if (this.#timer === undefined && !this.#paused) this.start();
      });
    }, heartbeatMs);
    this.#paused = false;
  }

  /** Stops the heartbeats (a lost node, or the kubelet stopping). */
  pause(): void {
    this.#paused = true;
    if (this.#timer) this.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Deletes the Node if register() created it (its Lease goes with it: it is owned). */
  async deleteIfCreated(): Promise<void> {
    if (this.created) await this.client.delete(this.#path);
  }

  async #beat(): Promise<void> {
    try {
      await this.#renewLease();
      const res = await this.client.get(this.#path);
      if (res.status === 404) return await this.register(); // deleted meanwhile: register again
      this.observed = res.body;
      const ready = this.observed?.status?.conditions?.find((c) => c.type === 'Ready');
      if (ready?.status !== 'True' || this.clock.now() - this.#lastReport >= reportMs)
        await this.#report();
    } catch (err) {
      this.onError(err);
    }
  }

  async #report(): Promise<void> {
    const res = await this.client.patch(
      `${this.#path}/status`,
      { status: this.#status() },
      'application/merge-patch+json',
    );
    if (res.status >= 300) throw new Error(`node ${this.options.name} status: HTTP ${res.status}`);
    this.observed = res.body;
    this.#lastReport = this.clock.now();
  }

  #status(): Record<string, unknown> {
    const now = formatTime(new Date(this.clock.now()));
    const seen = this.observed?.status?.conditions ?? [];
    const condition = (type: string, status: string, reason: string, message: string) => {
      const old = seen.find((c) => c.type === type);
      const since = old?.status === status ? old.lastTransitionTime : undefined;
      return {
        type,
        status,
        lastHeartbeatTime: now,
        lastTransitionTime: since ?? now,
        reason,
        message,
      };
    };
    const { name, capacity } = this.options;
    return {
      capacity,
      allocatable: capacity,
      conditions: [
        condition(
          'MemoryPressure',
          'False',
          'KubeletHasSufficientMemory',
          'kubelet has sufficient memory available',
        ),
        condition(
          'DiskPressure',
          'False',
          'KubeletHasNoDiskPressure',
          'kubelet has no disk pressure',
        ),
        condition(
          'PIDPressure',
          'False',
          'KubeletHasSufficientPID',
          'kubelet has sufficient PID available',
        ),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      addresses: [
        { type: 'InternalIP', address: '127.0.0.1' },
        { type: 'Hostname', address: name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        operatingSystem: 'linux',
        kubeletVersion: 'v1.34.0-kubekit',
        containerRuntimeVersion: 'local://process',
        kernelVersion: '',
        osImage: 'LocalKubelet',
        machineID: '',
        systemUUID: '',
        bootID: '',
        kubeProxyVersion: '',
      },
    };
  }

  /** Creates or renews the node's Lease in kube-node-lease. */
  async #renewLease(): Promise<void> {
    const { name } = this.options;
    const base = '/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases';
    const renewTime = new Date(this.clock.now()).toISOString().replace('Z', '000Z');
    if (this.#lease) {
      const res = await this.client.put(`${base}/${name}`, {
        ...this.#lease,
        spec: { ...this.#lease.spec, renewTime },
      });
      if (res.status === 200) {
        this.#lease = res.body;
        return;
      }
      this.#lease = undefined; // changed or deleted meanwhile: read it again
    }
    const got = await this.client.get(`${base}/${name}`);
    const uid = this.observed?.metadata.uid;
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name,
        namespace: 'kube-node-lease',
        ...(uid ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid }] } : {}),
        ...(got.status === 200 ? { resourceVersion: got.body.metadata.resourceVersion } : {}),
      },
      spec: { holderIdentity: name, leaseDurationSeconds, renewTime },
    };
    const res =
      got.status === 200
        ? await this.client.put(`${base}/${name}`, lease)
        : await this.client.post(base, lease);
    if (res.status >= 300) throw new Error(`lease of node ${name}: HTTP ${res.status} ${res.text}`);
    this.#lease = res.body;
  }
}
