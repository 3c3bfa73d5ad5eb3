import type { GroupVersion, KubeObject } from '@kubekit/apimachinery';
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { PatchType } from './patch-type';
import type { WatchOptions, WatchStream } from './watch';

/** A query parameter value; arrays repeat the key, undefined values are skipped. */
export type ParamValue = string | number | boolean | readonly string[] | undefined;

/** The raw outcome of {@link Request.doRaw}: status, headers and body bytes of a 2xx response. */
export interface RawResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A failed attempt the client is about to retry; see {@link Request.onRetry}. */
export interface RetryAttempt {
  /** Why the attempt failed: the `StatusError` of the response or the `RequestError` of the transport. */
  error: Error;
  /** Which retry this is: 1 for the first. */
  attempt: number;
  /** How long the client waits before retrying (the server's Retry-After, or the backoff), in ms. */
  delayMs: number;
}

/** Everything that describes one request; produced by the builder, consumed by the client. */
export interface RequestSpec {
  method: string;
  /**
   * Replaces the `/api/v1` / `/apis/<group>/<version>` root (client-go's AbsPath): a clean path
   * starting with `/`, ending with `/` only where client-go keeps the slash; `''` is the server
   * URL's path itself.
   */
  absPath: string | undefined;
  groupVersion: GroupVersion;
  namespace: string | undefined;
  resource: string | undefined;
  name: string | undefined;
  subresource: string[];
  params: [string, string][];
  headers: Record<string, string>;
  body: string | Uint8Array | undefined;
  contentType: string | undefined;
  timeoutMs: number | undefined;
  signal: AbortSignal | undefined;
  maxRetries: number | undefined;
  /** Told of every failed attempt before it is retried. */
  onRetry: ((attempt: RetryAttempt) => void) | undefined;
  /** The first builder misuse, reported when the request is run (as client-go's r.err). */
  error: string | undefined;
}

/** What runs a built request: the RESTClient. */
export interface RequestExecutor {
  execute(spec: RequestSpec, mode: 'json'): Promise<unknown>;
  execute(spec: RequestSpec, mode: 'raw'): Promise<RawResponse>;
  execute(spec: RequestSpec, mode: 'stream'): Promise<Readable>;
  watch<T extends KubeObject>(spec: RequestSpec, options: WatchOptions): Promise<WatchStream<T>>;
}

/**
 * Why kube-apiserver cannot route `value` as a path segment (client-go's IsValidPathSegmentName
 * texts: `may not be '..'`, `may not contain '/'`), or undefined when it can.
 */
function badSegment(value: string): string | undefined {
  if (value === '.' || value === '..') return `may not be '${value}'`;
  if (value.includes('/')) return "may not contain '/'";
  if (value.includes('%')) return "may not contain '%'";
  return undefined;
}

/** What the builder's errors call each path part, as client-go's do. */
const segmentLabel = { namespace: 'namespace', resource: 'resource', name: 'resource name' };

/**
 * A fluent builder for one API request, run by `do()`, `doRaw()`, `stream()` or `watch()`.
 * Builders are mutable (each setter returns `this`); {@link Request.clone} copies one.
 *
 * @example
 * ```ts
 * const pod = await client.get().namespace('default').resource('pods').name('web').do<Pod>();
 * ```
 * @see https://github.com/kubernetes/client-go/blob/master/rest/request.go
 */
export class Request {
  readonly #executor: RequestExecutor;
  readonly #spec: RequestSpec;

  /** Use the verb methods of RESTClient (`client.get()`, ...) instead. */
  constructor(executor: RequestExecutor, spec: RequestSpec) {
    this.#executor = executor;
    this.#spec = spec;
  }

