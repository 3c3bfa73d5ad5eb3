/**
 * The tiny deduplicating queue the built-in controllers (garbage collector, namespace
 * finalizer, CRD establisher) run on: keys added while queued are coalesced and processed on a
 * later macrotask, never inside the write that triggered them (as in kube, controllers react
 * asynchronously to watch events).
 */
export class WorkQueue {
  private readonly pending = new Set<string>();
  private scheduled: NodeJS.Immediate | undefined;
  private stopped = false;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly process: (key: string) => void,
    private readonly onError: (err: unknown) => void,
  ) {}

  add(key: string): void {
    if (this.stopped) return;
    this.pending.add(key);
    this.scheduled ??= setImmediate(() => this.drain());
  }

  /** Resolves once nothing is queued (tests use it to wait for the controllers to settle). */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  stop(): void {
    this.stopped = true;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.pending.clear();
    for (const w of this.idleWaiters.splice(0)) w();
  }

  private drain(): void {
    this.scheduled = undefined;
    const keys = [...this.pending];
    this.pending.clear();
    for (const key of keys) {
      try {
        this.process(key);
      } catch (err) {
        this.onError(err);
      }
    }
    if (this.pending.size === 0) for (const w of this.idleWaiters.splice(0)) w();
  }
}
