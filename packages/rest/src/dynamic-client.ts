import type { GroupVersionResource, KubeList, KubeObject, Status } from '@kubekit/apimachinery';
import {
  applyCallOptions,
  applyListOptions,
  applyWriteOptions,
  deleteOptionsBody,
  type ApplyOptions,
  type DeleteOptions,
  type GetOptions,
  type ListOptions,
  type PatchOptions,
  type WriteOptions,
} from './meta-options';
import { listAll } from './pager';
import { PatchType } from './patch-type';
import type { Request } from './request';
import { RequestError } from './request-error';
import type { RESTClient } from './rest-client';
import type { WatchOptions, WatchStream } from './watch';

/** Create, read, update, delete, list and watch one resource (in one namespace, or cluster-wide). */
export interface DynamicResourceClient<T extends KubeObject = KubeObject> {
  /** One list call (pass `limit` / `continue` to page by hand). */
  list(options?: ListOptions): Promise<KubeList<T>>;
  /** Every item, fetched in pages of `pageSize` (default 500); metadata of the last page. */
  listAll(
    options?: Omit<ListOptions, 'limit' | 'continue'> & { pageSize?: number },
  ): Promise<KubeList<T>>;
  /** Reads one object. Errors: StatusError (`isNotFound()`) when it does not exist. */
  get(name: string, options?: GetOptions): Promise<T>;
  /**
   * Creates `object` (in the chosen namespace, else in `object.metadata.namespace`); resolves
   * with the object as stored (uid, resourceVersion, defaults).
   */
  create(object: T, options?: WriteOptions): Promise<T>;
  /** Replaces the object named by `object.metadata.name` (optimistic concurrency on its resourceVersion). */
  update(object: T, options?: WriteOptions): Promise<T>;
  /** Replaces the status subresource. */
  updateStatus(object: T, options?: WriteOptions): Promise<T>;
  /** Patches `name` (or its `subresource`) with a patch of the given type. */
  patch(
    name: string,
    patchType: PatchType,
    patch: unknown,
    options?: PatchOptions & { subresource?: string },
  ): Promise<T>;
  /** Server-side apply of `object` (a partial object with apiVersion, kind and metadata.name). */
  apply(object: T, options: ApplyOptions & { subresource?: string }): Promise<T>;
  /** Deletes `name`; resolves with the deleted object (or a Status). */
  delete(name: string, options?: DeleteOptions): Promise<T | Status>;
  /** Deletes every object matching the list options. */
  deleteCollection(options?: DeleteOptions & ListOptions): Promise<KubeList<T> | Status>;
  /** Watches changes; see WatchStream. */
  watch(options?: ListOptions & WatchOptions): Promise<WatchStream<T>>;
}

/** A {@link DynamicResourceClient} across all namespaces (or of a cluster-scoped resource) that can be scoped. */
export interface NamespaceableDynamicResourceClient<
  T extends KubeObject = KubeObject,
> extends DynamicResourceClient<T> {
  /** The same resource in one namespace. */
  namespace(namespace: string): DynamicResourceClient<T>;
}

class DynamicResource<T extends KubeObject> implements NamespaceableDynamicResourceClient<T> {
  readonly #client: RESTClient;
  readonly #gvr: GroupVersionResource;
  readonly #namespace: string | undefined;

  constructor(client: RESTClient, gvr: GroupVersionResource, namespace: string | undefined) {
    this.#client = client;
    this.#gvr = gvr;
    this.#namespace = namespace;
  }

  namespace(namespace: string): DynamicResourceClient<T> {
    return new DynamicResource<T>(this.#client, this.#gvr, namespace);
  }

  #request(verb: Request, namespace = this.#namespace): Request {
    return verb
      .groupVersion({ group: this.#gvr.group, version: this.#gvr.version })
      .namespace(namespace)
      .resource(this.#gvr.resource);
  }

  /** The namespace for a write of `object`: the client's, else the object's own. */
  #namespaceOf(object: T): string | undefined {
    return this.#namespace ?? object.metadata?.namespace;
  }

  #nameOf(object: T, request: Request, verb: string): string {
    const name = object.metadata?.name;
    if (!name)
      throw new RequestError('InvalidRequest', `${verb} needs metadata.name`, {
        method: request.spec.method,
        url: this.#client.pathOf(request.spec),
      });
    return name;
  }

