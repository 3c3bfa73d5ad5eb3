import type { KubeObject, WatchEvent } from '@kubekit/apimachinery';
import type { ListerWatcher, WatchOptions } from '../listwatch';

/**
 * One open watch: its iterator and the means to close it. Closing aborts the signal the
 * ListerWatcher got and calls `return()` on the iterator, so the stream is released even when
 * only one of the two is honoured.
 */
export class WatchSession<T extends KubeObject> {
  /** Set when the inactivity guard closed the session. */
  inactive = false;
  private closed = false;

  private constructor(
    readonly iterator: AsyncIterator<WatchEvent<T>>,
    private readonly controller: AbortController,
    private readonly detach: () => void,
  ) {}

  /** Opens a watch whose lifetime is bounded by `parent`. Rejects as `lw.watch` does. */
  static async open<T extends KubeObject>(
    lw: ListerWatcher<T>,
    options: WatchOptions,
    parent: AbortSignal,
  ): Promise<WatchSession<T>> {
    const controller = new AbortController();
    const onAbort = () => controller.abort(parent.reason);
    parent.addEventListener('abort', onAbort, { once: true });
    const detach = () => parent.removeEventListener('abort', onAbort);
    try {
      const iterable = await lw.watch({ ...options, signal: controller.signal });
      const session = new WatchSession(iterable[Symbol.asyncIterator](), controller, detach);
      if (parent.aborted) session.close();
      return session;
    } catch (err) {
      detach();
      throw err;
    }
  }

  /** Closes the stream; idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.detach();
    this.controller.abort();
    const done = this.iterator.return?.();
    if (done) done.then(undefined, () => undefined);
  }
}
