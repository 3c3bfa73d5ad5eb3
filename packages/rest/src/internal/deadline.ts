import { abortError, type Clock, type TimerHandle } from '@kubekit/apimachinery';
import type { HttpTransportResponse } from '../http-transport';
import { RequestError } from '../request-error';

/** Method and URL of a request, for error messages. */
export interface RequestLabel {
  method: string;
  url: string;
}

/**
 * The caller's signal combined with the request's timeout, measured on the client's clock.
 * Linked by hand (not `AbortSignal.any`) so that a long-lived caller signal shared by many
 * requests holds no listener once each request is disposed.
 */
export class Deadline {
  /** Aborts when the caller aborts or the timeout elapses; undefined when neither can happen. */
  readonly signal: AbortSignal | undefined;
  readonly #user: AbortSignal | undefined;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  #timer: TimerHandle | undefined;
  #onUserAbort: (() => void) | undefined;
  #timedOut = false;

  constructor(clock: Clock, timeoutMs: number, user: AbortSignal | undefined) {
    this.#clock = clock;
    this.#user = user;
    this.#timeoutMs = timeoutMs;
    if (timeoutMs <= 0) {
      this.signal = user;
      return;
    }
    const controller = new AbortController();
    this.signal = controller.signal;
    if (user?.aborted) {
      controller.abort(user.reason);
      return;
    }
    if (user) {
      const onUserAbort = () => controller.abort(user.reason);
      this.#onUserAbort = onUserAbort;
      user.addEventListener('abort', onUserAbort, { once: true });
    }
    this.#timer = clock.setTimeout(() => {
      this.#timedOut = true;
      controller.abort(new DOMException('request timed out', 'TimeoutError'));
    }, timeoutMs);
  }

  /**
   * Throws why the request ended (the caller's AbortError, or RequestError `Timeout`), if it has.
   * `lastError` (the failure of an attempt being retried) is named in the Timeout's message and
   * is its cause, so a deadline never hides what went wrong.
   */
  throwIfEnded(request: RequestLabel, lastError?: Error): void {
    if (this.#user?.aborted) throw abortError(this.#user);
    if (!this.#timedOut) return;
    const last = lastError ? `; the last attempt failed: ${lastError.message}` : '';
    throw new RequestError('Timeout', `timed out after ${this.#timeoutMs} ms${last}`, request, {
      cause: lastError,
    });
  }

  /** Stops the timeout (a stream's headers arrived); the caller's signal still applies. */
  stopTimer(): void {
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** Stops the timeout and unlinks the caller's signal: the request is over. */
  dispose(): void {
    this.stopTimer();
    if (this.#onUserAbort) this.#user!.removeEventListener('abort', this.#onUserAbort);
    this.#onUserAbort = undefined;
  }
}

/** Reads a whole response body; network failures become RequestError `ConnectionFailed`. */
export async function readBody(
  body: HttpTransportResponse['body'],
  deadline: Deadline,
  request: RequestLabel,
): Promise<Buffer> {
  try {
    return Buffer.from(await body.arrayBuffer());
  } catch (err) {
    deadline.throwIfEnded(request);
    throw new RequestError(
      'ConnectionFailed',
      `reading the response failed: ${(err as Error)?.message}`,
      request,
      {
        cause: err,
      },
    );
  }
}
