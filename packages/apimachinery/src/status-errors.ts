import { StatusError } from './status-error';
import { formatGroupResource, type GroupKind, type GroupResource } from './group-version';
import { StatusReason, type StatusCause } from './meta';

/**
 * Constructors for the errors kube-apiserver returns, with its exact messages, reasons, codes and
 * details: what a server (such as @kubekit/testing's) answers, and what tests expect.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/errors/errors.go
 */

/** `pods "web" not found` (404 NotFound). */
export function newNotFound(gr: GroupResource, name: string): StatusError {
  return new StatusError({
    code: 404,
    reason: StatusReason.NotFound,
    message: `${formatGroupResource(gr)} "${name}" not found`,
    details: { name, group: gr.group || undefined, kind: gr.resource },
  });
}

/** `pods "web" already exists` (409 AlreadyExists). */
export function newAlreadyExists(gr: GroupResource, name: string): StatusError {
  return new StatusError({
    code: 409,
    reason: StatusReason.AlreadyExists,
    message: `${formatGroupResource(gr)} "${name}" already exists`,
    details: { name, group: gr.group || undefined, kind: gr.resource },
  });
}

/** `Operation cannot be fulfilled on pods "web": <why>` (409 Conflict). */
export function newConflict(gr: GroupResource, name: string, why: string): StatusError {
  return new StatusError({
    code: 409,
    reason: StatusReason.Conflict,
    message: `Operation cannot be fulfilled on ${formatGroupResource(gr)} "${name}": ${why}`,
    details: { name, group: gr.group || undefined, kind: gr.resource },
  });
}

/** The `why` of a resourceVersion conflict, as kube-apiserver words it. */
export const OptimisticLockErrorMsg =
  'the object has been modified; please apply your changes to the latest version and try again';

/** One field that failed validation: `field` is a JSON path like `spec.containers[0].image`. */
export interface FieldError {
  /** A `FieldValue*` cause reason, e.g. `FieldValueRequired`, `FieldValueInvalid`. */
  type: string;
  field: string;
  /** The full text kube-apiserver shows, e.g. `Required value` or `Invalid value: -1: must be >= 0`. */
  detail: string;
}

/**
 * `Pod "web" is invalid: spec.containers: Required value` (422 Invalid) with one cause a field;
 * several distinct errors are listed as `[a, b]`.
 */
export function newInvalid(gk: GroupKind, name: string, errors: FieldError[]): StatusError {
  const causes: StatusCause[] = errors.map((e) => ({
    reason: e.type,
    message: e.detail,
    field: e.field,
  }));
  // the message aggregates distinct texts only (kube's ToAggregate); causes keep every error
  const texts = [...new Set(errors.map((e) => (e.field ? `${e.field}: ${e.detail}` : e.detail)))];
  const what = gk.group ? `${gk.kind}.${gk.group}` : gk.kind;
  const summary = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  return new StatusError({
    code: 422,
    reason: StatusReason.Invalid,
    message: `${what} "${name}" is invalid: ${summary}`,
    details: { name: name || undefined, group: gk.group || undefined, kind: gk.kind, causes },
  });
}

/** 400 BadRequest with the given message. */
export function newBadRequest(message: string): StatusError {
  return new StatusError({ code: 400, reason: StatusReason.BadRequest, message });
}

/** 410 Gone with the given message (a watch or list from a resourceVersion that is gone). */
export function newGone(message: string): StatusError {
  return new StatusError({ code: 410, reason: StatusReason.Gone, message });
}

/** 410 Expired: `too old resource version: 5 (120)`, as a watch from a compacted revision gets. */
export function newResourceExpired(message: string): StatusError {
  return new StatusError({ code: 410, reason: StatusReason.Expired, message });
}

/** `pods "web" is forbidden: <why>` (403 Forbidden). */
export function newForbidden(gr: GroupResource, name: string, why: string): StatusError {
  const target = name ? `${formatGroupResource(gr)} "${name}"` : formatGroupResource(gr);
  return new StatusError({
    code: 403,
    reason: StatusReason.Forbidden,
    message: `${target} is forbidden: ${why}`,
    details: { name: name || undefined, group: gr.group || undefined, kind: gr.resource },
  });
}

/** 401 Unauthorized. */
export function newUnauthorized(message = 'Unauthorized'): StatusError {
  return new StatusError({ code: 401, reason: StatusReason.Unauthorized, message });
}

/** 429 TooManyRequests asking the client to wait `retryAfterSeconds`. */
export function newTooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return new StatusError({
    code: 429,
    reason: StatusReason.TooManyRequests,
    message,
    details: { retryAfterSeconds },
  });
}

/** `Internal error occurred: <message>` (500 InternalError). */
export function newInternalError(message: string): StatusError {
  return new StatusError({
    code: 500,
    reason: StatusReason.InternalError,
    message: `Internal error occurred: ${message}`,
    details: { causes: [{ message }] },
  });
}

/** 503 ServiceUnavailable. */
export function newServiceUnavailable(message: string): StatusError {
  return new StatusError({ code: 503, reason: StatusReason.ServiceUnavailable, message });
}

/** `the server does not allow this method on the requested resource` (405 MethodNotAllowed). */
export function newMethodNotSupported(gr: GroupResource, action: string): StatusError {
  return new StatusError({
    code: 405,
    reason: StatusReason.MethodNotAllowed,
    message: `${action} is not supported on resources of kind "${formatGroupResource(gr)}"`,
    details: { group: gr.group || undefined, kind: gr.resource },
  });
}
