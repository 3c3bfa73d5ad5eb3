import { ReasonedError } from '@kubekit/apimachinery';

/**
 * Why a typed client refused a call before sending it:
 * - `MissingNamespace`: a namespaced resource was addressed without a namespace (neither the
 *   client's nor the object's `metadata.namespace`).
 * - `MissingName`: the object has no `metadata.name` (update, apply) or the name is empty.
 * - `InvalidOptions`: the client or call options are inconsistent (e.g. apply without a
 *   field manager).
 */
export type ClientErrorReason = 'MissingNamespace' | 'MissingName' | 'InvalidOptions';

/**
 * A typed client call that could not be sent. API errors are `StatusError`s from the server;
 * transport failures are @kubekit/rest's `RequestError`s.
 */
export class ClientError extends ReasonedError<ClientErrorReason> {
  static override readonly brand: string = '@kubekit/clientset/ClientError';
}
