import {
  formatGoDuration,
  realClock,
  type BackoffOptions,
  type Clock,
  type GroupVersion,
  type KubeObject,
} from '@kubekit/apimachinery';
import { Readable } from 'node:stream';
import {
  DefaultBurst,
  DefaultMaxRetries,
  DefaultQPS,
  DefaultTimeoutMs,
  defaultUserAgent,
  type RestConfig,
} from './config';
import { authenticatorFor, type Authenticator } from './internal/authenticator';
import { Deadline, throwReadFailure, type RequestLabel } from './internal/deadline';
import {
  sendersFor,
  type ReceivedResponse,
  type Sender,
  type Senders,
} from './internal/received-response';
import { ResponseBodyError } from './internal/whole-response';
import { RetryBudget, defaultRetryBackoff, parseRetryAfter, waitToRetry } from './internal/retry';
import { classifyTransportError, isProbableEOF } from './internal/net-errors';
import { errorOfResponse } from './internal/error-of-response';
import { impersonationHeaders } from './internal/impersonation';
import { inspectRedacted, redactConfig } from './internal/redact';
import { parseServerUrl } from './internal/server-url';
import { RequestPaths } from './internal/request-path';
import { Transport } from './internal/transport';
import type { HttpTransport, HttpTransportResponse } from './http-transport';
import type { PatchType } from './patch-type';
import { Request, type RawResponse, type RequestExecutor, type RequestSpec } from './request';
import { RequestError } from './request-error';
import { TokenBucketRateLimiter } from './token-bucket';
import { defaultWarningHandler, parseWarningHeaders, type WarningHandler } from './warnings';
import { watchStreamFromBody, type WatchOptions, type WatchStream } from './watch';
import type { RateLimiter, RESTClientOptions } from './rest-client-options';

interface Prepared {
  deadline: Deadline;
  /** Path and query string. */
  path: string;
  request: RequestLabel;
}

const jsonType = 'application/json';

/**
 * The HTTP client of one API server: one keep-alive undici Pool, TLS and credentials from the
 * config, a client-side rate limiter, retries, timeouts and warning handling. Build requests
 * with the verb methods; share one client per server across the process, and `close()` it
 * on shutdown.
 *
 * Retries (at most `maxRetries`, default 10; each retry waits for the rate limiter again):
 * a 429 or 5xx response with Retry-After is retried for every verb after the given seconds;
 * GET/HEAD requests are also retried after a jittered exponential backoff on 429/502/503/504
 * without Retry-After and on connection resets (except `stream()`, which never repeats a transport
 * failure; a watch whose connection breaks after its retries ends empty instead of failing, both
 * as in client-go). A refused connection, a DNS or TLS failure is
 * not retried: it fails at once as RequestError `ConnectionRefused`, `DNSFailed` or `TLSFailed`
 * (as client-go; loops such as the Reflector back off). Every retried failure goes to the
 * request's `onRetry` listener, and a timeout names the last one. A 401 re-fetches rotating
 * credentials (token file, exec plugin) and repeats the request once.
 *
 * @example
 * ```ts
 * const client = new RESTClient(loadConfig());
 * const pods = await client.get().namespace('default').resource('pods').labelSelector('app=web').do<PodList>();
 * const deploy = await client
 *   .patch(PatchType.MergePatch)
 *   .groupVersion({ group: 'apps', version: 'v1' })
 *   .namespace('default').resource('deployments').name('web')
 *   .body({ spec: { replicas: 3 } })
 *   .do<Deployment>();
 * await client.close();
 * ```
 * @see https://github.com/kubernetes/client-go/blob/master/rest/client.go
 */
export class RESTClient implements RequestExecutor {
  /**
   * The configuration this client was built from (a copy whose `util.inspect()` redacts
   * credentials).
   */
  readonly config: Readonly<RestConfig>;
  readonly #transport: HttpTransport;
  /** How attempts are sent: through the client's own undici transport, or `transport`'s. */
  readonly #senders: Senders;
  readonly #origin: string;
  readonly #paths: RequestPaths;
  readonly #auth: Authenticator;
  readonly #clock: Clock;
  readonly #limiter: RateLimiter | null;
  readonly #warn: WarningHandler | null;
  readonly #backoff: BackoffOptions;
  readonly #groupVersion: GroupVersion;
  readonly #baseHeaders: Record<string, string | string[]>;

