import type { ServerResponse } from 'node:http';
import { newBadRequest, parseGoDuration } from '@kubekit/apimachinery';
import { parseResourcePath, type RequestTarget } from './request-info';

/**
 * kube-apiserver's request deadline (the WithRequestDeadline and
 * WithTimeoutForNonLongRunningRequests filters): a request that is not long-running gets the
 * `timeout` query parameter's duration, or the server's maximum when the parameter is absent,
 * zero or negative, or longer than that maximum; one that is still unanswered then gets a 504.
 * Both filters run before authentication.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/endpoints/filters/request_deadline.go
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/server/filters/timeout.go
 */

const maxTimerMs = 2 ** 31 - 1;

/** Subresources kube's BasicLongRunningRequestCheck exempts (as it does the watch and proxy verbs). */
const longRunningSubresources = new Set(['attach', 'exec', 'proxy', 'log', 'portforward']);

/** A watch (the `/watch/` prefix, or a collection GET with `watch` true) or a streaming subresource. */
function isLongRunning(method: string, target: RequestTarget): boolean {
  const resource = parseResourcePath(target.parts);
  if (!resource) return false;
  if (resource.watchPrefix) return true;
  if (resource.subresource !== undefined) return longRunningSubresources.has(resource.subresource);
  if (method !== 'GET' || resource.name !== undefined) return false;
  // kube's request info treats any value but false / 0 as a watch
  const watch = target.query.get('watch');
  return watch !== null && !['false', '0'].includes(watch.toLowerCase());
}

/**
 * The deadline of a request in ms, or undefined for a long-running one.
 *
 * Errors: 400 BadRequest when `timeout` is not a Go duration.
 */
export function requestDeadlineMs(
  method: string,
  target: RequestTarget,
  maxMs: number,
): number | undefined {
  if (isLongRunning(method, target)) return undefined;
  const value = target.query.get('timeout');
  if (!value) return maxMs;
  let ms: number;
  try {
    ms = parseGoDuration(value);
  } catch (err) {
    throw newBadRequest(`invalid timeout specified in the request URL - ${(err as Error).message}`);
  }
  return ms > 0 && ms < maxMs ? ms : maxMs;
}

/**
 * The 504 kube's timeout filter writes: the Status encoded on its own (no kind or apiVersion),
 * with no Content-Type of its own, so Go's sniffing labels it text/plain.
 */
const timeoutBody = `${JSON.stringify({
  metadata: {},
  status: 'Failure',
  message: 'Timeout: request did not complete within the allotted timeout',
  reason: 'Timeout',
  details: {},
  code: 504,
})}\n`;

/** Writes kube's 504 Timeout; the handler's later writes are dropped (Go's timeout writer refuses them). */
function answerTimeout(res: ServerResponse): void {
  res.writeHead(504, { 'Content-Type': 'text/plain; charset=utf-8' }).end(timeoutBody);
  res.writeHead = () => res;
  res.setHeader = () => res;
  res.write = () => true;
  res.end = () => res;
  res.destroy = () => res;
}

/**
 * Answers `res` with kube's 504 Timeout once `ms` pass without an answer started; a response
 * already under way is cut instead, as Go aborts the handler. Cleared when the response
 * finishes or the connection closes. A deadline under a millisecond (`timeout=1ns`) has passed
 * before any handler could run, as kube-apiserver finds it: the 504 is sent at once and true
 * returned, and the request must not be served.
 */
export function enforceDeadline(res: ServerResponse, ms: number): boolean {
  if (ms < 1) {
    answerTimeout(res);
    return true;
  }
  if (ms > maxTimerMs) return false; // longer than a Node timer holds: never due in a test's lifetime
  const timer = setTimeout(() => {
    if (res.writableEnded) return;
    if (res.headersSent) res.destroy();
    else answerTimeout(res);
  }, ms);
  timer.unref();
  res.once('close', () => clearTimeout(timer));
  return false;
}
