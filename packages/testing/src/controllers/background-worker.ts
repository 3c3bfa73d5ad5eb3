import { StatusError } from '@kubekit/apimachinery';
import type { ApiCore } from '../server/api-core';
import type { StoreEvent } from '../storage/store';
import { WorkQueue } from './work-queue';

/**
 * The loop every built-in controller runs: it watches every store event (`observe`), queues
 * keys on a {@link WorkQueue} and handles them later, one at a time (`sync`); errors thrown by
 * `sync` go to `onError`. Nothing runs inside the write that triggered it.
 */
export abstract class BackgroundWorker {
  protected readonly queue: WorkQueue;
  private readonly unsubscribe: () => void;

  constructor(
    protected readonly core: ApiCore,
    onError: (err: unknown) => void,
  ) {
    this.queue = new WorkQueue((key) => this.sync(key), onError);
    this.unsubscribe = core.store.subscribe((e) => this.observe(e));
  }

  /** Resolves once nothing is queued. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Stops listening and drops what is queued; pending `idle()` calls resolve. */
  stop(): void {
    this.unsubscribe();
    this.queue.stop();
  }

  /** Reacts to a committed change, typically by queueing keys. */
  protected abstract observe(e: StoreEvent): void;

  /** Handles one queued key. */
  protected abstract sync(key: string): void;
}

/** Runs a controller's write; a 404 or 409 (the object went or changed meanwhile) is no error. */
export function ignoreMissing(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (StatusError.isInstance(err) && [404, 409].includes((err as StatusError).code)) return;
    throw err;
  }
}
