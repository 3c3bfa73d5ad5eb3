/**
 * newManager's informer options (`informerFifo`, `reflectorBackoff`) reach the informers of
 * its factory: a relist over HTTP against @kubekit/testing's in-memory API server, after a
 * watch that ended too soon, waits exactly the configured backoff and is ordered by the chosen
 * queue.
 */
import { FakeClock, type KubeObject } from '@kubekit/apimachinery';
import { objectOfDeletion, type InformerFIFO } from '@kubekit/cache';
import { PatchType } from '@kubekit/rest';
import { eventually, useApiServer } from './test-support/controller-test-helpers';
import { consoleLogger } from './logger';
import { newManager } from './manager';

const env = useApiServer();

const nameOf = (o: KubeObject) => o.metadata?.name ?? '?';

describe('newManager informer options', () => {
  it.each([
    ['RealFIFO (default): the deletion first, then the list', undefined, 'delete a,update b,add d'],
    ['DeltaFIFO: the list, then the deletion', 'DeltaFIFO' as const, 'update b,add d,delete a'],
  ])(
    'relists after the reflectorBackoff, ordered by the informerFifo: %s',
    async (_name, informerFifo: InformerFIFO | undefined, expected) => {
      const namespace = `fifo-${(informerFifo ?? 'default').toLowerCase()}`;
      await env.client
        .post()
        .resource('namespaces')
        .body({ metadata: { name: namespace } })
        .do();
      const create = (name: string) =>
        env.client
          .post()
          .namespace(namespace)
          .resource('configmaps')
          .body({ metadata: { name } })
          .do();
      for (const name of ['a', 'b', 'c']) await create(name);

      const clock = new FakeClock();
      const mgr = newManager({
        restClient: env.client,
        namespace,
        clock,
        log: consoleLogger({ write: () => {} }),
        informerFifo,
        reflectorBackoff: { initial: 5000, jitter: 0 },
      });
      const { informer } = mgr.informers.coreV1.configMaps();
      const log: string[] = [];
      informer.addEventHandler({
        onAdd: (o) => log.push(`add ${nameOf(o)}`),
        onUpdate: (_old, o) => log.push(`update ${nameOf(o)}`),
        onDelete: (o) => log.push(`delete ${nameOf(objectOfDeletion(o) ?? {})}`),
      });
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
      const stop = new AbortController();
      mgr.informers.start({ signal: stop.signal });
      try {
        await eventually(() => log.length === 3, 'the initial list');
        // A watch that ends before a second passed (on the manager's clock) ends the round:
        // the informer misses the changes below and relists after its backoff.
        env.server.faults.dropWatches();
        await eventually(
          () => informer.health().lastError !== undefined && clock.hasWaiters(),
          'the very short watch and the backoff',
        );
        await env.client.delete().namespace(namespace).resource('configmaps').name('a').do();
        await mgr.clientset.coreV1
          .configMaps(namespace)
          .patch('b', PatchType.MergePatch, { data: { changed: 'yes' } });
        await create('d');

        const pending = clock.waiters();
        clock.step(4999); // the default backoff (800 ms, up to +100% jitter) would be over
        expect(clock.waiters()).toBe(pending);
        clock.step(1);
        expect(clock.waiters()).toBe(pending - 1);
        await eventually(() => log.length === 6, 'the relist');
        expect(log.slice(3).join(',')).toBe(expected);
      } finally {
        stop.abort();
        await mgr.informers.shutdown();
        warn.mockRestore();
      }
    },
  );
});
