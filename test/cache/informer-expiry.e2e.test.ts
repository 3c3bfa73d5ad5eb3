/**
 * 410 Gone / Expired end to end: an informer whose watch resumes from a resourceVersion the
 * server no longer serves gets 410 from the server itself, relists (in pages) and ends with a
 * correct cache and consistent notifications.
 *
 * How each server is made to forget: kube-apiserver serves watches from a watch cache that
 * starts when the resource's storage does, so for a custom resource any resourceVersion from
 * before its CRD was created is too old; the embedded server keeps one history for every
 * resource, so the test compacts it (fault injection).
 */
import { randomBytes } from 'node:crypto';
import { isResourceExpired } from '@kubekit/apimachinery';
import {
  newSharedIndexInformer,
  listWatchFromClient,
  type ListOptions,
  type ListerWatcher,
} from '@kubekit/cache';
import { DynamicClient, type RESTClient } from '@kubekit/rest';
import { fixtures } from '@kubekit/testing';
import { startServerUnderTest, type ServerUnderTest } from '../server-under-test';
import {
  cacheMatchesServer,
  configMapsIn,
  cm,
  eventually,
  recordingHandler,
  restClient,
  type ConfigMap,
} from './informer-e2e-helpers';

let server: ServerUnderTest;
let client: RESTClient;
const group = `e2e-${randomBytes(3).toString('hex')}.kubekit.dev`;
const crds = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  resource: 'customresourcedefinitions',
};
const widgets = { group, version: 'v1', resource: 'widgets' };

beforeAll(async () => {
  server = await startServerUnderTest();
  client = restClient(server);
});
afterAll(async () => {
  await new DynamicClient(client)
    .resource(crds)
    .delete(`widgets.${group}`)
    .catch(() => undefined);
  await client.close();
  await server.stop();
});

it('an informer whose watch resumes from a forgotten resourceVersion gets 410, relists in pages and keeps a correct cache', async () => {
  const ns = await server.namespace('expiry');
  // A resourceVersion from before the custom resource's storage exists.
  const before = await configMapsIn(client, ns).create(cm('marker'));
  const staleRV = before.metadata!.resourceVersion!;

  const crd = new DynamicClient(client).resource(crds);
  await crd.create(
    fixtures.crd({
      group,
      kind: 'Widget',
      schema: {
        type: 'object',
        properties: { data: { type: 'object', additionalProperties: { type: 'string' } } },
      },
    }),
  );
  await eventually(async () => {
    const got = await crd.get(`widgets.${group}`);
    const conditions = (got as { status?: { conditions?: { type: string; status: string }[] } })
      .status?.conditions;
    return conditions?.some((c) => c.type === 'Established' && c.status === 'True') ?? false;
  }, 'the CRD to be established');
  const objects = new DynamicClient(client).resource<ConfigMap>(widgets).namespace(ns);
  const widget = (name: string, v: string): ConfigMap => ({
    apiVersion: `${group}/v1`,
    kind: 'Widget',
    metadata: { name },
    data: { v },
  });
  // Creating a CR right after the CRD is established can race discovery on kube-apiserver.
  await eventually(
    () =>
      objects.create(widget('w-00', '1')).then(
        () => true,
        () => false,
      ),
    'the first widget',
  );
  for (let i = 1; i < 25; i++) await objects.create(widget(`w-${String(i).padStart(2, '0')}`, '1'));

  const inner = listWatchFromClient<ConfigMap>({ client, resource: widgets, namespace: ns });
  const lists: ListOptions[] = [];
  let firstWatch = true;
  let changed = false;
  const lw: ListerWatcher<ConfigMap> = {
    list(options) {
      lists.push(options);
      return inner.list(options);
    },
    async watch(options) {
      if (!firstWatch) return inner.watch(options);
      firstWatch = false;
      // While "disconnected" past the server's window: changes happen, and the watch resumes
      // from a resourceVersion the server has forgotten.
      const w1 = await objects.get('w-01');
      await objects.update({ ...w1, data: { v: '2' } });
      await objects.delete('w-02');
      await objects.create(widget('w-new', '1'));
      server.embedded?.faults.compactHistory();
      changed = true;
      return inner.watch({ ...options, resourceVersion: staleRV });
    },
  };
  const errors: unknown[] = [];
  const stop = new AbortController();
  const informer = newSharedIndexInformer<ConfigMap>({
    listerWatcher: lw,
    useWatchList: false,
    pageSize: 10,
    watchErrorHandler: (err) => errors.push(err),
  });
  const recorder = recordingHandler<ConfigMap>();
  informer.addEventHandler(recorder.handler);
  const done = informer.run({ signal: stop.signal });
  try {
    await eventually(() => changed, 'the changes behind the informer');
    await cacheMatchesServer(informer, objects, 'after the relist');
    expect(errors.some((err) => isResourceExpired(err))).toBe(true);
    expect(recorder.violations).toEqual([]);
    expect(recorder.log.slice(25).sort()).toEqual(['add w-new', 'delete w-02', 'update w-01 1->2']);
    // The relist went through the pager: more than one page of 10.
    expect(lists.filter((o) => o.continue).length).toBeGreaterThanOrEqual(2);
  } finally {
    stop.abort();
    await done;
  }
});
