import { StatusError } from './status-error';
import { StatusReason } from './meta';

const knownReasons = new Set<string>(Object.values(StatusReason).filter((r) => r !== ''));

/** The reason of an API error, or `''` when `err` is not a {@link StatusError}. */
export function reasonForError(err: unknown): string {
  return StatusError.isInstance(err) ? err.reason : '';
}

/** True for an API error with `reason`, or, when the server gave no known reason, with `code`. */
function hasReasonOrCode(err: unknown, reason: string, code?: number): boolean {
  if (!StatusError.isInstance(err)) return false;
  if (err.reason === reason) return true;
  return code !== undefined && !knownReasons.has(err.reason) && err.code === code;
}

/** The object does not exist (404 NotFound). */
export const isNotFound = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.NotFound, 404);
/** An object with that name already exists (409 AlreadyExists). */
export const isAlreadyExists = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.AlreadyExists);
/** The write lost an optimistic-concurrency race: re-read and retry (409 Conflict). */
export const isConflict = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.Conflict, 409);
/** The object failed validation (422 Invalid); `details.causes` name the fields. */
export const isInvalid = (err: unknown): boolean => hasReasonOrCode(err, StatusReason.Invalid, 422);
/** The requested resourceVersion is no longer available (410 Gone): relist. */
export const isGone = (err: unknown): boolean => hasReasonOrCode(err, StatusReason.Gone, 410);
/** The resourceVersion or continue token expired (410 Expired): relist. */
export const isResourceExpired = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.Expired);
/** The server throttled the request (429 TooManyRequests). */
export const isTooManyRequests = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.TooManyRequests, 429);
/** The caller may not do this (403 Forbidden). */
export const isForbidden = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.Forbidden, 403);
/** The caller is not authenticated (401 Unauthorized). */
export const isUnauthorized = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.Unauthorized, 401);
/** The request timed out before the server could act (504 Timeout). */
export const isTimeout = (err: unknown): boolean => hasReasonOrCode(err, StatusReason.Timeout, 504);
/** The server could not finish in time and suggests a retry (500 ServerTimeout). */
export const isServerTimeout = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.ServerTimeout);
/** The server failed internally (500 InternalError). */
export const isInternalError = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.InternalError, 500);
/** The request was malformed (400 BadRequest). */
export const isBadRequest = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.BadRequest, 400);
/** The server is unavailable (503 ServiceUnavailable). */
export const isServiceUnavailable = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.ServiceUnavailable, 503);
/** The verb is not supported on this resource (405 MethodNotAllowed). */
export const isMethodNotSupported = (err: unknown): boolean =>
  hasReasonOrCode(err, StatusReason.MethodNotAllowed, 405);

/**
 * Seconds the server asked the client to wait before retrying, or `undefined` when it did not:
 * a ServerTimeout always suggests a delay; any error with `details.retryAfterSeconds > 0` does.
 */
export function suggestsClientDelay(err: unknown): number | undefined {
  if (!StatusError.isInstance(err) || !err.status.details) return undefined;
  const seconds = err.status.details.retryAfterSeconds ?? 0;
  if (err.reason === StatusReason.ServerTimeout) return seconds;
  return seconds > 0 ? seconds : undefined;
}
