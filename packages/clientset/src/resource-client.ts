/**
 * ResourceClient: the one typed client every generated facade is made of.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/gentype/type.go
 * @packageDocumentation
 */
import type { KubeList, KubeObject, Status } from '@kubekit/apimachinery';
import { PatchType, listAll, type RESTClient, type Request, type WatchStream } from '@kubekit/rest';
import { ClientError } from './client-error';
import type {
  ApplyOptions,
  CallOptions,
  CreateOptions,
  DeleteCollectionOptions,
  DeleteOptions,
  GetOptions,
  ListOptions,
  PatchOptions,
  UpdateOptions,
  WatchOptions,
  WriteOptions,
} from './client-options';
import { apiVersionOf, type ResourceInfo } from './resource-info';
import type { Scale } from './scale';

/** Options of {@link ResourceClient}. */
export interface ResourceClientOptions {
  /** Requests go through this client (its connection pool, rate limiter and retries). */
  client: RESTClient;
  /** Which resource. */
  resource: ResourceInfo;
  /**
   * For namespaced resources: the namespace of every call. Omitted or `''`: list, watch and
   * deleteCollection span all namespaces, and create / update / apply use the object's
   * `metadata.namespace`.
   */
  namespace?: string;
}

/** The methods of the status subresource; generated facades omit them when it is not served. */
export type StatusMethods = 'updateStatus' | 'patchStatus' | 'applyStatus';

/** The methods of the scale subresource; generated facades omit them when it is not served. */
export type ScaleMethods = 'getScale' | 'updateScale';

/** A JSON Patch (RFC 6902) operation. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

/**
 * A typed client of one resource, in one namespace or cluster-wide: list, get, create, update,
 * patch (JSON, merge, strategic merge, apply), delete, deleteCollection, watch, and the status
 * and scale subresources. Objects are plain JSON typed as `T` (one `JSON.parse`, no class
 * instances); `create`, `update` and `apply` fill in `apiVersion` and `kind` when missing.
 *
 * Errors: `StatusError` for API errors (`isNotFound(err)`, `isConflict(err)`, ...),
 * `RequestError` for transport failures and timeouts, {@link ClientError} when the call cannot
 * be addressed (no namespace, no name), the signal's reason when aborted.
 *
 * @example
 * ```ts
 * const pods = new ResourceClient<V1Pod>({ client, resource: podsResource, namespace: 'default' });
 * const pod = await pods.get('web');
 * await pods.patch('web', { metadata: { labels: { tier: 'front' } } });
 * ```
 */
export class ResourceClient<T extends KubeObject, TList extends KubeList<T> = KubeList<T>> {
  /** The client requests go through. */
  readonly client: RESTClient;
  /** The resource this client addresses. */
  readonly resource: ResourceInfo;
  /** The namespace of calls (`''`: all namespaces, or a cluster-scoped resource). */
  readonly namespace: string;

  /** @throws {@link ClientError} `InvalidOptions` when the client or resource is missing. */
  constructor(options: ResourceClientOptions) {
    if (!options?.client || !options.resource?.plural)
      throw new ClientError('InvalidOptions', 'a ResourceClient needs a client and a resource');
    this.client = options.client;
    this.resource = options.resource;
    this.namespace = options.resource.namespaced ? (options.namespace ?? '') : '';
  }

  /** Lists the objects (one page when `limit` is set). */
  async list(options: ListOptions = {}): Promise<TList> {
    return this.listRequest(options).do<TList>();
  }

  /**
   * Lists every object, `limit` (default 500) at a time, as one consistent snapshot. The result
   * carries the resourceVersion to start a watch from.
   */
  async listAll(options: Omit<ListOptions, 'continue'> = {}): Promise<TList> {
    const { limit, ...rest } = options;
    return listAll<T>(this.listRequest(rest), { limit }) as Promise<TList>;
  }

  /** Gets the object named `name`. */
  async get(name: string, options: GetOptions = {}): Promise<T> {
    return this.request('GET', this.requireNamespace(), options)
      .name(name)
      .param('resourceVersion', options.resourceVersion || undefined)
      .do<T>();
  }

  /** Creates `obj` and returns it as stored. */
  async create(obj: T, options: CreateOptions = {}): Promise<T> {
    return this.write('POST', this.namespaceOf(obj), options).body(this.typed(obj)).do<T>();
  }

