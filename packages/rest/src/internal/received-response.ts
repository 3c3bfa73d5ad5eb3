import type { HttpTransport, HttpTransportRequest, HttpTransportResponse } from '../http-transport';
import { readBody, readText, type Deadline, type RequestLabel } from './deadline';
import type { Transport } from './transport';

/**
 * A response as the RESTClient's send loop hands it over: read whole already (a
 * `WholeResponse` of the client's own transport) or with its body still unread
 * ({@link StreamedResponse}). Reading the body of either fails with the deadline's error or
 * RequestError `ConnectionFailed`.
 */
export interface ReceivedResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string | string[] | undefined>;
  /** The whole body as UTF-8 text. */
  text(): string | Promise<string>;
  /** The whole body's bytes. */
  bytes(): Buffer | Promise<Buffer>;
}

/** A transport's response whose body is read when asked for, or streamed by the caller. */
export class StreamedResponse implements ReceivedResponse {
  readonly response: HttpTransportResponse;
  readonly #deadline: Deadline;
  readonly #request: RequestLabel;

  constructor(response: HttpTransportResponse, deadline: Deadline, request: RequestLabel) {
    this.response = response;
    this.#deadline = deadline;
    this.#request = request;
  }

  get statusCode(): number {
    return this.response.statusCode;
  }

  get headers(): Record<string, string | string[] | undefined> {
    return this.response.headers;
  }

  text(): Promise<string> {
    return readText(this.response.body, this.#deadline, this.#request);
  }

  bytes(): Promise<Buffer> {
    return readBody(this.response.body, this.#deadline, this.#request);
  }
}

/** One attempt of a request, as a transport is handed it (without the deadline's signal). */
export type Attempt = Omit<HttpTransportRequest, 'signal'>;

/** Sends one attempt of a request, ended by its deadline. */
export type Sender<R extends ReceivedResponse> = (
  attempt: Attempt,
  deadline: Deadline,
  request: RequestLabel,
) => Promise<R>;

/** How a RESTClient sends attempts whose body it reads whole, and those whose body streams. */
export interface Senders {
  whole: Sender<ReceivedResponse>;
  streamed: Sender<StreamedResponse>;
}

/**
 * The senders of a client. With its own undici transport (`own`), bodies read whole are read
 * without a response stream (`Transport.sendWhole`: JSON and raw requests, most of a
 * controller's) and the deadline ends an attempt without an AbortSignal; a custom `transport` is
 * handed the deadline's signal and its body is read as a stream.
 */
export function sendersFor(own: Transport | undefined, transport: HttpTransport): Senders {
  const streamed: Sender<StreamedResponse> = async (attempt, deadline, request) =>
    new StreamedResponse(
      await (own
        ? own.send(attempt, deadline)
        : transport.request({ ...attempt, signal: deadline.signal })),
      deadline,
      request,
    );
  return {
    whole: own ? (attempt, deadline) => own.sendWhole(attempt, deadline) : streamed,
    streamed,
  };
}
