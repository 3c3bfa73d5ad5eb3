/**
 * The builder's `priorityQueue` option against @kubekit/testing's in-memory API server over
 * HTTP: controller-runtime's `UsePriorityQueue` with `WithLowPriorityWhenUnchanged`.
 */
import { coreV1 } from '@kubekit/clientset';
import { eventually, useApiServer } from './test-support/controller-test-helpers';
import { consoleLogger } from './logger';
import { newManager } from './manager';

const env = useApiServer();

const configMaps = (ns: string) => env.client.post().namespace(ns).resource('configmaps');

/**
 * Creates `count` ConfigMaps in a new namespace, starts a one-worker controller over them whose
 * first reconcile waits until a ConfigMap of the initial list was changed, and returns the order
 * of the reconciles after it.
 */
async function reconcileOrder(ns: string, priorityQueue: boolean): Promise<string[]> {
  await env.client
    .post()
    .resource('namespaces')
    .body({ metadata: { name: ns } })
    .do();
  const count = 20;
  for (let i = 0; i < count; i++)
    await configMaps(ns)
      .body({ metadata: { name: `cm-${String(i).padStart(2, '0')}` } })
      .do();
  const order: string[] = [];
  let changeSeen = false;
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const mgr = newManager({
    restClient: env.client,
    namespace: ns,
    log: consoleLogger({ write: () => {} }),
  });
  mgr.controller({
    for: coreV1.configMapsResource,
    priorityQueue,
    // sees the update in the handler, just before its key is queued
    predicates: [{ update: () => (changeSeen = true) }],
    reconcile: async (cm) => {
      const name = cm.metadata?.name ?? '';
      if (order.length === 0) {
        order.push(name);
        await gate;
        return;
      }
      order.push(name);
    },
  });
  const stop = new AbortController();
  const done = mgr.start({ signal: stop.signal });
  try {
    await eventually(() => order.length === 1);
    await env.client
      .patch('application/merge-patch+json')
      .namespace(ns)
      .resource('configmaps')
      .name('cm-17')
      .body({ data: { changed: 'yes' } })
      .do();
    await eventually(() => changeSeen);
    release();
    await eventually(() => order.length === count);
  } finally {
    stop.abort();
    await done;
  }
  return order.slice(1);
}

describe('controller builder priorityQueue (controller-runtime UsePriorityQueue)', () => {
  it('reconciles a changed object before the rest of the initial list', async () => {
    const order = await reconcileOrder('pq-on', true);
    expect(order[0]).toBe('cm-17');
  });

  it('without it, the change waits its turn in the FIFO', async () => {
    const order = await reconcileOrder('pq-off', false);
    expect(order.indexOf('cm-17')).toBe(16);
  });
});
