/**
 * The ListerWatcher adapters over HTTP against @kubekit/testing's in-memory API server.
 */
import type { KubeObject, WatchEvent } from '@kubekit/apimachinery';
import { DynamicClient, RESTClient } from '@kubekit/rest';
import { startApiServer, type ApiServer } from '@kubekit/testing';
import { eventually } from './internal/test-helpers';
import { listWatchFromClient, listWatchFromResourceClient } from './list-watch-from-client';
import type { ListerWatcher } from './listwatch';

const configMaps = { group: '', version: 'v1', resource: 'configmaps' };

describe('ListerWatcher adapters', () => {
  let server: ApiServer;
  let client: RESTClient;

  beforeAll(async () => {
    server = await startApiServer({ http: true });
    client = new RESTClient({
      server: server.url,
      bearerToken: server.token,
      qps: Infinity,
      warningHandler: null,
    });
    for (const [name, tier] of [
      ['a', 'gold'],
      ['b', 'iron'],
      ['c', 'gold'],
    ] as const) {
      server.storage.create(
        { resource: 'configmaps' },
        { metadata: { name, namespace: 'default', labels: { tier } } },
      );
    }
  });
  afterAll(async () => {
    await client.destroy();
    await server.stop();
  });

  const adapters: [string, () => ListerWatcher][] = [
    [
      'listWatchFromClient',
      () =>
        listWatchFromClient({
          client,
          resource: configMaps,
          namespace: 'default',
          tweakListOptions: (o) => {
            o.labelSelector = 'tier=gold';
          },
        }),
    ],
    [
      'listWatchFromResourceClient',
      () =>
        listWatchFromResourceClient(
          new DynamicClient(client).resource(configMaps).namespace('default'),
          {
            tweakListOptions: (o) => {
              o.labelSelector = 'tier=gold';
            },
          },
        ),
    ],
  ];

  it.each(adapters)(
    '%s lists in pages with typed items and watches with the tweak applied',
    async (_name, make) => {
      const lw = make();
      const first = await lw.list({ limit: 1 });
      expect(first.items.map((o) => [o.kind, o.apiVersion, o.metadata!.name])).toEqual([
        ['ConfigMap', 'v1', 'a'],
      ]);
      expect(first.metadata?.continue).toBeTruthy();
      const second = await lw.list({ limit: 1, continue: first.metadata!.continue });
      expect(second.items.map((o) => o.metadata!.name)).toEqual(['c']);

      const controller = new AbortController();
      const stream = await lw.watch({
        resourceVersion: first.metadata!.resourceVersion,
        allowWatchBookmarks: true,
        timeoutSeconds: 60,
        signal: controller.signal,
      });
      const events: WatchEvent<KubeObject>[] = [];
      const consume = (async () => {
        for await (const event of stream) events.push(event);
      })().catch((err: unknown) => err);
      const name = `w-${_name.toLowerCase()}`;
      server.storage.create(
        { resource: 'configmaps' },
        { metadata: { name: `${name}-iron`, namespace: 'default', labels: { tier: 'iron' } } },
      );
      server.storage.create(
        { resource: 'configmaps' },
        { metadata: { name, namespace: 'default', labels: { tier: 'gold' } } },
      );
      await eventually(
        () => events.some((e) => e.object.metadata?.name === name),
        'watch event',
      ).catch(async (err) => {
        controller.abort();
        throw new Error(`${err}: ${String(await consume)} ${JSON.stringify(events)}`);
      });
      controller.abort();
      expect(await consume).toBeUndefined();
      expect(
        events.filter((e) => e.type !== 'BOOKMARK').map((e) => e.object.metadata!.name),
      ).toEqual([name]);
    },
  );
});
