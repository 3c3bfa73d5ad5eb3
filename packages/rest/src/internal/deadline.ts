import { abortError, type Clock, type TimerHandle } from '@kubekit/apimachinery';
import type { HttpTransportResponse } from '../http-transport';
import { RequestError } from '../request-error';

/** Method and URL of a request, for error messages. */
export interface RequestLabel {
  method: string;
  url: string;
}

/** What {@link DeadlineTimers} keeps: when a deadline is due, and how it ends. */
interface Due {
  readonly due: number;
  expire(): void;
}

/**
 * The deadlines of one clock behind a single timer, armed for the earliest: a request adds and
 * removes a set entry instead of setting and clearing a timer of its own. With one timeout per
 * client, later requests are due later, so the timer is re-armed only when it fires (at most
 * once per timeout period). A real timer is unref'd: requests in flight keep the process alive,
 * the deadline timer never does.
 */
class DeadlineTimers {
  static readonly #byClock = new WeakMap<Clock, DeadlineTimers>();
  readonly #pending = new Set<Due>();
  readonly #clock: Clock;
  #timer: TimerHandle | undefined;
  #armedFor = Number.POSITIVE_INFINITY;
  /** Whether the armed timer is a real one, unref'd: it never keeps the process alive. */
  #unrefed = false;

  private constructor(clock: Clock) {
    this.#clock = clock;
  }

  static of(clock: Clock): DeadlineTimers {
    let timers = DeadlineTimers.#byClock.get(clock);
    if (!timers) DeadlineTimers.#byClock.set(clock, (timers = new DeadlineTimers(clock)));
    return timers;
  }

