import { StatusError, newBadRequest } from '@kubekit/apimachinery';
import { GoNumError, goQuote, parseGoUint64 } from '../go/go-strconv';

/**
 * metadata.resourceVersion of a written object as the etcd3 versioner reads it: empty is 0, and
 * anything but a decimal uint64 fails the write with a bare 500 carrying strconv's text
 * (`strconv.ParseUint: parsing "abc": invalid syntax`), as kube-apiserver answers.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/storage/api_object_versioner.go
 */
export function objectResourceVersion(rv: string | undefined): bigint {
  if (!rv) return 0n;
  try {
    return parseGoUint64(rv);
  } catch (err) {
    if (err instanceof GoNumError) throw new StatusError({ code: 500, message: err.message });
    throw err;
  }
}

/**
 * The 500 kube-apiserver answers when a create carries a resourceVersion: only one that parses
 * to a non-zero number counts (others are cleared silently).
 */
export function checkNoResourceVersionOnCreate(rv: string | undefined): void {
  let version: bigint;
  try {
    version = objectResourceVersion(rv);
  } catch {
    return;
  }
  if (version !== 0n)
    throw new StatusError({
      code: 500,
      message: 'resourceVersion should not be set on objects to be created',
    });
}

/** A resourceVersion query value as a revision, or the field error text kube words. */
function revisionOf(rv: string, fail: (detail: string) => StatusError): number {
  try {
    return Number(parseGoUint64(rv));
  } catch (err) {
    if (err instanceof GoNumError)
      throw fail(`resourceVersion: Invalid value: ${goQuote(rv)}: ${err.message}`);
    throw err;
  }
}

/** Parses a list's resourceVersion (a decimal revision); 400 when it is not one. */
export function parseRevision(rv: string): number {
  return revisionOf(rv, (detail) => newBadRequest(`invalid resource version: ${detail}`));
}

/** Parses a watch's resourceVersion; kube-apiserver answers a bare 500 when it is not one. */
export function parseWatchRevision(rv: string): number {
  return revisionOf(rv, (message) => new StatusError({ code: 500, message }));
}

/** 504 "Too large resource version", as the watch cache answers a revision from the future. */
export function tooLargeResourceVersion(requested: number, current: number): StatusError {
  return new StatusError({
    code: 504,
    reason: 'Timeout',
    message: `Timeout: Too large resource version: ${requested}, current: ${current}`,
    details: {
      causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
      retryAfterSeconds: 1,
    },
  });
}
