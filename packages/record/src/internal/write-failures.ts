import {
  isInternalError,
  isServerTimeout,
  isServiceUnavailable,
  isTimeout,
  isTooManyRequests,
  KubekitError,
  StatusError,
} from '@kubekit/apimachinery';
import type { CoreEvent } from '../event';

/**
 * Matches `@kubekit/rest`'s RequestError by its brand (so recording to a fake or another
 * client never loads `@kubekit/rest`); see `KubekitError.isInstance`.
 */
const restRequestError = { brand: '@kubekit/rest/RequestError', prototype: Error.prototype };

/**
 * True for a RequestError whose request could not be built (reason `InvalidRequest`, such as a
 * namespace containing `/`): client-go's `RequestConstructionError`. Nothing was sent, and the
 * request would be built the same way next time.
 */
function isRequestConstructionError(err: unknown): boolean {
  return (
    KubekitError.isInstance.call(restRequestError, err) &&
    (err as { reason?: unknown }).reason === 'InvalidRequest'
  );
}

/** Server answers worth retrying: overload and transient failures. */
function retriable(err: StatusError): boolean {
  return (
    isTooManyRequests(err) ||
    isServerTimeout(err) ||
    isTimeout(err) ||
    isInternalError(err) ||
    isServiceUnavailable(err)
  );
}

/** `namespace/name` of an event, for messages. */
export function describeEvent(event: CoreEvent): string {
  const { namespace, name } = event.metadata;
  return `${namespace ? `${namespace}/` : ''}${name ?? ''}`;
}

/**
 * client-go's recordEvent triage: the message of a write failure that will fail the same way
 * however often it is retried (the request cannot be built, or the server rejected the event:
 * invalid, AlreadyExists, Forbidden, namespace terminating, ...), or undefined when the write may
 * be retried (transport failures, overload and 5xx answers, anything else).
 */
export function permanentWriteFailure(err: unknown, event: CoreEvent): string | undefined {
  if (isRequestConstructionError(err))
    return `Unable to construct event ${describeEvent(event)}: ${(err as Error).message} (will not retry!)`;
  if (StatusError.isInstance(err) && !retriable(err))
    return `Server rejected event ${describeEvent(event)}: ${err.message} (will not retry!)`;
  return undefined;
}