  #fail(message: string): this {
    this.#spec.error ??= message;
    return this;
  }

  #segment(field: 'namespace' | 'resource' | 'name', value: string): this {
    const label = segmentLabel[field];
    if (value === '') return this.#fail(`${label} may not be empty`);
    const set = this.#spec[field];
    if (set !== undefined)
      return this.#fail(
        `${label} already set to ${JSON.stringify(set)}, cannot change to ${JSON.stringify(value)}`,
      );
    const bad = badSegment(value);
    if (bad) return this.#fail(`invalid ${label} ${JSON.stringify(value)}: ${bad}`);
    this.#spec[field] = value;
    return this;
  }

  /** The API group and version (default: the client's). `group: ''` is the core group (`/api`). */
  groupVersion(gv: GroupVersion): this {
    this.#spec.groupVersion = gv;
    return this;
  }

  /**
   * Sends the request to this absolute path (e.g. `/version`, `/apis`) instead of the group root,
   * below the server URL's own path. Segments are joined and cleaned (`//`, `.`, `..`) as Go's
   * path.Join does; as in client-go, a single segment's trailing slash is kept (`/apis/`), and
   * `absPath('/')` is the server's root.
   */
  absPath(...segments: string[]): this {
    const joined = posix.normalize(`/${segments.join('/')}`);
    const keepSlash = segments.length === 1 && segments[0]!.endsWith('/');
    // '' stands for the server path itself: client-go's path.Join(base, '') adds no slash
    this.#spec.absPath = keepSlash ? joined : joined.replace(/\/+$/, '');
    return this;
  }

  /** Scopes the request to a namespace. An empty string means all namespaces and is ignored. */
  namespace(ns: string | undefined): this {
    return ns ? this.#segment('namespace', ns) : this;
  }

  /** The resource (lower-case plural, e.g. `pods`). */
  resource(resource: string): this {
    return this.#segment('resource', resource);
  }

  /** The object's name. */
  name(name: string): this {
    return this.#segment('name', name);
  }

  /**
   * A subresource such as `status`, `scale` or `log` (several segments allowed). Set it once: a
   * second call is an error, as in client-go.
   */
  subresource(...subresources: string[]): this {
    const value = subresources.join('/');
    if (this.#spec.subresource.length > 0)
      return this.#fail(
        `subresource already set to ${JSON.stringify(this.#spec.subresource.join('/'))}, cannot change to ${JSON.stringify(value)}`,
      );
    for (const s of subresources) {
      const bad = s === '' ? 'may not be empty' : badSegment(s);
      if (bad) return this.#fail(`invalid subresource ${JSON.stringify(value)}: ${bad}`);
    }
    this.#spec.subresource.push(...subresources);
    return this;
  }

  /** Adds a query parameter (arrays add the key once per value; undefined is skipped). */
  param(key: string, value: ParamValue): this {
    if (value === undefined) return this;
    if (typeof value === 'object') for (const v of value) this.#spec.params.push([key, v]);
    else this.#spec.params.push([key, String(value)]);
    return this;
  }

  /** Adds several query parameters. */
  params(params: Record<string, ParamValue>): this {
    for (const [k, v] of Object.entries(params)) this.param(k, v);
    return this;
  }

  /** `labelSelector=...` (anything whose `toString()` is the selector string). */
  labelSelector(selector: string | { toString(): string } | undefined): this {
    const s = selector?.toString();
    return s ? this.param('labelSelector', s) : this;
  }

  /** `fieldSelector=...` (anything whose `toString()` is the selector string). */
  fieldSelector(selector: string | { toString(): string } | undefined): this {
    const s = selector?.toString();
    return s ? this.param('fieldSelector', s) : this;
  }

  /** `dryRun=All`: the server validates and admits the request but persists nothing. */
  dryRun(enabled = true): this {
    return enabled ? this.param('dryRun', 'All') : this;
  }

  /** `fieldManager=name`: the manager recorded in managedFields (required for apply patches). */
  fieldManager(name: string): this {
    return this.param('fieldManager', name);
  }

  /** `force=true`: an apply patch takes ownership of fields other managers own. */
  force(enabled = true): this {
    return enabled ? this.param('force', 'true') : this;
  }

  /** Sets a request header. */
  setHeader(name: string, value: string): this {
    this.#spec.headers[name.toLowerCase()] = value;
    return this;
  }

  /**
   * The body: an object is sent as JSON; a string or bytes as given. The Content-Type is JSON
   * unless the request is a patch or {@link Request.contentType} says otherwise.
   */
  body(body: unknown): this {
    if (typeof body === 'string' || body instanceof Uint8Array) this.#spec.body = body;
    else this.#spec.body = JSON.stringify(body);
    return this;
  }

  /** Overrides the body's Content-Type. */
  contentType(contentType: PatchType | string): this {
    this.#spec.contentType = contentType;
    return this;
  }

  /**
   * Overall timeout of this request in ms, retries included (overrides the config's). Also sent as
   * the `timeout` query parameter in Go's duration form (`1s`, `1.5s`, `500ms`), on watches and
   * streams too, as client-go sends it, so the server stops working on it too (kube-apiserver
   * ignores it on long-running requests). For watch() and stream() only the wait for the
   * response headers is bounded. 0 disables both.
   */
  timeout(ms: number): this {
    this.#spec.timeoutMs = ms;
    return this;
  }

  /** Cancels the request (and its waits for rate limiting and retries) when the signal aborts. */
  signal(signal: AbortSignal | undefined): this {
    this.#spec.signal = signal;
    return this;
  }

  /** Retries allowed for this request (overrides the config's; 0 disables). */
  maxRetries(n: number): this {
    this.#spec.maxRetries = n;
    return this;
  }

  /**
   * Calls `listener` with every failed attempt the client retries (a 429 or 503 with Retry-After,
   * a reset connection), before it waits: the failure is visible while the request is still
   * running (the Reflector reports it to informer health and logs). A throwing listener is
   * ignored.
   */
  onRetry(listener: ((attempt: RetryAttempt) => void) | undefined): this {
    this.#spec.onRetry = listener;
    return this;
  }

  /** A copy of this builder that can be changed independently. */
  clone(): Request {
    const s = this.#spec;
    return new Request(this.#executor, {
      ...s,
      subresource: [...s.subresource],
      params: s.params.map(([k, v]) => [k, v]),
      headers: { ...s.headers },
    });
  }

  /** A read-only view of what this builder will send (for logging and tests). */
  get spec(): Readonly<RequestSpec> {
    return this.#spec;
  }

  /**
   * Runs the request and decodes the JSON response as `T` (plain objects: one `JSON.parse`, no
   * class instances). An empty body resolves to undefined.
   *
   * Errors: `StatusError` for an HTTP error status; `RequestError` for network failures,
   * timeouts, invalid requests or non-JSON bodies; the signal's reason when aborted.
   */
  do<T = unknown>(): Promise<T> {
    return this.#executor.execute(this.#spec, 'json') as Promise<T>;
  }

  /** Runs the request and returns the undecoded response; errors as {@link Request.do}. */
  doRaw(): Promise<RawResponse> {
    return this.#executor.execute(this.#spec, 'raw');
  }

  /**
   * Runs the request and returns the response body as a stream (e.g. pod logs with
   * `follow=true`). Destroy the stream, or abort the signal, to close the connection.
   */
  stream(): Promise<Readable> {
    return this.#executor.execute(this.#spec, 'stream');
  }

  /** Adds `watch=true` and streams the decoded events; see {@link WatchStream}. */
  watch<T extends KubeObject = KubeObject>(options: WatchOptions = {}): Promise<WatchStream<T>> {
    return this.#executor.watch<T>(this.#spec, options);
  }
}
