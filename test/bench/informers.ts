/**
 * One pod informer per contestant, started and synced: kubekit's informer factory, client-node's
 * makeInformer, and the raw limit (paged list into a Map, then a hand-rolled watch when asked).
 */
import { newSharedInformerFactory } from '@kubekit/cache';
import type { V1Pod, V1PodList } from '@kubernetes/client-node';
import type { Readable } from 'node:stream';
import type { BenchPod } from './bench-pod';
import { rawJson, type ClientName, type Clients, type RawClient } from './clients';

/** A synced informer. */
export interface RunningInformer {
  /** Objects in its cache. */
  size(): number;
  stop(): Promise<void>;
}

/** Options of {@link startInformer}. */
export interface InformerOptions {
  namespace: string;
  /** Cache managedFields (otherwise each client drops them its idiomatic way). */
  keepManagedFields: boolean;
  /** Called with every updated pod (the watch scenario's handler). */
  onUpdate?: (pod: BenchPod) => void;
}

const podsPath = (ns: string) => `/api/v1/namespaces/${ns}/pods`;

function kubekitInformer(clients: Clients, o: InformerOptions): Promise<RunningInformer> {
  const factory = newSharedInformerFactory({
    client: clients.kubekit,
    namespace: o.namespace,
    keepManagedFields: o.keepManagedFields,
    watchErrorHandler: () => undefined,
  });
  const { informer } = factory.forResource<BenchPod>({
    group: '',
    version: 'v1',
    resource: 'pods',
  });
  const onUpdate = o.onUpdate;
  if (onUpdate) informer.addEventHandler({ onUpdate: (_old, pod) => onUpdate(pod) });
  const stop = new AbortController();
  factory.start({ signal: stop.signal });
  return factory.waitForCacheSync(stop.signal).then(() => ({
    size: () => informer.getStore().size(),
    stop: async () => {
      stop.abort();
      await factory.shutdown();
    },
  }));
}

async function clientNodeInformer(clients: Clients, o: InformerOptions): Promise<RunningInformer> {
  const { k8s, kc, core } = clients.clientNode;
  // The idiomatic list function; without managedFields, the user strips them from the list
  // (client-node has no transform hook; watch events arrive with them).
  const list = async (): Promise<V1PodList> => {
    const pods = await core.listNamespacedPod({ namespace: o.namespace });
    if (!o.keepManagedFields) for (const pod of pods.items) delete pod.metadata?.managedFields;
    return pods;
  };
  const informer = k8s.makeInformer<V1Pod>(kc, podsPath(o.namespace), list);
  informer.on('error', () => undefined);
  const onUpdate = o.onUpdate;
  if (onUpdate) informer.on('update', (pod) => onUpdate(pod as unknown as BenchPod));
  await informer.start();
  return { size: () => informer.list().length, stop: () => informer.stop() };
}

interface PodList {
  metadata: { resourceVersion: string; continue?: string };
  items: BenchPod[];
}

/** Paged list (limit 500) into a Map; returns the list's resourceVersion. */
async function rawList(
  raw: RawClient,
  ns: string,
  cache: Map<string, BenchPod>,
  strip: boolean,
): Promise<string> {
  let cont = '';
  let rv = '';
  do {
    const page = await rawJson<PodList>(
      raw,
      'GET',
      `${podsPath(ns)}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`,
    );
    for (const pod of page.items) {
      if (strip) delete pod.metadata!.managedFields;
      cache.set(`${ns}/${pod.metadata!.name}`, pod);
    }
    cont = page.metadata.continue ?? '';
    rv = page.metadata.resourceVersion;
  } while (cont);
  return rv;
}

/** A watch event of a pod, as the raw loop decodes it. */
interface PodEvent {
  type: string;
  object: BenchPod;
}

/**
 * The raw loop's handling of one watch event: `cache` by namespace/name, without managedFields
 * unless kept; `o.onUpdate` for a MODIFIED pod.
 */
