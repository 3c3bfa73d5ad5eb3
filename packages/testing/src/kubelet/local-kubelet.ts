import { join } from 'node:path';
import { realClock, type Clock, type TimerHandle } from '@kubekit/apimachinery';
import type { PodLogHook } from '../api-server';
import { TestClient } from '../http-client';
import { formatTime } from '../storage/object-util';
import { podContainerLogs } from './container-logs';
import { ContainerProcess } from './container-process';
import { podPhase, podStatus, type KubeletPod, type PodStatusInput } from './kubelet-pod';
import { scriptedStatus } from './scripted-pod';
import { defaultCapacity, type LocalKubeletOptions } from './local-kubelet-options';

export type { LocalKubeletOptions } from './local-kubelet-options';
import { fitsNode } from './node-fit';
import { KubeletNode } from './kubelet-node';
import { kubeletRootDir, type KubeletRootDir } from './kubelet-root-dir';
import { PodSource } from './pod-source';
import { ServiceAddresses } from './service-addresses';
import { failedMountEvent, unmountableClaims } from './volume-claims';
import { prepareVolumes, removePodDirs } from './volumes';

interface PodRuntime {
  pod: KubeletPod;
  startTime: string;
  containers: ContainerProcess[];
  scripted?: string;
  chain: Promise<void>;
  /** Process mode: the pending status writes, in order. */
  writing: Promise<void>;
  /** Set once its deletion was seen: the containers are being stopped. */
  removing?: boolean;
  /** Process mode: times the pod waited for its PVCs, and the timer of the next check. */
  claimWaits?: number;
  claimRetry?: TimerHandle;
}

/**
 * A kubelet for tests and local runs: registers a Node, watches pods over plain HTTP/JSON,
 * binds unscheduled ones to its node and either scripts their status or runs each container's
 * command as a local process (see ContainerProcess), mapping volumes to local directories and
 * service DNS names to local ports (see ServiceAddresses). A pod being deleted (or evicted) is
 * stopped as the kubelet stops it: SIGTERM, SIGKILL once its deletion grace period passed on
 * the clock, its containers' final states written; then it is removed.
 *
 * Works against the embedded server and a real kube-apiserver alike: it binds through
 * `pods/binding`, writes `pods/status`, and completes graceful deletions (a real server only
 * sets `deletionTimestamp` on a bound, running pod and waits for its kubelet) by deleting with
 * `gracePeriodSeconds: 0`. In process mode a pod claiming a PVC that does not exist stays
 * Pending (see unmountableClaims). On a shared server give each kubelet its own
 * {@link LocalKubeletOptions.namespace}.
 *
 * Give the API server `podLogs: (req) => kubelet.podLogs(req)` (a late-bound closure) to serve
 * `kubectl logs`.
 */
export class LocalKubelet {
  readonly nodeName: string;
  readonly rootDir: string;
  /** Local addresses of services (shared by every pod). */
  readonly addresses = new ServiceAddresses();
  readonly #client: TestClient;
  readonly #options: LocalKubeletOptions;
  readonly #clock: Clock;
  readonly #pods = new Map<string, PodRuntime>();
  readonly #abort = new AbortController();
  readonly #watch: PodSource;
  readonly #node: KubeletNode;
  readonly #root: KubeletRootDir;
  #stopped: Promise<void> | undefined;