  list(options: ListOptions = {}): Promise<KubeList<T>> {
    return applyListOptions(this.#request(this.#client.get()), options).do<KubeList<T>>();
  }

  listAll(
    options: Omit<ListOptions, 'limit' | 'continue'> & { pageSize?: number } = {},
  ): Promise<KubeList<T>> {
    const request = applyListOptions(this.#request(this.#client.get()), options);
    return listAll<T>(request, options.pageSize !== undefined ? { limit: options.pageSize } : {});
  }

  get(name: string, options: GetOptions = {}): Promise<T> {
    return applyCallOptions(this.#request(this.#client.get()).name(name), options)
      .param('resourceVersion', options.resourceVersion)
      .do<T>();
  }

  create(object: T, options: WriteOptions = {}): Promise<T> {
    const request = this.#request(this.#client.post(), this.#namespaceOf(object)).body(object);
    return applyWriteOptions(request, options).do<T>();
  }

  async #put(object: T, options: WriteOptions, subresource: string[]): Promise<T> {
    const request = this.#request(this.#client.put(), this.#namespaceOf(object));
    request
      .name(this.#nameOf(object, request, 'update'))
      .subresource(...subresource)
      .body(object);
    return applyWriteOptions(request, options).do<T>();
  }

  update(object: T, options: WriteOptions = {}): Promise<T> {
    return this.#put(object, options, []);
  }

  updateStatus(object: T, options: WriteOptions = {}): Promise<T> {
    return this.#put(object, options, ['status']);
  }

  patch(
    name: string,
    patchType: PatchType,
    patch: unknown,
    options: PatchOptions & { subresource?: string } = {},
  ): Promise<T> {
    const request = this.#request(this.#client.patch(patchType)).name(name).body(patch);
    if (options.subresource) request.subresource(options.subresource);
    return applyWriteOptions(request, options).do<T>();
  }

  async apply(object: T, options: ApplyOptions & { subresource?: string }): Promise<T> {
    const request = this.#request(
      this.#client.patch(PatchType.ApplyPatch),
      this.#namespaceOf(object),
    );
    request.name(this.#nameOf(object, request, 'apply')).body(object);
    if (options.subresource) request.subresource(options.subresource);
    return applyWriteOptions(request, options).do<T>();
  }

  delete(name: string, options: DeleteOptions = {}): Promise<T | Status> {
    return applyCallOptions(this.#request(this.#client.delete()).name(name), options)
      .body(deleteOptionsBody(options))
      .do<T | Status>();
  }

  deleteCollection(options: DeleteOptions & ListOptions = {}): Promise<KubeList<T> | Status> {
    return applyListOptions(this.#request(this.#client.delete()), options)
      .body(deleteOptionsBody(options))
      .do<KubeList<T> | Status>();
  }

  watch(options: ListOptions & WatchOptions = {}): Promise<WatchStream<T>> {
    const request = applyListOptions(this.#request(this.#client.get()), options);
    return request.watch<T>(
      options.inactivityTimeoutMs !== undefined
        ? { inactivityTimeoutMs: options.inactivityTimeoutMs }
        : {},
    );
  }
}

/**
 * A client for any resource, addressed by GroupVersionResource, working on plain JSON objects
 * typed by a TypeScript type of your choice.
 *
 * @example
 * ```ts
 * const dynamic = new DynamicClient(client);
 * const jobs = dynamic.resource<TFJob>({ group: 'kubeflow.org', version: 'v1', resource: 'tfjobs' });
 * const job = await jobs.namespace('default').get('mnist');
 * ```
 * @see https://github.com/kubernetes/client-go/blob/master/dynamic/simple.go
 */
export class DynamicClient {
  readonly #client: RESTClient;

  constructor(client: RESTClient) {
    this.#client = client;
  }

  /** The client of one resource; call `.namespace(ns)` for namespaced operations. */
  resource<T extends KubeObject = KubeObject>(
    gvr: GroupVersionResource,
  ): NamespaceableDynamicResourceClient<T> {
    return new DynamicResource<T>(this.#client, gvr, undefined);
  }
}
