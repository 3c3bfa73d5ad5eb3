import type { Readable } from 'node:stream';

/** One request as the {@link RESTClient} hands it to its transport. */
export interface HttpTransportRequest {
  method: string;
  /** Path and query string (the config's base path included). */
  path: string;
  headers: Record<string, string | string[]>;
  body?: string | Uint8Array | undefined;
  /** Aborts the request (its deadline or the caller's signal). */
  signal?: AbortSignal | undefined;
}

/** A response of an {@link HttpTransport}: status and headers, the body not read yet. */
export interface HttpTransportResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  /**
   * The body; destroying it closes the connection (a watch's end). `text()`, when present, reads
   * it as UTF-8 text (JSON responses are read with it; undici's bodies have it).
   */
  body: Readable & { arrayBuffer(): Promise<ArrayBuffer>; text?(): Promise<string> };
}

/**
 * How a {@link RESTClient} reaches its server. The default is one keep-alive undici pool per
 * client; pass another in {@link RESTClientOptions.transport} to serve requests in-process
 * (the deterministic simulation of @kubekit/testing does).
 *
 * A request that gets no response rejects with an error whose `code` (or whose cause's) names
 * the failure as Node does (`ECONNREFUSED`, `ECONNRESET`, ...), so retries and error reasons
 * work as over a socket.
 */
export interface HttpTransport {
  request(request: HttpTransportRequest): Promise<HttpTransportResponse>;
  /** Lets in-flight requests finish, then refuses new ones. */
  close(): Promise<void>;
  /** Fails in-flight requests now. */
  destroy(): Promise<void>;
}
