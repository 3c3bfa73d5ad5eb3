import type { KubeletPod } from './kubelet-pod';
import { PodWatch, type PodWatchOptions } from './pod-watch';

/**
 * What a {@link PodSource} watches and whom it tells: `observe` gets the pods bound to the node
 * and `listed` the uids of each list of them, as a PodWatch reports them.
 */
export interface PodSourceOptions extends Pick<
  PodWatchOptions,
  'client' | 'clock' | 'signal' | 'observe' | 'listed' | 'onError'
> {
  nodeName: string;
  /** Only pods of this namespace (default: every namespace). */
  namespace?: string | undefined;
  /** Whether the kubelet binds unscheduled pods itself: then unbound pods are watched too. */
  bindPods: boolean;
  /** Every listed or watched unbound pod not being deleted (only with `bindPods`). */
  unbound(pod: KubeletPod): void;
}

/**
 * The kubelet's pods from the API server, as a kubelet watches them: only the pods bound to its
 * node (`fieldSelector=spec.nodeName=<node>`, so no node decodes another node's pods) and, when
 * it binds pods itself (no scheduler), the unbound ones (`spec.nodeName=`): one watch, or two.
 * A pod leaving the unbound watch (bound, or deleted) is not reported from it: the node's watch
 * reports what happens to a pod bound to this node.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/config/apiserver.go
 */
export class PodSource {
  readonly #watches: PodWatch[];

  constructor(o: PodSourceOptions) {
    const path = o.namespace
      ? `/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods`
      : '/api/v1/pods';
    const watch = (node: string, parts: Pick<PodWatchOptions, 'observe' | 'listed'>) =>
      new PodWatch({
        client: o.client,
        path,
        fieldSelector: `spec.nodeName=${node}`,
        clock: o.clock,
        signal: o.signal,
        onError: o.onError,
        ...parts,
      });
    this.#watches = [watch(o.nodeName, { observe: o.observe, listed: o.listed })];
    if (o.bindPods)
      this.#watches.push(
        watch('', {
          observe: (type, pod) => {
            if (type !== 'DELETED' && !pod.metadata.deletionTimestamp) o.unbound(pod);
          },
          listed: () => undefined,
        }),
      );
  }

  /** Lists (the node's pods first), then keeps watching; resolves after the first lists. */
  async start(): Promise<void> {
    for (const w of this.#watches) await w.start();
  }

  /** Resolves once every watch loop has ended (after the signal aborted). */
  async done(): Promise<void> {
    await Promise.all(this.#watches.map((w) => w.done()));
  }

  /** True between pause() and resume(). */
  get paused(): boolean {
    return this.#watches[0]!.paused;
  }

  /** Stops hearing anything (a lost node). */
  pause(): void {
    for (const w of this.#watches) w.pause();
  }

  /** Resumes: resolves once every relist has been observed. */
  async resume(): Promise<void> {
    await Promise.all(this.#watches.map((w) => w.resume()));
  }
}
