/**
 * "Long-running loops survive server restarts" on the real thing: informers keep a correct
 * cache across a restart of kube-apiserver (same port, same etcd) while objects change in etcd
 * behind its back. Real tier only: it starts a private kube-apiserver + etcd (the embedded
 * server's restarts are covered by convergence.test.ts).
 */
import { randomUUID } from 'node:crypto';
import { isResourceExpired } from '@kubekit/apimachinery';
import {
  newSharedIndexInformer,
  listWatchFromClient,
  type SharedIndexInformer,
} from '@kubekit/cache';
import type { RESTClient } from '@kubekit/rest';
import { startRealApiServer, type RealApiServer } from '../real-apiserver';
import { realServer } from '../server-under-test';
import {
  cacheMatchesServer,
  cm,
  configMapsGVR,
  configMapsIn,
  recordingHandler,
  restClient,
  type ConfigMap,
} from './informer-e2e-helpers';

const describeReal = realServer ? describe : describe.skip;

/** Writes (or deletes) a config map straight into etcd through its v3 JSON gateway. */
async function etcdWrite(server: RealApiServer, namespace: string, name: string, obj?: ConfigMap) {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const key = b64(`/registry/configmaps/${namespace}/${name}`);
  const body = obj ? { key, value: b64(JSON.stringify(obj)) } : { key };
  const res = await fetch(`${server.etcdUrl}/v3/kv/${obj ? 'put' : 'deleterange'}`, {
    method: 'POST',
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`etcd ${res.status}: ${await res.text()}`);
}

describeReal('informers across a kube-apiserver restart', () => {
  let server: RealApiServer;
  let client: RESTClient;

  beforeAll(async () => {
    server = await startRealApiServer({ build: false });
    client = restClient(server);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('keep a correct cache when objects change in etcd while kube-apiserver is down', async () => {
    const namespace = 'restart';
    await client
      .post()
      .resource('namespaces')
      .body({ metadata: { name: namespace } })
      .do();
    const objects = configMapsIn(client, namespace);
    for (const name of ['a', 'b', 'c']) await objects.create(cm(name, { v: '1' }));

    const stop = new AbortController();
    const errors: Record<string, unknown[]> = { streaming: [], listing: [] };
    const run = (name: 'streaming' | 'listing') => {
      const informer: SharedIndexInformer<ConfigMap> = newSharedIndexInformer<ConfigMap>({
        name,
        listerWatcher: listWatchFromClient<ConfigMap>({
          client,
          resource: configMapsGVR,
          namespace,
        }),
        useWatchList: name === 'streaming',
        watchErrorHandler: (err) => errors[name]!.push(err),
      });
      const recorder = recordingHandler<ConfigMap>();
      informer.addEventHandler(recorder.handler);
      return { informer, recorder, done: informer.run({ signal: stop.signal }) };
    };
    const informers = [run('streaming'), run('listing')];
    try {
      for (const { informer } of informers) await cacheMatchesServer(informer, objects, 'synced');

      const a = await objects.get('a');
      const started = performance.now();
      const timings = await server.restartApiServer({
        graceMs: 5_000,
        whileDown: async () => {
          const { resourceVersion: _rv, managedFields: _mf, ...metadata } = a.metadata!;
          await etcdWrite(server, namespace, 'a', { ...a, metadata, data: { v: '2' } });
          await etcdWrite(server, namespace, 'b');
          await etcdWrite(server, namespace, 'd', {
            ...cm('d', { v: '1' }),
            metadata: {
              name: 'd',
              namespace,
              uid: randomUUID(),
              creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
            },
          });
        },
      });
      const c = await objects.get('c');
      await objects.update({ ...c, data: { v: '2' } });

      for (const { informer, recorder } of informers) {
        await cacheMatchesServer(informer, objects, `${informer.name} after the restart`, 120_000);
        expect(recorder.violations).toEqual([]);
        expect(recorder.log.slice(3).sort()).toEqual([
          'add d',
          'delete b',
          'update a 1->2',
          'update c 1->2',
        ]);
      }
      const converged = performance.now() - started;
      process.stderr.write(
        `kube-apiserver restart: stopped in ${timings.stoppedMs.toFixed(0)} ms, ready in ` +
          `${timings.readyMs.toFixed(0)} ms; caches correct ${converged.toFixed(0)} ms after the stop\n`,
      );
      // The informer that lists resumed its watch from a resourceVersion older than the new
      // watch cache: kube-apiserver answers 410 Expired, and it relisted.
      expect(errors.listing!.some((err) => isResourceExpired(err))).toBe(true);
    } finally {
      stop.abort();
      await Promise.all(informers.map((i) => i.done));
    }
  });
});
