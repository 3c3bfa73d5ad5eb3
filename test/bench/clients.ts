/**
 * The three contestants of every scenario, built for one server endpoint:
 * - kubekit: @kubekit/rest's RESTClient (client-side rate limiting off, as client-node has none);
 * - client-node: @kubernetes/client-node 2.x, from the same kubeconfig, used its idiomatic way;
 * - raw: the limit without a library: one keep-alive undici Pool, the same request headers as
 *   kubekit's (credentials, Accept, User-Agent), a status check and `JSON.parse` of the body.
 */
import type * as ClientNode from '@kubernetes/client-node';
import type { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { configFromKubeconfig, defaultUserAgent, RESTClient } from '@kubekit/rest';
import { Pool } from 'undici';
import type { ServerEndpoint } from './server-protocol';

/** The contestants, in the order tables show them. */
export const clientNames = ['kubekit', 'client-node', 'raw'] as const;
/** One contestant. */
export type ClientName = (typeof clientNames)[number];

/** @kubernetes/client-node, loaded once (it is ESM-only). */
export type ClientNodeModule = typeof ClientNode;
let clientNodeModule: Promise<ClientNodeModule> | undefined;
export const loadClientNode = (): Promise<ClientNodeModule> =>
  (clientNodeModule ??= import('@kubernetes/client-node'));

/** The raw client: a Pool and the headers every request carries. */
export interface RawClient {
  pool: Pool;
  headers: Record<string, string>;
}

/** One request with the raw client; the body decoded with JSON.parse. Throws on HTTP errors. */
export async function rawJson<T = unknown>(
  raw: RawClient,
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await raw.pool.request({
    method,
    path,
    headers:
      body === undefined ? raw.headers : { ...raw.headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300)
    throw new Error(`${method} ${path}: HTTP ${res.statusCode} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

/** All three clients for one endpoint. */
export interface Clients {
  endpoint: ServerEndpoint;
  kubekit: RESTClient;
  clientNode: { kc: KubeConfig; core: CoreV1Api; k8s: ClientNodeModule };
  raw: RawClient;
  close(): Promise<void>;
}

/** Builds the three clients for `endpoint`. */
export async function makeClients(endpoint: ServerEndpoint): Promise<Clients> {
  const k8s = await loadClientNode();
  const kc = new k8s.KubeConfig();
  kc.loadFromString(endpoint.kubeconfigYaml);
  // client-node refuses http:// servers unless TLS verification is "skipped" (there is none).
  if (!endpoint.caPem) kc.clusters = kc.clusters.map((c) => ({ ...c, skipTLSVerify: true }));
  const kubekit = new RESTClient(
    configFromKubeconfig(endpoint.kubeconfigYaml, { overrides: { qps: Infinity } }),
  );
  // HTTP/1.1 as kubekit's transport (a real kube-apiserver would otherwise be spoken HTTP/2).
  const pool = new Pool(endpoint.url, {
    allowH2: false,
    ...(endpoint.caPem ? { connect: { ca: endpoint.caPem } } : {}),
  });
  return {
    endpoint,
    kubekit,
    clientNode: { kc, core: kc.makeApiClient(k8s.CoreV1Api), k8s },
    raw: {
      pool,
      // What kubekit sends, so that the two requests differ only in the library that sends them.
      headers: {
        authorization: `Bearer ${endpoint.token}`,
        accept: 'application/json, */*',
        'user-agent': defaultUserAgent(),
      },
    },
    async close() {
      await Promise.all([kubekit.close(), pool.close()]);
    },
  };
}
