import type { Clock, WatchEvent } from '@kubekit/apimachinery';
import type { TestClient } from '../http-client';
import type { KubeletPod } from './kubelet-pod';

/** What a {@link PodWatch} reports to its kubelet. */
export interface PodWatchOptions {
  client: TestClient;
  /** `/api/v1/pods` or `/api/v1/namespaces/{ns}/pods`. */
  path: string;
  /** The pods listed and watched, e.g. `spec.nodeName=node-1` (`spec.nodeName=`: unbound). */
  fieldSelector: string;
  clock: Clock;
  signal: AbortSignal;
  /** Every listed or watched pod (`ADDED` for listed ones). */
  observe(type: 'ADDED' | 'MODIFIED' | 'DELETED', pod: KubeletPod): void;
  /** After each list: the uids listed (pods known but not listed went while not watching). */
  listed(uids: Set<string>): void;
  onError(err: unknown): void;
}

/** A promise and its resolve. */
interface Signal {
  done: Promise<void>;
  resolve(): void;
}

function signal(): Signal {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  return { done, resolve };
}

/**
 * One watch of the kubelet's pod source (see PodSource): list the pods of a field selector, then
 * watch them from the list's resourceVersion, relisting after an ERROR or a closed watch
 * (retries wait 200 ms on the clock); `pause()` cuts it off (a lost node hears nothing) until
 * `resume()`, which relists.
 */
export class PodWatch {
  #loop: Promise<void> = Promise.resolve();
  #watch: { close(): void } | undefined;
  /** Set by pause(), resolved by resume(). */
  #paused: Signal | undefined;
  /** Set by pause(): the loop relists (and resolves it) once resumed. */
  #relist: Signal | undefined;

  constructor(private readonly o: PodWatchOptions) {
    o.signal.addEventListener('abort', () => {
      this.#paused?.resolve();
      this.#relist?.resolve();
      this.#watch?.close();
    });
  }

  get #selector(): string {
    return `fieldSelector=${encodeURIComponent(this.o.fieldSelector)}`;
  }

  /** Lists once, then keeps watching in the background; resolves after the first list. */
  async start(): Promise<void> {
    const rv = await this.#list();
    this.#loop = this.#run(rv);
  }

  /** Resolves once the loop has ended (after the signal aborted). */
  done(): Promise<void> {
    return this.#loop;
  }

  /** True between pause() and resume(). */
  get paused(): boolean {
    return !!this.#paused;
  }

  /** Stops hearing anything (events in flight are dropped). */
  pause(): void {
    if (this.#paused) return;
    this.#paused = signal();
    this.#relist = signal();
    this.#watch?.close();
  }

  /** Resumes: resolves once the relist has been observed. */
  async resume(): Promise<void> {
    const paused = this.#paused;
    if (!paused) return;
    const relisted = this.#relist?.done;
    this.#paused = undefined;
    paused.resolve();
    await relisted;
  }

  async #list(): Promise<string> {
    const res = await this.o.client.get(`${this.o.path}?${this.#selector}`);
    if (res.status !== 200) throw new Error(`listing pods: HTTP ${res.status} ${res.text}`);
    const items = res.body.items as KubeletPod[];
    for (const pod of items) this.o.observe('ADDED', pod);
    this.o.listed(new Set(items.map((p) => p.metadata.uid)));
    return res.body.metadata.resourceVersion as string;
  }

  async #run(resourceVersion: string): Promise<void> {
    const { signal: abort } = this.o;
    let rv = resourceVersion;
    while (!abort.aborted) {
      try {
        if (this.#paused) await this.#paused.done;
        if (abort.aborted) return;
        const relist = this.#relist;
        if (relist) {
          this.#relist = undefined;
          rv = await this.#list();
          relist.resolve();
        }
        const watch = await this.o.client.watch(
          `${this.o.path}?${this.#selector}&watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`,
        );
        this.#watch = watch;
        if (abort.aborted || this.#paused) watch.close();
        for (let e = await watch.next(); e && !this.#paused; e = await watch.next()) {
          const event = e as WatchEvent<KubeletPod>;
          if (event.type === 'ERROR') break;
          rv = event.object.metadata.resourceVersion ?? rv;
          if (event.type !== 'BOOKMARK') this.o.observe(event.type, event.object);
        }
        watch.close();
        if (!abort.aborted && !this.#paused) rv = await this.#list();
      } catch (err) {
        if (abort.aborted) return;
        this.o.onError(err);
        await this.o.clock.sleep(200, abort).catch(() => undefined);
      }
    }
  }
}
