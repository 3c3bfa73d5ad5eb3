import type { GetOptions, GetResult, Queue } from '../queue';

/**
 * Forwards every {@link Queue} method to the wrapped queue: the base of the layered queues
 * (delaying wraps a queue, rate limiting wraps a delaying queue), which override what they add.
 */
export abstract class ForwardingQueue<T, Q extends Queue<T>> implements Queue<T> {
  constructor(protected readonly inner: Q) {}

  add(item: T): void {
    this.inner.add(item);
  }

  len(): number {
    return this.inner.len();
  }

  get(options?: GetOptions): Promise<GetResult<T>> {
    return this.inner.get(options);
  }

  done(item: T): void {
    this.inner.done(item);
  }

  shutDown(): void {
    this.inner.shutDown();
  }

  shutDownWithDrain(): Promise<void> {
    return this.inner.shutDownWithDrain();
  }

  shuttingDown(): boolean {
    return this.inner.shuttingDown();
  }
}
