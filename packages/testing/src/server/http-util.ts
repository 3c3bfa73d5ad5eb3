import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError, newInternalError, type Status } from '@kubekit/apimachinery';
import { MaxRequestBodyBytes } from '../limits';
import { MalformedRequestTarget } from './request-info';

/** Reads the whole request body; 413 beyond {@link MaxRequestBodyBytes}. */
export async function readBodyBuffer(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MaxRequestBodyBytes) {
      throw new StatusError({
        code: 413,
        reason: 'RequestEntityTooLarge',
        message: `Request entity too large: limit is ${MaxRequestBodyBytes}`,
      });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** Reads the whole request body as UTF-8 text; 413 when it exceeds the limit. */
export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readBodyBuffer(req)).toString('utf8');
}

/** Writes a JSON body (an object, or a string that already is JSON). */
export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(text);
}

/** The Status body of any error: StatusErrors verbatim, anything else as a 500 InternalError. */
export function statusOf(err: unknown): Status {
  if (StatusError.isInstance(err)) return (err as StatusError).status;
  return newInternalError(err instanceof Error ? err.message : String(err)).status;
}

/**
 * Go's http.NotFound: kube-apiserver answers `404 page not found` in plain text (not a Status)
 * for a path no API group serves, such as an unknown group or a custom resource's unknown version.
 */
export class PageNotFound extends Error {
  override readonly name = 'PageNotFound';
  constructor() {
    super('404 page not found');
  }
}

/**
 * Answers with the Status of `err` (Retry-After set when the Status asks for a delay); Go's
 * plain-text answers for a path no group serves and for a target it cannot parse.
 */
export function sendError(res: ServerResponse, err: unknown): void {
  if (err instanceof MalformedRequestTarget && !res.headersSent) {
    res
      .writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8', Connection: 'close' })
      .end('400 Bad Request');
    return;
  }
  if (err instanceof PageNotFound && !res.headersSent) {
    res
      .writeHead(404, {
        'Content-Type': 'text/plain; charset=utf-8',
        'X-Content-Type-Options': 'nosniff',
      })
      .end('404 page not found\n');
    return;
  }
  const status = statusOf(err);
  // Go's omitempty: kube never sends empty detail strings
  if (status.details) {
    const d = status.details as Record<string, unknown>;
    for (const k of ['name', 'group', 'kind', 'uid'])
      if (d[k] === '' || d[k] === undefined) delete d[k];
  }
  const headers: Record<string, string> = {};
  if (status.details?.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(status.details.retryAfterSeconds);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, status.code ?? 500, status, headers);
}
