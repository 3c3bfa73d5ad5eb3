/**
 * ResourceClient: the one typed client every generated facade is made of — @kubekit/rest's
 * dynamic resource client, typed, with the status and scale subresources and checks that
 * catch unaddressable calls before they are sent.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/gentype/type.go
 * @packageDocumentation
 */
import type { KubeList, KubeObject, Status } from '@kubekit/apimachinery';
import {
  DynamicClient,
  PatchType,
  applyCallOptions,
  applyWriteOptions,
  type ApplyOptions,
  type CallOptions,
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type PatchOptions,
  type RESTClient,
  type Request,
  type DynamicResourceClient,
  type WatchOptions,
  type WatchStream,
  type WriteOptions,
} from '@kubekit/rest';
import { ClientError } from './client-error.js';
import type {
  ApplyConfiguration,
  JsonPatchOperation,
  PatchBody,
  TypedPatchOptions,
} from './patch-types.js';
import { apiVersionOf, gvrOf, type ResourceInfo } from './resource-info.js';
import type { Scale } from './scale.js';

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
  namespace?: string | undefined;
}

/** The methods of the status subresource; generated facades omit them when it is not served. */
export type StatusMethods = 'updateStatus' | 'patchStatus' | 'applyStatus';

/** The methods of the scale subresource; generated facades omit them when it is not served. */
export type ScaleMethods = 'getScale' | 'updateScale';

type PatchArgs =
  | [patchType: PatchType, patch: unknown, options?: PatchOptions & { subresource?: string }]
  | [patch: unknown, options?: TypedPatchOptions];

const patchTypes = new Set<unknown>(Object.values(PatchType));

/** The two call shapes of `patch` as one. */
function patchCall(args: PatchArgs): {
  patchType: PatchType;
  patch: unknown;
  options: PatchOptions & { subresource?: string };
} {
  // a patch body is never a bare content type, so a PatchType first means the first shape
  if (patchTypes.has(args[0])) {
    const [patchType, patch, options = {}] = args as [PatchType, unknown, PatchOptions?];
    return { patchType, patch, options };
  }
  const [patch, typed = {}] = args as [unknown, TypedPatchOptions?];
  const { type, ...options } = typed;
  return {
    patchType: type ?? (Array.isArray(patch) ? PatchType.JSONPatch : PatchType.MergePatch),
    patch,
    options,
  };
}

/**
 * A typed client of one resource, in one namespace or cluster-wide: list, listAll, get, create,
 * update, patch (every {@link PatchType}), server-side apply, delete, deleteCollection, watch,
 * and the status and scale subresources. It satisfies @kubekit/rest's `DynamicResourceClient`
 * interface, so code written against that accepts typed clients too. Objects are plain JSON
 * typed as `T`; `create`, `update` and `apply` fill in `apiVersion` and `kind` when missing.
 *
 * Errors: `StatusError` for API errors (`isNotFound(err)`, `isConflict(err)`, ...),
 * `RequestError` for transport failures and timeouts, {@link ClientError} when the call cannot
 * be addressed (no namespace, no name, apply without a field manager), the signal's reason when
 * aborted. Every method reports errors by rejecting, never by throwing.
 *
 * @example
 * ```ts
 * const pods = new ResourceClient<V1Pod>({ client, resource: podsResource, namespace: 'default' });
 * const pod = await pods.get('web');
 * await pods.patch('web', PatchType.MergePatch, { metadata: { labels: { tier: 'front' } } });
 * ```
 */
export class ResourceClient<
  T extends KubeObject,
  TList extends KubeList<T> = KubeList<T>,