  private constructor(options: LocalKubeletOptions, root: KubeletRootDir) {
    this.#options = options;
    this.#clock = options.clock ?? realClock;
    this.nodeName =
      options.nodeName ?? (options.namespace ? `local-node-${options.namespace}` : 'local-node');
    this.#root = root;
    this.rootDir = root.path;
    this.#client = new TestClient(options.server);
    this.#node = new KubeletNode(
      this.#client,
      this.#clock,
      {
        name: this.nodeName,
        capacity: options.capacity ?? defaultCapacity,
        labels: options.labels,
      },
      (err) => options.onError?.(err),
    );
    this.#watch = new PodSource({
      client: this.#client,
      nodeName: this.nodeName,
      namespace: options.namespace,
      bindPods: options.bindPods !== false,
      clock: this.#clock,
      signal: this.#abort.signal,
      observe: (type, pod) => this.#observe(type, pod),
      // pods gone while not watching (a relist after 410, a lost node back)
      listed: (uids) => {
        for (const r of [...this.#pods.values()])
          if (!uids.has(r.pod.metadata.uid)) this.#observe('DELETED', r.pod);
      },
      unbound: (pod) => void this.#bind(pod),
      onError: (err) => options.onError?.(err),
    });
  }

  /**
   * Registers the node (and its Lease), starts its heartbeats and watches pods; resolves once
   * the first lists were handled. When it fails, what it made is undone as by stop().
   */
  static async start(options: LocalKubeletOptions): Promise<LocalKubelet> {
    const root = await kubeletRootDir(options.rootDir);
    let kubelet: LocalKubelet | undefined;
    try {
      kubelet = new LocalKubelet(options, root);
      await kubelet.#node.register();
      kubelet.#node.start();
      await kubelet.#watch.start();
      return kubelet;
    } catch (err) {
      await (kubelet ? kubelet.stop() : root.release()).catch(() => undefined);
      throw err;
    }
  }

  /**
   * Serves `pods/{name}/log` for the API server's `podLogs` hook: the current or, with
   * `previous`, the last terminated run's output; throws a 400 Status as the kubelet answers.
   */
  readonly podLogs: PodLogHook = (req) => {
    const runtime = [...this.#pods.values()].find(
      (r) => r.pod.metadata.namespace === req.namespace && r.pod.metadata.name === req.name,
    );
    if (!runtime || this.#options.script) return undefined;
    return podContainerLogs(runtime.pod, runtime.containers, req);
  };

  /** Re-applies the script to every pod (scripted mode); resolves once statuses are written. */
  async resync(): Promise<void> {
    await Promise.all(
      [...this.#pods.values()].map((r) => this.#enqueue(r, () => this.#applyScript(r))),
    );
  }

  /**
   * Loses the node, as a network partition or a dead kubelet loses it: heartbeats (Lease
   * renewals, node status) stop, as do the pod watch, bindings and pod status writes; the
   * containers keep running. Against the embedded server the node lifecycle controller then
   * marks the node Unknown and taints it, and the taint eviction controller deletes its pods
   * once their toleration runs out (both on the server's clock). No-op while lost.
   */
  loseNode(): void {
    if (this.#abort.signal.aborted) return;
    this.#watch.pause();
    this.#node.pause();
  }

  /**
   * Brings a lost node back: registers it again (Ready, Lease renewed; recreated if it was
   * deleted), resumes the heartbeats, relists pods (pods deleted meanwhile are stopped, graceful
   * deletions completed) and writes every pod's status again. Resolves once the node is
   * registered and the relist handled.
   */
  async restoreNode(): Promise<void> {
    if (!this.#watch.paused) return;
    await this.#node.register();
    this.#node.start();
    await this.#watch.resume();
    await Promise.all(
      [...this.#pods.values()].map((r) =>
        this.#enqueue(r, async () => {
          r.scripted = undefined;
          if (this.#options.script) return this.#applyScript(r);
          const records = structuredClone(r.containers.map((c) => c.record));
          const active = r.containers.some((c) => c.active);
          if (records.length)
            await this.#writeStatus(r, { phase: podPhase(records, active), records });
        }),
      ),
    );
  }

  /**
   * Stops watching and stops every process; deletes the Node if start() created it (so runs
   * against a shared cluster leave no Nodes behind); removes the root directory if start()
   * made it (a given {@link LocalKubeletOptions.rootDir} is kept). Idempotent.
   */
  stop(): Promise<void> {
    this.#stopped ??= this.#stop();
    return this.#stopped;
  }

  async #stop(): Promise<void> {
    this.#abort.abort();
    this.#node.pause();
    try {
      const runtimes = [...this.#pods.values()];
      for (const r of runtimes) this.#clearClaimRetry(r);
      await this.#watch.done();
      await Promise.all(runtimes.map((r) => Promise.all(r.containers.map((c) => c.stop(0)))));
      await Promise.all(runtimes.map((r) => r.chain)); // pod work in flight, before its dirs go
      await this.#node.deleteIfCreated();
    } finally {
      await this.#client.close();
      await this.#root.release();
    }
  }

  /** A pod bound to this node was listed, added, changed or deleted. */
  #observe(type: string, pod: KubeletPod): void {
    const uid = pod.metadata.uid;
    let runtime = this.#pods.get(uid);
    if (type === 'DELETED' || pod.metadata.deletionTimestamp) {
      if (!runtime) {
        if (type !== 'DELETED') void this.#finalize(pod);
      } else if (!runtime.removing) {
        runtime.removing = true;
        if (type !== 'DELETED') runtime.pod = pod;
        const r = runtime;
        void this.#enqueue(r, () => this.#remove(r, type !== 'DELETED'));
      } else if (type === 'DELETED') {
        // force-deleted while terminating: no grace left
        for (const c of runtime.containers) void c.stop(0);
      }
      return;
    }
    if (runtime) {
      runtime.pod = pod;
      return;
    }
    runtime = {
      pod,
      startTime: this.#now(),
      containers: [],
      chain: Promise.resolve(),
      writing: Promise.resolve(),
    };
    this.#pods.set(uid, runtime);
    const r = runtime;
    void this.#enqueue(r, () =>
      this.#options.script ? this.#applyScript(r) : this.#startProcesses(r),
    );
  }

  #enqueue(runtime: PodRuntime, work: () => Promise<void>): Promise<void> {
    runtime.chain = runtime.chain.then(work).catch((err: unknown) => this.#options.onError?.(err));
    return runtime.chain;
  }

  async #bind(pod: KubeletPod): Promise<void> {
    if (this.#watch.paused || !fitsNode(pod, this.#node.observed)) return;
    const { namespace, name } = pod.metadata;
    const res = await this.#client.post(`/api/v1/namespaces/${namespace}/pods/${name}/binding`, {
      apiVersion: 'v1',
      kind: 'Binding',
      metadata: { name, namespace },
      target: { apiVersion: 'v1', kind: 'Node', name: this.nodeName },
    });
    if (res.status >= 300 && res.status !== 409 && res.status !== 404)
      this.#options.onError?.(new Error(`binding ${namespace}/${name}: HTTP ${res.status}`));
  }

  async #applyScript(runtime: PodRuntime): Promise<void> {
    const want = this.#options.script?.(runtime.pod);
    if (!want) return;
    const signature = JSON.stringify(want);
    if (runtime.scripted === signature) return;
    runtime.scripted = signature;
    await this.#writeStatus(
      runtime,
      scriptedStatus(runtime.pod, want, runtime.startTime, this.#now()),
    );
  }

  async #startProcesses(runtime: PodRuntime): Promise<void> {
    const { pod } = runtime;
    const stopped = () => this.#abort.signal.aborted; // checked after every await
    if (stopped()) return;
    const unmountable = await unmountableClaims(this.#client, pod);
    if (stopped()) return;
    if (unmountable) return this.#waitForClaims(runtime, unmountable);
    const volumeDirs = await prepareVolumes(this.rootDir, {
      namespace: pod.metadata.namespace,
      uid: pod.metadata.uid,
      volumes: pod.spec.volumes,
    });
    if (stopped()) return;
    const podDir = join(this.rootDir, 'pods', pod.metadata.uid);
    const onChange = (): void => {
      const records = structuredClone(runtime.containers.map((c) => c.record));
      const phase = podPhase(
        records,
        runtime.containers.some((c) => c.active),
      );
      const writing = runtime.writing.then(() => this.#writeStatus(runtime, { phase, records }));
      runtime.writing = writing;
      void this.#enqueue(runtime, () => writing);
    };
    runtime.containers = pod.spec.containers.map(
      (container) =>
        new ContainerProcess({
          pod,
          container,
          podDir,
          volumeDirs,
          addresses: this.addresses,
          restartBackOff: {
            initialMs: this.#options.restartBackoffMs ?? 10_000,
            maxMs: this.#options.maxRestartBackoffMs ?? 300_000,
          },
          clock: this.#clock,
          onChange,
        }),
    );
    await Promise.all(runtime.containers.map((c) => c.start()));
  }

  /**
   * A pod whose PVCs do not exist stays Pending, its containers waiting in ContainerCreating,
   * with one FailedMount Warning event (as the kubelet reports it); it is checked again after
   * 100 ms, doubling up to 2 s, until the claims exist or the pod goes.
   */
  async #waitForClaims(runtime: PodRuntime, message: string): Promise<void> {
    const waits = (runtime.claimWaits ?? 0) + 1;
    runtime.claimWaits = waits;
    if (waits === 1) {
      const records = runtime.pod.spec.containers.map((c) => ({
        name: c.name,
        image: c.image ?? '',
        restartCount: 0,
        state: { waiting: { reason: 'ContainerCreating' } },
      }));
      await this.#writeStatus(runtime, { phase: 'Pending', records });
      const event = failedMountEvent(runtime.pod, this.nodeName, message);
      const res = await this.#client.post(
        `/api/v1/namespaces/${event.metadata.namespace}/events`,
        event,
      );
      if (res.status >= 300)
        this.#options.onError?.(new Error(`FailedMount event: HTTP ${res.status}`));
    }
    runtime.claimRetry = this.#clock.setTimeout(
      () => void this.#enqueue(runtime, () => this.#startProcesses(runtime)),
      Math.min(2000, 100 * 2 ** (waits - 1)),
    );
  }

  /** Writes the pod's status (a merge patch), keeping the conditions others set. */
  async #writeStatus(
    runtime: PodRuntime,
    input: Omit<PodStatusInput, 'startTime' | 'now'>,
  ): Promise<void> {
    if (this.#abort.signal.aborted || this.#watch.paused) return; // restoreNode() writes it again
    const { namespace, name } = runtime.pod.metadata;
    const status = podStatus({
      current: runtime.pod.status,
      ...input,
      startTime: runtime.startTime,
      now: this.#now(),
    });
    const res = await this.#client.patch(
      `/api/v1/namespaces/${namespace}/pods/${name}/status`,
      { status },
      'application/merge-patch+json',
    );
    if (res.status >= 300 && res.status !== 404)
      this.#options.onError?.(
        new Error(`status of ${namespace}/${name}: HTTP ${res.status} ${res.text}`),
      );
  }

  #now(): string {
    return formatTime(new Date(this.#clock.now()));
  }

  #clearClaimRetry(runtime: PodRuntime): void {
    if (runtime.claimRetry) this.#clock.clearTimeout(runtime.claimRetry);
    runtime.claimRetry = undefined;
  }

  async #remove(runtime: PodRuntime, finalize: boolean): Promise<void> {
    this.#clearClaimRetry(runtime);
    const { metadata, spec } = runtime.pod;
    const grace = metadata.deletionGracePeriodSeconds ?? spec.terminationGracePeriodSeconds ?? 30;
    await Promise.all(runtime.containers.map((c) => c.stop(grace * 1000)));
    await runtime.writing; // the containers' final states, before the pod goes
    this.#pods.delete(runtime.pod.metadata.uid);
    await removePodDirs(this.rootDir, runtime.pod.metadata.uid);
    if (finalize) await this.#finalize(runtime.pod);
  }

  /** Completes a graceful deletion: the pod's processes are gone, so delete it for good. */
  async #finalize(pod: KubeletPod): Promise<void> {
    const { namespace, name, uid } = pod.metadata;
    await this.#client.delete(`/api/v1/namespaces/${namespace}/pods/${name}`, {
      gracePeriodSeconds: 0,
      preconditions: { uid },
    });
  }
}
