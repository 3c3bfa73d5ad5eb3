import type { Clock } from '@kubekit/apimachinery';

/** Kubelet's container restart back-off, in ms of the kubelet's clock. */
export interface RestartBackOffOptions {
  /** The first back-off (kubelet: 10 s). */
  initialMs: number;
  /** The largest back-off (kubelet: 5 min). */
  maxMs: number;
}

/**
 * The restart back-off of one container, as the kubelet keeps it (kuberuntime's `doBackOff` on
 * a `flowcontrol.Backoff` keyed by pod and container): the first restart is immediate and starts
 * the back-off at `initialMs`; while a restart happened less than `2 * maxMs` ago, the next one
 * waits the current back-off after the exit (the container shows `CrashLoopBackOff`), and each
 * restart doubles it up to `maxMs`. A container that ran more than `2 * maxMs` (10 min with
 * kubelet's values) since its last restart starts again from an immediate restart.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kuberuntime/kuberuntime_manager.go
 */
export class CrashLoopBackOff {
  /** The current back-off; 0 before the first restart or once expired. */
  #backOffMs = 0;
  /** When the back-off last moved (the last restart). */
  #lastUpdate = 0;

  constructor(
    private readonly options: RestartBackOffOptions,
    private readonly clock: Clock,
  ) {}

  /** The current back-off in ms (the `back-off 20s` of the waiting message). */
  get currentMs(): number {
    return this.#expired() ? 0 : this.#backOffMs;
  }

  /** How long a container that exited at `finishedAt` still waits before its restart (0: now). */
  delayAfter(finishedAt: number): number {
    const wait = this.currentMs - (this.clock.now() - finishedAt);
    return wait > 0 ? wait : 0;
  }

  /** Records a restart now: the back-off starts at `initialMs`, or doubles up to `maxMs`. */
  restarted(): void {
    const { initialMs, maxMs } = this.options;
    this.#backOffMs = this.currentMs === 0 ? initialMs : Math.min(this.#backOffMs * 2, maxMs);
    this.#lastUpdate = this.clock.now();
  }

  #expired(): boolean {
    return this.clock.now() - this.#lastUpdate > 2 * this.options.maxMs;
  }
}
