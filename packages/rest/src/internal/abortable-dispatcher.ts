import type * as Undici from 'undici';
import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import type { Abortable } from './deadline';

/** What ends a request sent through {@link abortableDispatcher}: its Deadline. */
export interface AbortSource {
  /** Calls `attempt.abort(reason)` when the request must end (at once if it already has). */
  attach(attempt: Abortable): void;
}

/**
 * Wraps undici's handler of one request so that its {@link AbortSource} can end it without an
 * AbortSignal: once the request started, through undici's controller; while it still waits for
 * a connection, by failing the caller at once and aborting the request when it starts (undici
 * then reports nothing more to the caller).
 */
export class AbortableHandler implements Dispatcher.DispatchHandler, Abortable {
  readonly #inner: Dispatcher.DispatchHandler;
  #controller: Dispatcher.DispatchController | undefined;
  /** Why the caller was failed before the request started. */
  #failedWith: unknown;
  #failed = false;
  #settled = false;

  constructor(inner: Dispatcher.DispatchHandler, source: AbortSource) {
    this.#inner = inner;
    source.attach(this);
  }

  abort(reason: unknown): void {
    if (this.#settled) return;
    if (this.#controller) {
      this.#controller.abort(reason as Error);
      return;
    }
    this.#settled = true;
    this.#failed = true;
    this.#failedWith = reason;
    this.#inner.onResponseError?.(
      null as unknown as Dispatcher.DispatchController,
      reason as Error,
    );
  }

  onRequestStart(controller: Dispatcher.DispatchController, context: unknown): void {
    if (this.#failed) {
      controller.abort(this.#failedWith as Error);
      return;
    }
    this.#controller = controller;
    this.#inner.onRequestStart?.(controller, context);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
    statusMessage?: string,
  ): void {
    if (!this.#failed)
      this.#inner.onResponseStart?.(controller, statusCode, headers, statusMessage);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (!this.#failed) this.#inner.onResponseData?.(controller, chunk);
  }

  onResponseEnd(controller: Dispatcher.DispatchController, trailers: IncomingHttpHeaders): void {
    if (this.#failed) return;
    this.#settled = true;
    this.#inner.onResponseEnd?.(controller, trailers);
  }

  onResponseError(controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#failed) return;
    this.#settled = true;
    this.#inner.onResponseError?.(controller, error);
  }
}

/** Options of one request through {@link abortableDispatcher}: its AbortSource as `opaque`. */
export type AbortableRequestOptions = Dispatcher.RequestOptions<AbortSource>;

/**
 * A dispatcher sending through `pool` whose requests carry their {@link AbortSource} as
 * `opaque` instead of a `signal`: undici's per-request abort-listener path (an AbortSignal
 * listener, a copy of the options, a queue hook) is skipped, the source aborts the request
 * itself. Requests without an `opaque` go to the pool unchanged. Only `request()` is meant to
 * be called on it; the pool is closed and destroyed directly.
 */
export function abortableDispatcher(undici: typeof Undici, pool: Dispatcher): Dispatcher {
  class AbortableDispatcher extends undici.Dispatcher {
    override dispatch(
      options: Dispatcher.DispatchOptions & { opaque?: unknown },
      handler: Dispatcher.DispatchHandler,
    ): boolean {
      const source = options.opaque as AbortSource | undefined;
      return pool.dispatch(options, source ? new AbortableHandler(handler, source) : handler);
    }
  }
  return new AbortableDispatcher();
}
