/**
 * Reads the OpenAPI v3 documents and discovery of a live cluster, so `kubekit-gen openapi
 * --from-cluster` types the CRDs others installed without their YAML.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/openapi/client.go
 * @packageDocumentation
 */
import { DiscoveryClient, type APIResourceList, type RESTClient } from '@kubekit/rest';
import { CodegenError } from './codegen-error';
import type { OpenApiInput } from './openapi-document';

/** Options of {@link fetchOpenApi}. */
export interface FetchOpenApiOptions {
  /**
   * The group versions to read (`v1`, `apps/v1`, `stable.example.com/v1`); default every
   * group version the server publishes.
   */
  groupVersions?: readonly string[];
  /** Aborts the reads. */
  signal?: AbortSignal;
  /** Per request; default the client's. */
  timeoutMs?: number;
}

/** What {@link fetchOpenApi} read. */
export interface ClusterOpenApi {
  /** One document per group version, named by its URL path (`/openapi/v3/apis/apps/v1`). */
  inputs: OpenApiInput[];
  /** The discovery of the same group versions (short names, categories, singular names). */
  discovery: APIResourceList[];
}

/** `api/v1` -> `v1`, `apis/apps/v1` -> `apps/v1`; undefined for other entries of the index. */
function groupVersionOf(path: string): string | undefined {
  const segs = path.split('/');
  if (segs[0] === 'api' && segs.length === 2) return segs[1];
  if (segs[0] === 'apis' && segs.length === 3) return `${segs[1]}/${segs[2]}`;
  return undefined;
}

/**
 * Reads `/openapi/v3`, then the document and the discovery of each wanted group version.
 *
 * Errors: {@link CodegenError} `Io` naming what could not be read (the API error's message,
 * never the client's credentials), `InvalidOpenApi` when the index is malformed or a wanted
 * group version is not published.
 */
export async function fetchOpenApi(
  client: RESTClient,
  options: FetchOpenApiOptions = {},
): Promise<ClusterOpenApi> {
  const call = { signal: options.signal, timeoutMs: options.timeoutMs };
  const get = async (path: string, query: URLSearchParams = new URLSearchParams()) => {
    const request = client.get().absPath(path).signal(call.signal);
    for (const [k, v] of query) request.param(k, v);
    if (call.timeoutMs !== undefined) request.timeout(call.timeoutMs);
    try {
      return await request.do<unknown>();
    } catch (err) {
      throw new CodegenError(
        'Io',
        `cannot read ${path} from the cluster: ${(err as Error).message}`,
        { file: path },
        { cause: err },
      );
    }
  };
  const index = (await get('/openapi/v3')) as {
    paths?: Record<string, { serverRelativeURL?: unknown }>;
  };
  if (typeof index?.paths !== 'object' || index.paths === null)
    throw new CodegenError('InvalidOpenApi', 'the /openapi/v3 index has no paths', {
      file: '/openapi/v3',
    });
  const published = new Map<string, string>();
  for (const [path, entry] of Object.entries(index.paths)) {
    const gv = groupVersionOf(path);
    if (gv && typeof entry?.serverRelativeURL === 'string')
      published.set(gv, entry.serverRelativeURL);
  }
  const wanted = options.groupVersions ? [...options.groupVersions] : [...published.keys()].sort();
  const missing = wanted.filter((gv) => !published.has(gv));
  if (missing.length)
    throw new CodegenError(
      'InvalidOpenApi',
      `the cluster publishes no OpenAPI document of ${missing.join(', ')}`,
      { file: '/openapi/v3' },
    );
  const discovery = new DiscoveryClient(client);
  const inputs: OpenApiInput[] = [];
  const lists: APIResourceList[] = [];
  for (const gv of wanted) {
    const url = new URL(published.get(gv)!, 'https://cluster.invalid');
    inputs.push({ source: url.pathname, value: await get(url.pathname, url.searchParams) });
    try {
      lists.push(await discovery.serverResourcesForGroupVersion(gv, call));
    } catch (err) {
      throw new CodegenError(
        'Io',
        `cannot read the discovery of ${gv}: ${(err as Error).message}`,
        {},
        { cause: err },
      );
    }
  }
  return { inputs, discovery: lists };
}