  /**
   * Replaces the object named `obj.metadata.name` (`metadata.resourceVersion`, when set, makes
   * it fail with 409 Conflict if the object changed). Status changes are ignored when the
   * status subresource is served: use {@link ResourceClient.updateStatus}.
   */
  async update(obj: T, options: UpdateOptions = {}): Promise<T> {
    return this.write('PUT', this.namespaceOf(obj), options)
      .name(this.nameOf(obj))
      .body(this.typed(obj))
      .do<T>();
  }

  /** Replaces the status of `obj` (only `status` changes are stored). */
  async updateStatus(obj: T, options: UpdateOptions = {}): Promise<T> {
    return this.write('PUT', this.namespaceOf(obj), options)
      .name(this.nameOf(obj))
      .subresource('status')
      .body(this.typed(obj))
      .do<T>();
  }

  /**
   * Patches the object named `name`. `patch` is a merge patch (an object) or JSON Patch
   * operations (an array) unless `options.type` says otherwise (strategic merge: built-in
   * kinds only; apply: prefer {@link ResourceClient.apply}).
   */
  async patch(name: string, patch: unknown, options: PatchOptions = {}): Promise<T> {
    return this.patchRequest(name, patch, options).do<T>();
  }

  /** Patches the status of the object named `name`; see {@link ResourceClient.patch}. */
  async patchStatus(name: string, patch: unknown, options: PatchOptions = {}): Promise<T> {
    return this.patchRequest(name, patch, options).subresource('status').do<T>();
  }

  /**
   * Server-side apply: sends the fields `configuration` sets as owned by
   * `options.fieldManager`, creating the object when absent.
   *
   * Errors: a `StatusError` with code 409 when another manager owns a field (unless `force`).
   */
  async apply(configuration: ApplyConfiguration<T>, options: ApplyOptions): Promise<T> {
    return this.applyRequest(configuration, options).do<T>();
  }

  /** Server-side apply of the status subresource; see {@link ResourceClient.apply}. */
  async applyStatus(configuration: ApplyConfiguration<T>, options: ApplyOptions): Promise<T> {
    return this.applyRequest(configuration, options).subresource('status').do<T>();
  }

  /**
   * Deletes the object named `name`. Resolves with the object when deletion is pending
   * (finalizers, graceful deletion) or with a success Status once it is gone.
   */
  async delete(name: string, options: DeleteOptions = {}): Promise<T | Status> {
    return this.request('DELETE', this.requireNamespace(), options)
      .name(name)
      .dryRun(options.dryRun ?? false)
      .body(deleteBody(options))
      .do<T | Status>();
  }

  /** Deletes every object matching the selectors (in the client's namespace). */
  async deleteCollection(options: DeleteCollectionOptions = {}): Promise<TList | Status> {
    return this.request('DELETE', this.namespace, options)
      .labelSelector(options.labelSelector)
      .fieldSelector(options.fieldSelector)
      .dryRun(options.dryRun ?? false)
      .body(deleteBody(options))
      .do<TList | Status>();
  }

  /**
   * Watches the objects. Iterate the stream with `for await`; breaking out of the loop or
   * aborting `signal` closes it. An `ERROR` event is thrown as a `StatusError` (410 Expired:
   * list again and watch from the new resourceVersion).
   */
  async watch(options: WatchOptions = {}): Promise<WatchStream<T>> {
    return this.request('GET', this.namespace, options)
      .labelSelector(options.labelSelector)
      .fieldSelector(options.fieldSelector)
      .params({
        resourceVersion: options.resourceVersion || undefined,
        resourceVersionMatch: options.resourceVersionMatch,
        allowWatchBookmarks: options.allowWatchBookmarks || undefined,
        sendInitialEvents: options.sendInitialEvents,
        timeoutSeconds: options.timeoutSeconds,
      })
      .watch<T>({ inactivityTimeoutMs: options.inactivityTimeoutMs });
  }

  /** Reads the scale subresource of the object named `name`. */
  async getScale(name: string, options: GetOptions = {}): Promise<Scale> {
    return this.request('GET', this.requireNamespace(), options)
      .name(name)
      .subresource('scale')
      .do<Scale>();
  }

  /** Sets the desired replicas through the scale subresource of the object named `name`. */
  async updateScale(name: string, scale: Scale, options: UpdateOptions = {}): Promise<Scale> {
    const body: Scale = {
      ...scale,
      apiVersion: scale.apiVersion ?? 'autoscaling/v1',
      kind: scale.kind ?? 'Scale',
      metadata: { ...scale.metadata, name, namespace: this.namespace || undefined },
    };
    return this.write('PUT', this.requireNamespace(), options)
      .name(name)
      .subresource('scale')
      .body(body)
      .do<Scale>();
  }