export function applyWatchEvent(
  event: PodEvent,
  o: InformerOptions,
  cache: Map<string, BenchPod>,
): void {
  if (event.type === 'BOOKMARK') return;
  const pod = event.object;
  const key = `${o.namespace}/${pod.metadata!.name}`;
  if (event.type === 'DELETED') cache.delete(key);
  else {
    if (!o.keepManagedFields) delete pod.metadata!.managedFields;
    cache.set(key, pod);
    if (event.type === 'MODIFIED') o.onUpdate?.(pod);
  }
}

/** A watch from `rv`: newline-delimited JSON events applied to `cache`. */
async function rawWatch(
  raw: RawClient,
  o: InformerOptions,
  rv: string,
  cache: Map<string, BenchPod>,
  signal: AbortSignal,
): Promise<() => Promise<void>> {
  const res = await raw.pool.request({
    method: 'GET',
    path: `${podsPath(o.namespace)}?watch=true&allowWatchBookmarks=true&resourceVersion=${rv}`,
    headers: raw.headers,
    signal,
  });
  if (res.statusCode !== 200) throw new Error(`watch: HTTP ${res.statusCode}`);
  const loop = rawWatchLoop(res.body, o, cache);
  return () => loop;
}

/**
 * The raw limit's watch loop: splits `body` (a watch response) into lines, parses each with
 * `JSON.parse` and applies it to `cache`; resolves when the body ends or fails.
 */
export async function rawWatchLoop(
  body: Readable,
  o: InformerOptions,
  cache: Map<string, BenchPod>,
): Promise<void> {
  body.setEncoding('utf8');
  let buffered = '';
  try {
    for await (const chunk of body as AsyncIterable<string>) {
      buffered += chunk;
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        applyWatchEvent(JSON.parse(buffered.slice(0, nl)) as PodEvent, o, cache);
        buffered = buffered.slice(nl + 1);
      }
    }
  } catch {
    // the watch was stopped (its body destroyed)
  }
}

async function rawInformer(
  clients: Clients,
  o: InformerOptions,
  watch: boolean,
): Promise<RunningInformer> {
  const cache = new Map<string, BenchPod>();
  const rv = await rawList(clients.raw, o.namespace, cache, !o.keepManagedFields);
  const stop = new AbortController();
  const stopped = watch
    ? await rawWatch(clients.raw, o, rv, cache, stop.signal)
    : async () => undefined;
  return {
    size: () => cache.size,
    stop: async () => {
      stop.abort();
      await stopped();
    },
  };
}

/**
 * kubekit's watch stream without its informer: the raw limit's paged list, then
 * `Request.watch()` from the list's resourceVersion, each event applied as the raw loop does.
 * Against kubekit's informer it shows what the informer's bookkeeping costs; against the raw
 * limit, what kubekit's HTTP and framing cost.
 */
export async function startKubekitWatchLoop(
  clients: Clients,
  o: InformerOptions,
): Promise<RunningInformer> {
  const cache = new Map<string, BenchPod>();
  const rv = await rawList(clients.raw, o.namespace, cache, !o.keepManagedFields);
  const events = await clients.kubekit
    .get()
    .namespace(o.namespace)
    .resource('pods')
    .param('resourceVersion', rv)
    .param('allowWatchBookmarks', 'true')
    .watch<BenchPod>();
  const loop = (async () => {
    for await (const event of events) applyWatchEvent(event, o, cache);
  })().catch(() => undefined);
  return {
    size: () => cache.size,
    stop: async () => {
      events.close();
      await loop;
    },
  };
}

/**
 * Starts `client`'s informer on the pods of `o.namespace` and resolves once it has synced. The
 * raw limit only lists unless `watch` (informers always watch).
 */
export function startInformer(
  client: ClientName,
  clients: Clients,
  o: InformerOptions,
  watch = true,
): Promise<RunningInformer> {
  switch (client) {
    case 'kubekit':
      return kubekitInformer(clients, o);
    case 'client-node':
      return clientNodeInformer(clients, o);
    case 'raw':
      return rawInformer(clients, o, watch);
  }
}