  /** Validates the config (throws ConfigError) and opens no connection until the first request. */
  constructor(config: RestConfig, options: RESTClientOptions = {}) {
    const { origin: o, basePath } = parseServerUrl(config.server);
    this.config = inspectRedacted({ ...config }, redactConfig);
    this.#paths = new RequestPaths(basePath);
    this.#clock = options.clock ?? realClock;
    this.#auth = authenticatorFor(config, this.#clock);
    this.#origin = o;
    const own = options.transport ? undefined : new Transport(o, config, this.#auth);
    this.#transport = options.transport ?? own!;
    this.#senders = sendersFor(own, this.#transport);
    // As client-go: 0 (or unset) means the default; a negative qps (or Infinity) disables limiting.
    const qps = config.qps || DefaultQPS;
    this.#limiter =
      options.rateLimiter !== undefined
        ? options.rateLimiter
        : qps < 0 || qps === Infinity
          ? null
          : new TokenBucketRateLimiter({
              qps,
              burst: config.burst || DefaultBurst,
              clock: this.#clock,
            });
    this.#warn =
      config.warningHandler === undefined ? defaultWarningHandler() : config.warningHandler;
    this.#backoff = options.retryBackoff ?? defaultRetryBackoff;
    this.#groupVersion = options.groupVersion ?? { group: '', version: 'v1' };
    this.#baseHeaders = {
      'user-agent': config.userAgent ?? defaultUserAgent(),
      // as client-go: JSON preferred, anything accepted (a proxy's text error still reads)
      accept: `${jsonType}, */*`,
      ...impersonationHeaders(config),
    };
  }

  /** What `util.inspect()` / `console.log()` print: the server and the config, credentials redacted. */
  [Symbol.for('nodejs.util.inspect.custom')](
    _depth: number,
    options: object,
    inspect: (value: unknown, options: object) => string,
  ): string {
    return `RESTClient ${inspect({ server: this.#origin, config: redactConfig(this.config) }, options)}`;
  }

  /** The namespace of the config (`default` when it names none). */
  get namespace(): string {
    return this.config.namespace || 'default';
  }

  /** A request with any HTTP method. */
  verb(method: string): Request {
    return new Request(this, {
      method: method.toUpperCase(),
      absPath: undefined,
      groupVersion: this.#groupVersion,
      namespace: undefined,
      resource: undefined,
      name: undefined,
      subresource: [],
      params: [],
      headers: {},
      body: undefined,
      contentType: undefined,
      timeoutMs: undefined,
      signal: undefined,
      maxRetries: undefined,
      onRetry: undefined,
      error: undefined,
    });
  }

  /** A GET request. */
  get(): Request {
    return this.verb('GET');
  }
  /** A POST request (create). */
  post(): Request {
    return this.verb('POST');
  }
  /** A PUT request (update / replace). */
  put(): Request {
    return this.verb('PUT');
  }
  /** A PATCH request sent with the given {@link PatchType} content type. */
  patch(patchType: PatchType): Request {
    return this.verb('PATCH').contentType(patchType);
  }
  /** A DELETE request. */
  delete(): Request {
    return this.verb('DELETE');
  }

  /**
   * Closes the connection pool after in-flight requests finish (open watches keep it open until
   * they end). Idempotent; requests made afterwards fail with RequestError `ConnectionFailed`.
   */
  close(): Promise<void> {
    return this.#transport.close();
  }

  /**
   * Closes the connection pool now, failing in-flight requests (RequestError) and watches
   * (WatchError `ConnectionLost`). Idempotent, also after close().
   */
  destroy(): Promise<void> {
    return this.#transport.destroy();
  }

  /** The path and query string a spec addresses (`params` instead of the spec's, if given). */
  pathOf(spec: RequestSpec, params: readonly [string, string][] = spec.params): string {
    return this.#paths.of(spec, params);
  }