  /** A request for this resource in `namespace`, with the call's signal and timeout. */
  protected request(method: string, namespace: string, options: CallOptions): Request {
    const req = this.client
      .verb(method)
      .groupVersion({ group: this.resource.group, version: this.resource.version })
      .namespace(namespace)
      .resource(this.resource.plural)
      .signal(options.signal);
    return options.timeoutMs === undefined ? req : req.timeout(options.timeoutMs);
  }

  /** The namespace of single-object calls. @throws {@link ClientError} `MissingNamespace`. */
  protected requireNamespace(): string {
    if (this.resource.namespaced && !this.namespace)
      throw new ClientError(
        'MissingNamespace',
        `${this.resource.plural} are namespaced: address them with a namespace`,
      );
    return this.namespace;
  }

  private listRequest(options: ListOptions): Request {
    return this.request('GET', this.namespace, options)
      .labelSelector(options.labelSelector)
      .fieldSelector(options.fieldSelector)
      .params({
        limit: options.limit,
        continue: options.continue || undefined,
        resourceVersion: options.resourceVersion || undefined,
        resourceVersionMatch: options.resourceVersionMatch,
      });
  }

  private write(method: string, namespace: string, options: WriteOptions): Request {
    return this.request(method, namespace, options)
      .dryRun(options.dryRun ?? false)
      .param('fieldManager', options.fieldManager)
      .param('fieldValidation', options.fieldValidation);
  }

  private patchRequest(name: string, patch: unknown, options: PatchOptions): Request {
    const type =
      options.type ?? (Array.isArray(patch) ? PatchType.JSONPatch : PatchType.MergePatch);
    if (type === PatchType.ApplyPatch && !options.fieldManager)
      throw new ClientError('InvalidOptions', 'an apply patch needs a fieldManager');
    return this.write('PATCH', this.requireNamespace(), options)
      .contentType(type)
      .name(name)
      .force(options.force ?? false)
      .body(patch);
  }

  private applyRequest(configuration: ApplyConfiguration<T>, options: ApplyOptions): Request {
    if (!options?.fieldManager)
      throw new ClientError('InvalidOptions', 'apply needs options.fieldManager');
    const obj = this.typed(configuration as T);
    return this.patchRequest(this.nameOf(obj), obj, { ...options, type: PatchType.ApplyPatch });
  }

  /** The namespace a write of `obj` goes to. */
  private namespaceOf(obj: T): string {
    if (!this.resource.namespaced) return '';
    const ns = this.namespace || obj.metadata?.namespace || '';
    if (!ns)
      throw new ClientError(
        'MissingNamespace',
        `${this.resource.kind} ${JSON.stringify(obj.metadata?.name ?? '')} has no namespace, and the client none`,
      );
    return ns;
  }

  private nameOf(obj: T): string {
    const name = obj.metadata?.name;
    if (!name)
      throw new ClientError('MissingName', `the ${this.resource.kind} has no metadata.name`);
    return name;
  }

  /** `obj` with `apiVersion` and `kind` set (a shallow copy when they were missing). */
  private typed(obj: T): T {
    if (obj.apiVersion && obj.kind) return obj;
    return { ...obj, apiVersion: apiVersionOf(this.resource), kind: this.resource.kind };
  }
}

/**
 * The fields an apply sends: any subset of `T` (with `metadata.name`). Deep-partial, since
 * server-side apply owns exactly the fields present.
 */
export type ApplyConfiguration<T> = DeepPartial<T>;

/** `T` with every property optional, recursively (arrays keep their element shape partial). */
export type DeepPartial<T> = T extends Date
  ? T
  : T extends (infer E)[]
    ? DeepPartial<E>[]
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

function deleteBody(options: DeleteOptions): object {
  const body: Record<string, unknown> = { apiVersion: 'v1', kind: 'DeleteOptions' };
  if (options.gracePeriodSeconds !== undefined)
    body.gracePeriodSeconds = options.gracePeriodSeconds;
  if (options.propagationPolicy) body.propagationPolicy = options.propagationPolicy;
  if (options.preconditions) body.preconditions = options.preconditions;
  return body;
}
