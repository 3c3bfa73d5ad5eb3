import {
  isResourceExpired,
  type KubeList,
  type KubeObject,
  type StatusError,
} from '@kubekit/apimachinery';
import { startApiServer, type ApiServer } from '@kubekit/testing';
import { configFromKubeconfig } from './client-config';
import { DynamicClient } from './dynamic-client';
import { listPages } from './pager';
import { RESTClient } from './rest-client';
import type { WatchStream } from './watch';
import { WatchError } from './watch-error';

// The whole client against the wire-faithful in-memory API server of @kubekit/testing, over
// HTTPS with its CA and bearer token, including the faults it can inject.
describe('RESTClient against startApiServer()', () => {
  let server: ApiServer;
  let client: RESTClient;
  const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
  beforeAll(async () => {
    server = await startApiServer();
    client = new RESTClient(
      configFromKubeconfig(server.kubeconfigYaml, { overrides: { warningHandler: null } }),
      { retryBackoff: { duration: 1 } },
    );
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });
  afterEach(() => server.faults.clear());

  it('is rejected without the token and accepted with it', async () => {
    const anonymous = new RESTClient({
      server: server.url,
      caData: server.caPem,
      warningHandler: null,
    });
    const err = (await anonymous
      .get()
      .resource('pods')
      .do()
      .catch((e: unknown) => e)) as StatusError;
    expect(err.code).toBe(401);
    await anonymous.close();
    await expect(client.get().resource('pods').namespace('default').do()).resolves.toMatchObject({
      kind: 'PodList',
    });
  });

  it('retries reads through injected 503s and 429s with Retry-After', async () => {
    server.faults.failRequests({ share: 1, code: 503, retryAfterSeconds: 0, limit: 2 });
    await expect(
      client.get().resource('configmaps').namespace('default').do(),
    ).resolves.toMatchObject({ kind: 'ConfigMapList' });
    server.faults.failRequests({ share: 1, code: 429, retryAfterSeconds: 0, limit: 1 });
    const created = await new DynamicClient(client)
      .resource(configmaps)
      .namespace('default')
      .create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'retried' } });
    expect(created.metadata?.name).toBe('retried');
  });

  it('pages through a list', async () => {
    const cms = new DynamicClient(client).resource(configmaps).namespace('default');
    for (let i = 0; i < 5; i++)
      await cms.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: `page-${i}`, labels: { page: 'yes' } },
      });
    const sizes: number[] = [];
    for await (const page of listPages<KubeObject>(
      client.get().namespace('default').resource('configmaps').labelSelector('page=yes'),
      { limit: 2 },
    ))
      sizes.push(page.items.length);
    expect(sizes).toEqual([2, 2, 1]);
  });

  it('tells a server-side close from a lost connection, and reports an expired resourceVersion', async () => {
    const watch = (rv?: string) =>
      client.get().namespace('default').resource('configmaps').param('resourceVersion', rv).watch();
    // watch() resolves once the server sent the headers, i.e. after it registered the watch
    const dropped = await watch();
    const droppedEnd = drain(dropped);
    server.faults.dropWatches();
    expect(await droppedEnd).toBeUndefined();
    expect(dropped.endReason).toBe('ServerClosed');

    const lost = await watch();
    const lostEnd = drain(lost);
    server.faults.closeConnections();
    const err = await lostEnd;
    expect(WatchError.isInstance(err) && err.reason).toBe('ConnectionLost');
    expect(lost.endReason).toBe('ConnectionLost');

    const list = await client.get().namespace('default').resource('configmaps').do<KubeList>();
    await new DynamicClient(client)
      .resource(configmaps)
      .namespace('default')
      .create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'compacted-away' } });
    server.faults.compactHistory();
    // like kube-apiserver: a 200 whose first event is an ERROR carrying 410 Expired
    const stale = await watch(list.metadata!.resourceVersion);
    expect(isResourceExpired(await drain(stale))).toBe(true);
    expect(stale.endReason).toBe('Error');
  });
});

/** Reads a watch to its end; resolves with what it threw, or undefined. */
async function drain(stream: WatchStream): Promise<unknown> {
  try {
    for await (const _event of stream) void _event;
    return undefined;
  } catch (err) {
    return err;
  }
}
