import { request } from 'node:https';
import { RealApiServerError } from './real-apiserver-error';

/** Where and as whom {@link apiRequest} talks. */
export interface ApiTarget {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  /** PEM of the CA that signed the server's certificate. */
  readonly caPem: string;
  /** Bearer token; none for endpoints anyone may read (a component's /healthz). */
  readonly token?: string;
}

/** One request of {@link apiRequest}. */
export interface ApiRequest {
  readonly method?: string;
  readonly path: string;
  /** Sent as JSON. */
  readonly body?: unknown;
  readonly signal?: AbortSignal;
}

/** Status code and raw body of a response. */
export interface ApiResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * One HTTPS request to the API server, verified against its CA, with a bearer token. A tiny
 * dependency-free client for starting the server (readiness, RBAC bootstrap) and smoke tests;
 * kubekit's own clients are what the suites exercise.
 */
export function apiRequest(target: ApiTarget, req: ApiRequest): Promise<ApiResponse> {
  const payload = req.body === undefined ? undefined : JSON.stringify(req.body);
  return new Promise((resolve, reject) => {
    const r = request(
      new URL(req.path, target.url),
      {
        method: req.method ?? 'GET',
        ca: target.caPem,
        signal: req.signal,
        headers: {
          ...(target.token ? { authorization: `Bearer ${target.token}` } : {}),
          accept: 'application/json',
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(payload);
  });
}

/**
 * POSTs `body` to `path` as `target`, expecting 201 Created.
 *
 * @throws RealApiServerError `request-failed` with the status and body of any other answer.
 */
export async function createObject(target: ApiTarget, path: string, body: unknown): Promise<void> {
  const res = await apiRequest(target, { method: 'POST', path, body });
  if (res.status !== 201) {
    throw new RealApiServerError('request-failed', `POST ${path}: ${res.status} ${res.body}`);
  }
}
