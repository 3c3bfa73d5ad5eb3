/**
 * RetryWatcher over real HTTP against the server under test: watches the server ends
 * (timeoutSeconds) are re-opened from the last delivered resourceVersion, losing and repeating
 * nothing (client-go's tools/watch RetryWatcher).
 */
import type { WatchEvent } from '@kubekit/apimachinery';
import { newRetryWatcher, listWatchFromClient, type WatchOptions } from '@kubekit/cache';
import type { RESTClient } from '@kubekit/rest';
import { startServerUnderTest, type ServerUnderTest } from '../server-under-test';
import {
  cm,
  configMapsGVR,
  configMapsIn,
  eventually,
  restClient,
  type ConfigMap,
} from './informer-e2e-helpers';

let server: ServerUnderTest;
let client: RESTClient;

beforeAll(async () => {
  server = await startServerUnderTest();
  client = restClient(server);
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const show = (e: WatchEvent<ConfigMap>) =>
  `${e.type} ${e.object.metadata?.name} ${e.object.data?.v}`;

it('resumes watches the server ends from the last resourceVersion, losing and repeating nothing', async () => {
  const ns = await server.namespace('retry-watcher');
  const objects = configMapsIn(client, ns);
  await objects.create(cm('a', { v: '0' }));
  const listed = await objects.list();
  const watches: WatchOptions[] = [];
  const lw = listWatchFromClient<ConfigMap>({
    client,
    resource: configMapsGVR,
    namespace: ns,
    tweakListOptions: (o) => {
      o.timeoutSeconds = 1; // the server ends every watch after a second
      watches.push({ ...o, signal: undefined });
    },
  });
  const stop = new AbortController();
  const seen: string[] = [];
  const consumed = (async () => {
    const watcher = newRetryWatcher<ConfigMap>({
      watcher: lw,
      initialResourceVersion: listed.metadata!.resourceVersion!,
      minRestartDelayMs: 0,
      signal: stop.signal,
    });
    for await (const event of watcher) seen.push(show(event));
  })();

  const expected: string[] = [];
  // Churn for 3.5 s and until the server has ended two watches (a loaded machine restarts them
  // late), bounded at 60 s.
  const until = Date.now() + 3_500;
  const bound = Date.now() + 60_000;
  for (let i = 1; (Date.now() < until || watches.length < 3) && Date.now() < bound; i++) {
    const name = `o${i % 3}`;
    const existing = await objects.get(name).catch(() => undefined);
    if (!existing) {
      await objects.create(cm(name, { v: `${i}` }));
      expected.push(`ADDED ${name} ${i}`);
    } else if (i % 4 === 0) {
      await objects.delete(name);
      expected.push(`DELETED ${name} ${existing.data?.v}`);
    } else {
      await objects.update({ ...existing, data: { v: `${i}` } });
      expected.push(`MODIFIED ${name} ${i}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await eventually(
    () => seen.length >= expected.length,
    () => `events: ${seen.join(', ')}`,
  );
  stop.abort();
  await consumed;
  expect(seen).toEqual(expected);
  expect(watches.length).toBeGreaterThanOrEqual(3);
  expect(watches[0]!.resourceVersion).toBe(listed.metadata!.resourceVersion);
});
