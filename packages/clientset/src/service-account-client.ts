/**
 * ServiceAccountClient: the service account expansion (client-go's CreateToken): token requests.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/kubernetes/typed/core/v1/serviceaccount.go
 * @packageDocumentation
 */
import type { KubeList, KubeObject } from '@kubekit/apimachinery';
import { applyWriteOptions, type WriteOptions } from '@kubekit/rest';
import type { TokenRequest } from './generated/authentication.k8s.io/v1/types.js';
import { ResourceClient } from './resource-client.js';

/**
 * The service accounts client: a {@link ResourceClient} plus the `token` subresource.
 *
 * @example
 * ```ts
 * const { status } = await cs.coreV1.serviceAccounts('default').createToken('builder', {
 *   spec: { audiences: ['https://kubernetes.default.svc'], expirationSeconds: 600 },
 * });
 * ```
 */
export class ServiceAccountClient<
  T extends KubeObject,
  TList extends KubeList<T> = KubeList<T>,
> extends ResourceClient<T, TList> {
  /**
   * Requests a bound token of the service account named `name` (authentication.k8s.io/v1
   * TokenRequest); the answer's `status.token` holds it, `status.expirationTimestamp` its end.
   */
  async createToken(
    name: string,
    request: Omit<TokenRequest, 'apiVersion' | 'kind'>,
    options: WriteOptions = {},
  ): Promise<TokenRequest> {
    const namespace = this.requireNamespace();
    const body: TokenRequest = {
      ...request,
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'TokenRequest',
      metadata: { ...request.metadata, name, namespace },
    };
    const req = this.request('POST', namespace, options).name(name).subresource('token');
    return applyWriteOptions(req.body(body), options).do<TokenRequest>();
  }
}