  /** Runs a built request; see Request.do / doRaw / stream. */
  execute(spec: RequestSpec, mode: 'json'): Promise<unknown>;
  execute(spec: RequestSpec, mode: 'raw'): Promise<RawResponse>;
  execute(spec: RequestSpec, mode: 'stream'): Promise<Readable>;
  async execute(spec: RequestSpec, mode: 'json' | 'raw' | 'stream'): Promise<unknown> {
    if (mode === 'stream') return (await this.#openStream(spec, spec.params, false)).body;
    const prepared = this.#prepare(spec, spec.params);
    const { deadline, request } = prepared;
    try {
      const res = await this.#send(spec, prepared, this.#senders.whole);
      if (mode === 'raw')
        return { statusCode: res.statusCode, headers: res.headers, body: await res.bytes() };
      const text = await res.text();
      if (text.length === 0) return undefined;
      try {
        return JSON.parse(text);
      } catch {
        // Neither the body nor JSON.parse's message (which quotes it) goes into the error: a 2xx
        // body is object data, a Secret's too.
        const type = res.headers['content-type'];
        throw new RequestError(
          'InvalidResponse',
          `HTTP ${res.statusCode} body is not JSON (${Buffer.byteLength(text)} bytes, content-type ${typeof type === 'string' ? type : 'unset'})`,
          request,
        );
      }
    } finally {
      deadline.dispose();
    }
  }

  /** Runs a watch request; see Request.watch. */
  async watch<T extends KubeObject>(
    spec: RequestSpec,
    options: WatchOptions,
  ): Promise<WatchStream<T>> {
    let body: Readable;
    try {
      body = (await this.#openStream(spec, [...spec.params, ['watch', 'true']], true)).body;
    } catch (err) {
      // as client-go: a watch whose connection broke (after its retries) is an empty watch that
      // ends at once, for the caller to watch again; other failures reject
      if (!(RequestError.isInstance(err) && isProbableEOF(err.cause))) throw err;
      body = Readable.from([]);
    }
    return watchStreamFromBody<T>(body, {
      clock: this.#clock,
      signal: spec.signal,
      inactivityTimeoutMs: options.inactivityTimeoutMs,
    });
  }

  /** The deadline of a request, and the path and label (method + URL) it is sent and reported with. */
  #prepare(spec: RequestSpec, params: [string, string][]): Prepared {
    const timeoutMs = spec.timeoutMs ?? this.config.timeoutMs ?? DefaultTimeoutMs;
    // As client-go's Request.URL(): the request's timeout, else the config's, is also sent as
    // `timeout` (Go duration text, replacing a `timeout` param) on every request, watches and
    // streams included; kubekit's own default (DefaultTimeoutMs) is not: client-go has none.
    const sent = spec.timeoutMs ?? this.config.timeoutMs;
    const path = this.pathOf(
      spec,
      sent
        ? [...params.filter(([k]) => k !== 'timeout'), ['timeout', formatGoDuration(sent)]]
        : params,
    );
    return {
      deadline: new Deadline(this.#clock, timeoutMs, spec.signal),
      path,
      request: { method: spec.method, url: this.#origin + path },
    };
  }

  /**
   * Sends a request whose body is a long-lived stream: the timeout bounds only the wait for the
   * headers; the caller's signal stays linked until the body closes.
   */
  async #openStream(
    spec: RequestSpec,
    params: [string, string][],
    retryBrokenConnection: boolean,
  ): Promise<HttpTransportResponse> {
    const prepared = this.#prepare(spec, params);
    const { deadline } = prepared;
    let res: HttpTransportResponse;
    try {
      res = (await this.#send(spec, prepared, this.#senders.streamed, retryBrokenConnection))
        .response;
    } catch (err) {
      deadline.dispose();
      throw err;
    }
    deadline.stopTimer();
    res.body.once('close', () => deadline.dispose());
    return res;
  }

  /**
   * Sends with rate limiting, credentials and retries through `send`; resolves with a 2xx
   * response. `retryBrokenConnection: false` never repeats a transport failure (client-go's
   * Stream). A body that fails after the headers is a failed read, never retried.
   */
  async #send<R extends ReceivedResponse>(
    spec: RequestSpec,
    prepared: Prepared,
    send: Sender<R>,
    retryBrokenConnection = true,
  ): Promise<R> {
    const { deadline, path, request } = prepared;
    if (spec.error) throw new RequestError('InvalidRequest', spec.error, request);
    const maxRetries = spec.maxRetries ?? this.config.maxRetries ?? DefaultMaxRetries;
    const headers: Record<string, string | string[]> = { ...this.#baseHeaders, ...spec.headers };
    if (spec.body !== undefined) headers['content-type'] = spec.contentType ?? jsonType;
    const retries = new RetryBudget(maxRetries, this.#backoff);
    let refreshedAuth = false;
    /** The failure of the attempt being retried: named if the deadline ends the request. */
    let lastError: Error | undefined;
    for (;;) {
      try {
        // a token taken at once needs no signal (made on demand, see Deadline)
        const limiter = this.#limiter;
        if (limiter && !(limiter instanceof TokenBucketRateLimiter && limiter.tryAccept()))
          await limiter.wait(deadline.signal);
        const constant = this.#auth.constant;
        const authorization = constant ? constant.value : await this.#auth.authorization(deadline);
        if (authorization !== undefined) headers['authorization'] = authorization;
        let res: R;
        try {
          res = await send(
            { method: spec.method, path, headers, body: spec.body },
            deadline,
            request,
          );
        } catch (err) {
          if (err instanceof ResponseBodyError) throwReadFailure(err.cause, deadline, request);
          deadline.throwIfEnded(request, lastError);
          const failure = classifyTransportError(err);
          const error = new RequestError(failure.reason, failure.message, request, { cause: err });
          const delay = retryBrokenConnection
            ? retries.next({ method: spec.method, error: err })
            : undefined;
          if (delay === undefined) throw error;
          await waitToRetry(
            this.#clock,
            spec.onRetry,
            { error: (lastError = error), attempt: retries.used, delayMs: delay },
            deadline,
          );
          continue;
        }
        const warnings = res.headers['warning'];
        if (this.#warn && warnings !== undefined)
          for (const w of parseWarningHeaders(warnings)) this.#warn(w);
        if (res.statusCode >= 200 && res.statusCode < 300) return res;
        const text = await res.text();
        const retryAfterSeconds = parseRetryAfter(res.headers['retry-after'], this.#clock.now());
        if (res.statusCode === 401 && !refreshedAuth) {
          refreshedAuth = true;
          if (await this.#auth.refresh(authorization)) continue;
        }
        const error = errorOfResponse(spec, res, text, retryAfterSeconds);
        const delay = retries.next({
          method: spec.method,
          statusCode: res.statusCode,
          retryAfterSeconds,
        });
        if (delay === undefined) throw error;
        await waitToRetry(
          this.#clock,
          spec.onRetry,
          { error: (lastError = error), attempt: retries.used, delayMs: delay },
          deadline,
        );
      } catch (err) {
        deadline.throwIfEnded(request, lastError);
        throw err;
      }
    }
  }
}