  add(entry: Due): void {
    this.#pending.add(entry);
    if (entry.due < this.#armedFor) this.#arm(entry.due);
  }

  delete(entry: Due): void {
    // Nothing pending: a real timer (unref'd) is left to lapse, so back-to-back requests do not
    // set and clear one each; a clock whose timers cannot be unref'd (a fake) is left with none.
    if (this.#pending.delete(entry) && this.#pending.size === 0 && !this.#unrefed) this.#disarm();
  }

  #disarm(): void {
    if (this.#timer !== undefined) this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
  }

  #arm(due: number): void {
    this.#disarm();
    this.#armedFor = due;
    const timer = this.#clock.setTimeout(() => this.#fire(), due - this.#clock.now());
    const real = timer as unknown as { unref?: unknown };
    this.#unrefed = typeof real.unref === 'function';
    if (this.#unrefed) (real as { unref(): void }).unref();
    this.#timer = timer;
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedFor = Number.POSITIVE_INFINITY;
    const now = this.#clock.now();
    let next = Number.POSITIVE_INFINITY;
    for (const entry of this.#pending) {
      if (entry.due <= now) {
        this.#pending.delete(entry);
        entry.expire();
      } else if (entry.due < next) next = entry.due;
    }
    if (next !== Number.POSITIVE_INFINITY) this.#arm(next);
  }
}

/** What a request in flight can be ended with (see {@link Deadline.attach}). */
export interface Abortable {
  abort(reason: unknown): void;
}

/**
 * The caller's signal combined with the request's timeout, measured on the client's clock.
 *
 * Cheap per request: the timeout is an entry of the clock's {@link DeadlineTimers}, not a timer
 * of its own; the transport's attempt in flight is ended through {@link Deadline.attach} (no
 * AbortSignal, whose listeners cost undici a sixth of a small GET); the AbortSignal is made only
 * when something asks for {@link Deadline.signal} (a wait for the rate limiter or a retry, a
 * custom transport). The caller's signal is linked by hand (not `AbortSignal.any`) so that a
 * long-lived signal shared by many requests holds no listener once each request is disposed.
 */
export class Deadline implements Due {
  readonly due: number;
  readonly #user: AbortSignal | undefined;
  readonly #timeoutMs: number;
  readonly #timers: DeadlineTimers | undefined;
  #controller: AbortController | undefined;
  #onUserAbort: (() => void) | undefined;
  /** The attempt in flight, ended with the request. */
  #inFlight: Abortable | undefined;
  /** Why the request ended (the caller's reason or a TimeoutError), once it has. */
  #reason: unknown;
  #ended = false;
  #timedOut = false;

  constructor(clock: Clock, timeoutMs: number, user: AbortSignal | undefined) {
    this.#user = user;
    this.#timeoutMs = timeoutMs;
    this.due = clock.now() + timeoutMs;
    if (user?.aborted) {
      this.#end(user.reason);
      return;
    }
    if (user) {
      this.#onUserAbort = () => this.#end(user.reason);
      user.addEventListener('abort', this.#onUserAbort, { once: true });
    }
    if (timeoutMs <= 0) return;
    this.#timers = DeadlineTimers.of(clock);
    this.#timers.add(this);
  }

  /** Aborts when the caller aborts or the timeout elapses; undefined when neither can happen. */
  get signal(): AbortSignal | undefined {
    if (this.#timeoutMs <= 0) return this.#user;
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#ended) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  /** The timeout elapsed ({@link DeadlineTimers} calls this). */
  expire(): void {
    if (this.#ended) return;
    this.#timedOut = true;
    this.#end(new DOMException('request timed out', 'TimeoutError'));
  }

  #end(reason: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
    const inFlight = this.#inFlight;
    this.#inFlight = undefined;
    inFlight?.abort(reason);
  }

  /**
   * Ends `attempt` with the request: when the timeout elapses or the caller aborts (at once if
   * that happened already), `attempt.abort(reason)` is called. One attempt at a time: a retry
   * attaches its own; {@link Deadline.dispose} detaches.
   */
  attach(attempt: Abortable): void {
    if (this.#ended) attempt.abort(this.#reason);
    else this.#inFlight = attempt;
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
    this.#timers?.delete(this);
  }

  /** Stops the timeout and unlinks the caller's signal: the request is over. */
  dispose(): void {
    this.stopTimer();
    this.#inFlight = undefined;
    if (this.#onUserAbort) this.#user!.removeEventListener('abort', this.#onUserAbort);
    this.#onUserAbort = undefined;
  }
}

/** Reads a whole response body as bytes; network failures become RequestError `ConnectionFailed`. */
export function readBody(
  body: HttpTransportResponse['body'],
  deadline: Deadline,
  request: RequestLabel,
): Promise<Buffer> {
  return reading(
    body.arrayBuffer().then((bytes) => Buffer.from(bytes)),
    deadline,
    request,
  );
}

/**
 * Reads a whole response body as UTF-8 text (decoded from the received chunks, without the
 * copy into one ArrayBuffer {@link readBody} makes when the body has `text()`); errors as
 * {@link readBody}.
 */
export function readText(
  body: HttpTransportResponse['body'],
  deadline: Deadline,
  request: RequestLabel,
): Promise<string> {
  const text = body.text
    ? body.text()
    : body.arrayBuffer().then((bytes) => Buffer.from(bytes).toString('utf8'));
  return reading(text, deadline, request);
}

/** `read`, its failure reported as the deadline's or as RequestError `ConnectionFailed`. */
function reading<T>(read: Promise<T>, deadline: Deadline, request: RequestLabel): Promise<T> {
  return read.then(undefined, (err: unknown) => throwReadFailure(err, deadline, request));
}

/**
 * Throws the failure `err` of reading a response body: the deadline's error if the request
 * ended (its timeout, the caller's abort), else RequestError `ConnectionFailed`.
 */
export function throwReadFailure(err: unknown, deadline: Deadline, request: RequestLabel): never {
  deadline.throwIfEnded(request);
  throw new RequestError(
    'ConnectionFailed',
    `reading the response failed: ${(err as Error)?.message}`,
    request,
    { cause: err },
  );
}
