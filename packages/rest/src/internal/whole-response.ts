import type { Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import { AbortableHandler, type AbortSource } from './abortable-dispatcher';

/**
 * A request's failure after its response headers arrived (while its body was read), as
 * {@link sendWhole} rejects with it: the caller reports it as a failed read, never retries it.
 */
export class ResponseBodyError extends Error {
  constructor(cause: unknown) {
    super('the response body failed', { cause });
    this.name = 'ResponseBodyError';
  }
}

/**
 * A response read whole into memory: status, headers and the body's chunks as undici received
 * them. The body is decoded when asked for, once; one that arrived in one chunk is decoded
 * without a copy.
 */
export class WholeResponse {
  statusCode = 0;
  headers: IncomingHttpHeaders = {};
  readonly #chunks: Buffer[] = [];
  #length = 0;

  /** A copy of the body's bytes (not a view of undici's receive buffers). */
  bytes(): Buffer {
    return Buffer.concat(this.#chunks, this.#length);
  }

  /** The body as UTF-8 text, without a leading byte-order mark (as undici's `text()`). */
  text(): string {
    const chunks = this.#chunks;
    const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, this.#length);
    const bom = body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf;
    return body.toString('utf8', bom ? 3 : 0);
  }

  /** Adds a received chunk. */
  add(chunk: Buffer): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }
}

/** Collects one response into a {@link WholeResponse}; settles the promise of {@link sendWhole}. */
class WholeResponseHandler implements Dispatcher.DispatchHandler {
  readonly #response = new WholeResponse();
  readonly #resolve: (response: WholeResponse) => void;
  readonly #reject: (error: unknown) => void;
  #headersReceived = false;

  constructor(resolve: (response: WholeResponse) => void, reject: (error: unknown) => void) {
    this.#resolve = resolve;
    this.#reject = reject;
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: IncomingHttpHeaders,
  ): void {
    if (statusCode < 200) return; // informational: the final response follows
    this.#response.statusCode = statusCode;
    this.#response.headers = headers;
    this.#headersReceived = true;
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#response.add(chunk);
  }

  onResponseEnd(): void {
    this.#resolve(this.#response);
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    this.#reject(this.#headersReceived ? new ResponseBodyError(error) : error);
  }
}

/**
 * Sends one request through `dispatcher` and reads its response whole, without undici's
 * `request()` API: no response stream, no async resource, no body-consuming promise chain per
 * request, which the JSON requests of a client do not need. `source` (the request's Deadline)
 * ends it as {@link AbortableHandler} does. Rejects with the transport's error when no response
 * came, with {@link ResponseBodyError} when the body failed after the headers.
 */
export function sendWhole(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  source: AbortSource,
): Promise<WholeResponse> {
  return new Promise((resolve, reject) => {
    dispatcher.dispatch(
      options,
      new AbortableHandler(new WholeResponseHandler(resolve, reject), source),
    );
  });
}
