/**
 * Typed informers over a shared informer factory of @kubekit/cache.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/informers/factory.go
 * @packageDocumentation
 */
import type { KubeObject } from '@kubekit/apimachinery';
import type { DynamicSharedInformerFactory, GenericInformer } from '@kubekit/cache';
import { gvrOf, type ResourceInfo } from './resource-info.js';

/**
 * The shared informer of `resource` in `factory`, typed as `T`, with a lister over its cache
 * (created on first use, one per resource per factory). Generated `...Informers` classes call
 * this for each resource. The informer expects objects of `resource.kind`: a watch event of
 * another kind never enters its cache (client-go's reflector `expectedType`).
 */
export function informerFor<T extends KubeObject>(
  factory: DynamicSharedInformerFactory,
  resource: ResourceInfo,
): GenericInformer<T> {
  return factory.forResource<T>(gvrOf(resource), { kind: resource.kind });
}
