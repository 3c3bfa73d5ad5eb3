import {
  isGone,
  isResourceExpired,
  isTimeout,
  isTooManyRequests,
  StatusError,
} from '@kubekit/apimachinery';
import { RequestError, WatchError } from '@kubekit/rest';

/** 410: the resourceVersion is too old (compacted); the Reflector relists. */
export function isExpiredError(err: unknown): boolean {
  return isResourceExpired(err) || isGone(err);
}

/** The server has not seen the requested resourceVersion yet (it is ahead of the server). */
export function isTooLargeResourceVersionError(err: unknown): boolean {
  if (!StatusError.isInstance(err)) return false;
  const causes = err.status.details?.causes ?? [];
  if (causes.some((c) => c.reason === 'ResourceVersionTooLarge')) return true;
  if (!isTimeout(err)) return false;
  const marker = 'Too large resource version';
  return causes.some((c) => c.message === marker) || (err.status.message ?? '').includes(marker);
}

/**
 * The watch connection broke mid-stream (the server went away, a proxy cut it): client-go's
 * StreamWatcher takes such probable EOFs for a normal end of the watch, which is re-opened
 * from the last resourceVersion rather than relisted.
 */
export function isWatchConnectionLost(err: unknown): boolean {
  return WatchError.isInstance(err) && err.reason === 'ConnectionLost';
}

/** A RequestError `ConnectionRefused`, or connection refused anywhere in the cause chain. */
export function isConnectionRefused(err: unknown): boolean {
  if (RequestError.isInstance(err) && err.reason === 'ConnectionRefused') return true;
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++) {
    if ((e as { code?: unknown }).code === 'ECONNREFUSED') return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** Errors after which a watch is retried after a backoff, without relisting. */
export function isWatchErrorRetriable(err: unknown): boolean {
  return isConnectionRefused(err) || isTooManyRequests(err);
}

/**
 * Errors meaning the server does not understand a streaming-list request at all (rather than a
 * transient failure): the Reflector stops trying it.
 */
export function isWatchListRejected(err: unknown): boolean {
  return StatusError.isInstance(err) && [400, 405, 406, 415, 422, 501].includes(err.code);
}
