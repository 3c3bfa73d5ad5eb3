import type { WatchEvent } from '@kubekit/apimachinery';
import type { RESTClient } from '@kubekit/rest';
import type { Lease } from './lease';
import type { LeaseClient } from './lease-lock';
import type { LockCallOptions } from './resource-lock';

const coordinationV1 = { group: 'coordination.k8s.io', version: 'v1' };

/** Options of {@link leaseClientFromRest}. */
export interface LeaseClientFromRestOptions {
  /** The namespace of the Leases. */
  namespace: string;
}

/**
 * A {@link LeaseClient} on a `RESTClient` from `@kubekit/rest`: GET / POST / PUT on
 * `/apis/coordination.k8s.io/v1/namespaces/{namespace}/leases`, plus `watch` of one Lease (used by
 * the elector to retry as soon as the lease changes hands instead of at its next retry period).
 * Errors are the client's `StatusError`s and `RequestError`s.
 */
export function leaseClientFromRest(
  client: Pick<RESTClient, 'get' | 'post' | 'put'>,
  options: LeaseClientFromRestOptions,
): LeaseClient {
  const leases = (request: ReturnType<RESTClient['get']>, signal: AbortSignal | undefined) =>
    request
      .groupVersion(coordinationV1)
      .namespace(options.namespace)
      .resource('leases')
      .signal(signal);
  return {
    get: (name, opts) => leases(client.get(), opts?.signal).name(name).do<Lease>(),
    create: (lease, opts) => leases(client.post(), opts?.signal).body(lease).do<Lease>(),
    update: (lease, opts) =>
      leases(client.put(), opts?.signal)
        .name(lease.metadata.name ?? '')
        .body(lease)
        .do<Lease>(),
    async *watch(name: string, opts?: LockCallOptions): AsyncIterable<WatchEvent<Lease>> {
      const stream = await leases(client.get(), opts?.signal)
        .fieldSelector(`metadata.name=${name}`)
        .watch<Lease & { metadata: object }>();
      try {
        for await (const event of stream) yield event;
      } finally {
        stream.close();
      }
    },
  };
}