> implements DynamicResourceClient<T> {
  /** The client requests go through. */
  readonly client: RESTClient;
  /** The resource this client addresses. */
  readonly resource: ResourceInfo;
  /** The namespace of calls (`''`: all namespaces, or a cluster-scoped resource). */
  readonly namespace: string;
  readonly #dynamic: DynamicResourceClient<T>;

  /** @throws {@link ClientError} `InvalidOptions` when the client or resource is missing. */
  constructor(options: ResourceClientOptions) {
    if (!options?.client || !options.resource?.plural)
      throw new ClientError('InvalidOptions', 'a ResourceClient needs a client and a resource');
    this.client = options.client;
    this.resource = options.resource;
    this.namespace = options.resource.namespaced ? (options.namespace ?? '') : '';
    const all = new DynamicClient(options.client).resource<T>(gvrOf(options.resource));
    this.#dynamic = this.namespace ? all.namespace(this.namespace) : all;
  }

  /** Lists the objects (one page when `limit` is set). */
  async list(options: ListOptions = {}): Promise<TList> {
    return (await this.#dynamic.list(options)) as TList;
  }

  /**
   * Lists every object, `pageSize` (default 500) at a time, as one consistent snapshot. The
   * result carries the resourceVersion to start a watch from.
   */
  async listAll(
    options: Omit<ListOptions, 'limit' | 'continue'> & { pageSize?: number } = {},
  ): Promise<TList> {
    return (await this.#dynamic.listAll(options)) as TList;
  }

  /** Gets the object named `name`. */
  async get(name: string, options: GetOptions = {}): Promise<T> {
    this.requireNamespace();
    return this.#dynamic.get(name, options);
  }

  /** Creates `obj` and returns it as stored. */
  async create(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.#dynamic.create(this.addressed(obj, false), options);
  }

  /**
   * Replaces the object named `obj.metadata.name` (its `metadata.resourceVersion`, when set,
   * makes it fail with 409 Conflict if the object changed). Status changes are ignored when the
   * status subresource is served: use {@link ResourceClient.updateStatus}.
   */
  async update(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.#dynamic.update(this.addressed(obj, true), options);
  }

  /** Replaces the status of `obj` (only `status` changes are stored). */
  async updateStatus(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.#dynamic.updateStatus(this.addressed(obj, true), options);
  }

  /**
   * Patches the object named `name` (or its `options.subresource`) with a merge patch, JSON
   * Patch operations ({@link JsonPatchOperation}), a strategic merge patch (built-in kinds only)
   * or an apply patch (prefer {@link ResourceClient.apply}). Two call shapes: the patch type
   * second (`patch(name, PatchType.JSONPatch, ops)`, as @kubekit/rest's dynamic client), or in
   * the options (`patch(name, body, { type })`, as @kubekit/controller's PatchClient), where it
   * defaults to a merge patch for objects and JSON Patch for arrays. The body is typed from `T`
   * by the patch type ({@link PatchBody}): a misspelt field fails to compile, `null` deletes a
   * field of a merge patch.
   */
  async patch<P extends PatchType>(
    name: string,
    patchType: P,
    patch: PatchBody<T, P>,
    options?: PatchOptions & { subresource?: string },
  ): Promise<T>;
  async patch(
    name: string,
    patch: readonly JsonPatchOperation[],
    options?: TypedPatchOptions<typeof PatchType.JSONPatch>,
  ): Promise<T>;
  async patch<P extends PatchType = typeof PatchType.MergePatch>(
    name: string,
    patch: PatchBody<T, P>,
    options?: TypedPatchOptions<P>,
  ): Promise<T>;
  async patch(name: string, ...args: PatchArgs): Promise<T> {
    const { patchType, patch, options } = patchCall(args);
    return this.#patch(name, patchType, patch, options);
  }

  /** Patches the status of the object named `name`; see {@link ResourceClient.patch}. */
  async patchStatus<P extends PatchType>(
    name: string,
    patchType: P,
    patch: PatchBody<T, P>,
    options?: PatchOptions,
  ): Promise<T>;
  async patchStatus(
    name: string,
    patch: readonly JsonPatchOperation[],
    options?: TypedPatchOptions<typeof PatchType.JSONPatch>,
  ): Promise<T>;
  async patchStatus<P extends PatchType = typeof PatchType.MergePatch>(
    name: string,
    patch: PatchBody<T, P>,
    options?: TypedPatchOptions<P>,
  ): Promise<T>;
  async patchStatus(name: string, ...args: PatchArgs): Promise<T> {
    const { patchType, patch, options } = patchCall(args);
    return this.#patch(name, patchType, patch, { ...options, subresource: 'status' });
  }

  /** Sends the patch once addressed and checked. */
  async #patch(
    name: string,
    patchType: PatchType,
    patch: unknown,
    options: PatchOptions & { subresource?: string },
  ): Promise<T> {
    this.requireNamespace();
    if (patchType === PatchType.ApplyPatch && !options.fieldManager)
      throw new ClientError('InvalidOptions', 'an apply patch needs a fieldManager');
    return this.#dynamic.patch(name, patchType, patch, options);
  }

  /**
   * Server-side apply: sends the fields `configuration` sets as owned by
   * `options.fieldManager`, creating the object when absent.
   *
   * Errors: a `StatusError` with code 409 when another manager owns a field (unless `force`).
   */
  async apply(
    configuration: T | ApplyConfiguration<T>,
    options: ApplyOptions & { subresource?: string },
  ): Promise<T> {
    if (!options?.fieldManager)
      throw new ClientError('InvalidOptions', 'apply needs options.fieldManager');
    return this.#dynamic.apply(this.addressed(configuration as T, true), options);
  }

  /** Server-side apply of the status subresource; see {@link ResourceClient.apply}. */
  async applyStatus(configuration: T | ApplyConfiguration<T>, options: ApplyOptions): Promise<T> {
    return this.apply(configuration, { ...options, subresource: 'status' });
  }

  /**
   * Deletes the object named `name`. Resolves with the object when deletion is pending
   * (finalizers, graceful deletion) or with a success Status once it is gone.
   */
  async delete(name: string, options: DeleteOptions = {}): Promise<T | Status> {
    this.requireNamespace();
    return this.#dynamic.delete(name, options);
  }

  /** Deletes every object matching the selectors (in the client's namespace). */
  async deleteCollection(options: DeleteOptions & ListOptions = {}): Promise<TList | Status> {
    return (await this.#dynamic.deleteCollection(options)) as TList | Status;
  }

  /**
   * Watches the objects. Iterate the stream with `for await`; breaking out of the loop or
   * aborting `signal` closes it. An `ERROR` event is thrown as a `StatusError` (410 Expired:
   * list again and watch from the new resourceVersion).
   */
  async watch(options: ListOptions & WatchOptions = {}): Promise<WatchStream<T>> {
    return this.#dynamic.watch(options);
  }

  /** Reads the scale subresource of the object named `name`. */
  async getScale(name: string, options: GetOptions = {}): Promise<Scale> {
    return this.request('GET', this.requireNamespace(), options)
      .name(name)
      .subresource('scale')
      .do<Scale>();
  }

  /** Sets the desired replicas through the scale subresource of the object named `name`. */
  async updateScale(name: string, scale: Scale, options: WriteOptions = {}): Promise<Scale> {
    const namespace = this.requireNamespace();
    const body: Scale = {
      ...scale,
      apiVersion: scale.apiVersion ?? 'autoscaling/v1',
      kind: scale.kind ?? 'Scale',
      metadata: { ...scale.metadata, name, namespace: namespace || undefined },
    };
    const request = this.request('PUT', namespace, options).name(name).subresource('scale');
    return applyWriteOptions(request.body(body), options).do<Scale>();
  }

  /** A request for this resource in `namespace`, with the call's signal and timeout. */
  protected request(method: string, namespace: string, options: CallOptions): Request {
    const request = this.client
      .verb(method)
      .groupVersion({ group: this.resource.group, version: this.resource.version })
      .namespace(namespace)
      .resource(this.resource.plural);
    return applyCallOptions(request, options);
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

  /**
   * `obj` checked to be addressable (a namespace for namespaced kinds, a name when `named`),
   * with `apiVersion` and `kind` set (a shallow copy when they were missing).
   */
  private addressed(obj: T, named: boolean): T {
    if (this.resource.namespaced && !this.namespace && !obj.metadata?.namespace)
      throw new ClientError(
        'MissingNamespace',
        `${this.resource.kind} ${JSON.stringify(obj.metadata?.name ?? '')} has no namespace, and the client none`,
      );
    if (named && !obj.metadata?.name)
      throw new ClientError('MissingName', `the ${this.resource.kind} has no metadata.name`);
    if (obj.apiVersion && obj.kind) return obj;
    return { ...obj, apiVersion: apiVersionOf(this.resource), kind: this.resource.kind };
  }
}
