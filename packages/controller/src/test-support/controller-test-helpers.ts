/** Helpers of the controller tests: informers over in-memory lister-watchers, polling, runs. */
import type { KubeObject } from '@kubekit/apimachinery';
import { newSharedIndexInformer, type SharedIndexInformer } from '@kubekit/cache';
import { newFakeListerWatcher, type FakeListerWatcher } from '@kubekit/cache/testing';
import { RESTClient } from '@kubekit/rest';
import { startApiServer, type ApiServer } from '@kubekit/testing';
import { newController, type Controller, type ControllerOptions } from '../controller';

export interface Harness {
  lw: FakeListerWatcher;
  informer: SharedIndexInformer;
  stop: AbortController;
  informerDone: Promise<void>;
}

const running: Harness[] = [];

/** Stops the informers of {@link informerWith} (call in `afterEach`). */
export async function stopInformers(): Promise<void> {
  for (const h of running.splice(0)) {
    h.stop.abort();
    await h.informerDone;
  }
}

export function cm(name: string, extra: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ...extra },
  };
}

/** An informer over an in-memory lister-watcher, started (the controller only watches it). */
export function informerWith(...objects: KubeObject[]): Harness {
  const lw = newFakeListerWatcher();
  for (const o of objects) lw.add(o);
  const informer = newSharedIndexInformer({ listerWatcher: lw });
  const stop = new AbortController();
  const h = { lw, informer, stop, informerDone: informer.run({ signal: stop.signal }) };
  running.push(h);
  return h;
}

/**
 * Resolves when `predicate` holds, checking after every macrotask turn; fails after a 60 s
 * deadline (the caches are polled for sync on real 10 ms timers, so turns alone do not bound it).
 */
export async function eventually(predicate: () => boolean, what = 'condition'): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

export function start(controller: Controller) {
  const stop = new AbortController();
  const done = controller.run({ signal: stop.signal });
  return { stop, done };
}

export function controllerWith(
  reconcile: ControllerOptions['reconcile'],
  options: Partial<ControllerOptions> = {},
): Controller {
  return newController({ name: 'test', reconcile, onError: () => {}, ...options });
}

/**
 * An in-memory API server over plain HTTP and a client of it for the tests of one file: started
 * in `beforeAll`, stopped in `afterAll` (read the fields inside tests and hooks).
 */
export function useApiServer(): { readonly server: ApiServer; readonly client: RESTClient } {
  const env = {} as { server: ApiServer; client: RESTClient };
  beforeAll(async () => {
    env.server = await startApiServer({ http: true });
    env.client = new RESTClient({
      server: env.server.url,
      bearerToken: env.server.token,
      warningHandler: null,
    });
  });
  afterAll(async () => {
    await env.client.close();
    await env.server.stop();
  });
  return env;
}
