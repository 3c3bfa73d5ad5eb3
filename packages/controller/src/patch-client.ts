import type { GroupVersionResource, KubeObject } from '@kubekit/apimachinery';
import { PatchType, type RESTClient } from '@kubekit/rest';

/** Options of {@link PatchClient.patch}. @see https://github.com/kubernetes/apimachinery/blob/master/pkg/types/patch.go */
export interface PatchCallOptions {
  /** The patch format (these helpers send `PatchType.MergePatch`). */
  type?: PatchType | undefined;
  /** Cancels the request. */
  signal?: AbortSignal | undefined;
}

/**
 * The one call the owner-reference and finalizer helpers make: patch an object by name, in the
 * namespace the client is bound to. A typed `ResourceClient` of @kubekit/clientset fits as is;
 * {@link patchClientFromRest} builds one on a RESTClient.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/gentype/type.go (Patch)
 */
export interface PatchClient<T extends KubeObject = KubeObject> {
  /** Patches the object `name`, resolving with the object as stored. Errors are StatusErrors. */
  patch(name: string, patch: unknown, options?: PatchCallOptions): Promise<T>;
}

/** Options of {@link patchClientFromRest}. @see https://github.com/kubernetes/client-go/blob/master/rest/request.go */
export interface PatchClientFromRestOptions {
  /** The resource, e.g. `{ group: '', version: 'v1', resource: 'pods' }`. */
  resource: GroupVersionResource;
  /** The namespace of the objects; omit (or `''`) for cluster-scoped resources. */
  namespace?: string | undefined;
}

/**
 * A {@link PatchClient} for one resource in one namespace over a RESTClient (PATCH
 * `/apis/{group}/{version}/namespaces/{namespace}/{resource}/{name}`).
 *
 * @example
 * ```ts
 * const secrets = patchClientFromRest(client, {
 *   resource: { group: '', version: 'v1', resource: 'secrets' },
 *   namespace: 'default',
 * });
 * await addFinalizer(secrets, secret, 'example.com/cleanup');
 * ```
 * @see https://github.com/kubernetes/client-go/blob/master/rest/request.go
 */
export function patchClientFromRest<T extends KubeObject = KubeObject>(
  client: Pick<RESTClient, 'patch'>,
  options: PatchClientFromRestOptions,
): PatchClient<T> {
  const { group, version, resource } = options.resource;
  return {
    patch: (name, patch, callOptions = {}) =>
      client
        .patch(callOptions.type ?? PatchType.MergePatch)
        .groupVersion({ group, version })
        .namespace(options.namespace ?? '')
        .resource(resource)
        .name(name)
        .body(patch)
        .signal(callOptions.signal)
        .do<T>(),
  };
}
