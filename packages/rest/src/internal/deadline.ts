import { abortError, type Clock, type TimerHandle } from '@kubekit/apimachinery';
import type { Dispatcher } from 'undici';
import { RequestError } from '../request-error';

/** Method and URL of a request, for error messages. */
export interface RequestLabel {
  method: string;
  url: string;
}

/** The caller's signal combined with the request's timeout, measured on the client's clock. */
export class Deadline {
  /** Aborts when the caller aborts or the timeout elapses. */
  readonly signal: AbortSignal | undefined;
  readonly #user: AbortSignal | undefined;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  #timer: TimerHandle | undefined;
  #timedOut = false;

  constructor(clock: Clock, timeoutMs: number, user: AbortSignal | undefined) {
    this.#clock = clock;
    this.#user = user;
    this.#timeoutMs = timeoutMs;
    if (timeoutMs > 0) {
      const controller = new AbortController();
      this.#timer = clock.setTimeout(() => {
        this.#timedOut = true;
        controller.abort(new DOMException('request timed out', 'TimeoutError'));
      }, timeoutMs);
      this.signal = user ? AbortSignal.any([user, controller.signal]) : controller.signal;
    } else {
      this.signal = user;
    }
  }

  /** Throws why the request ended (the caller's AbortError, or RequestError `Timeout`), if it has. */
  throwIfEnded(request: RequestLabel): void {
    if (this.#user?.aborted) throw abortError(this.#user);
    if (this.#timedOut)
      throw new RequestError('Timeout', `timed out after ${this.#timeoutMs} ms`, request);
  }

  /** Stops the timeout (the request is done, or a stream's headers arrived); the caller's signal still applies. */
  dispose(): void {
    if (this.#timer) this.#clock.clearTimeout(this.#timer);
  }
}

/** Reads a whole response body; network failures become RequestError `ConnectionFailed`. */
export async function readBody(
  body: Dispatcher.ResponseData['body'],
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
