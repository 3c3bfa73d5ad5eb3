/**
 * Shared pieces of the informer end-to-end suites (informer*.e2e.test.ts): a client of the
 * server under test, config map helpers, a handler that checks and records its notifications,
 * and polling with a deadline.
 */
import type { KubeObject } from '@kubekit/apimachinery';
import {
  isDeletedFinalStateUnknown,
  type ResourceEventHandler,
  type SharedIndexInformer,
} from '@kubekit/cache';
import { DynamicClient, RESTClient, type DynamicResourceClient } from '@kubekit/rest';

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

export const configMapsGVR = { group: '', version: 'v1', resource: 'configmaps' };

/** Where a client connects: the fields of a ServerUnderTest or a RealApiServer. */
export interface ServerAccess {
  readonly url: string;
  readonly token: string;
  readonly caPem?: string;
}

/** A RESTClient of `server` without client-side rate limiting. */
export function restClient(server: ServerAccess): RESTClient {
  return new RESTClient(
    { server: server.url, caData: server.caPem, bearerToken: server.token, warningHandler: null },
    { rateLimiter: null },
  );
}

/** The config maps of `namespace` through the dynamic client. */
export function configMapsIn(
  client: RESTClient,
  namespace: string,
): DynamicResourceClient<ConfigMap> {
  return new DynamicClient(client).resource<ConfigMap>(configMapsGVR).namespace(namespace);
}

/** A config map manifest. */
export function cm(
  name: string,
  data: Record<string, string> = {},
  labels: Record<string, string> = {},
): ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

/** Polls `probe` every 20 ms until it holds; throws after `timeoutMs` of real time. */
export async function eventually(
  probe: () => boolean | Promise<boolean>,
  what: string | (() => string),
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${typeof what === 'string' ? what : what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A handler recording `add name`, `update name old->new` (of `data.v`) and `delete name`, and
 * checking that notifications form a consistent sequence per key (add when absent, update
 * from the state last seen, delete when present).
 */
export function recordingHandler<T extends ConfigMap>(): {
  handler: ResourceEventHandler<T>;
  log: string[];
  violations: string[];
  /** The objects the handler believes exist, by namespace/name. */
  state: Map<string, T>;
} {
  const log: string[] = [];
  const violations: string[] = [];
  const state = new Map<string, T>();
  const key = (o: KubeObject) => `${o.metadata?.namespace}/${o.metadata?.name}`;
  const rv = (o: KubeObject | undefined) => o?.metadata?.resourceVersion;
  const handler: ResourceEventHandler<T> = {
    onAdd(o) {
      log.push(`add ${o.metadata?.name}`);
      if (state.has(key(o))) violations.push(`add of present ${key(o)}`);
      state.set(key(o), o);
    },
    onUpdate(old, o) {
      if (rv(old) === rv(o)) return; // resync
      log.push(`update ${o.metadata?.name} ${old.data?.v ?? '-'}->${o.data?.v ?? '-'}`);
      const seen = state.get(key(o));
      if (!seen) violations.push(`update of absent ${key(o)}`);
      else if (rv(seen) !== rv(old))
        violations.push(`update of ${key(o)} from ${rv(old)}, last seen ${rv(seen)}`);
      state.set(key(o), o);
    },
    onDelete(o) {
      const k = isDeletedFinalStateUnknown(o) ? o.key : key(o);
      log.push(`delete ${k.split('/').pop()}`);
      if (!state.delete(k)) violations.push(`delete of absent ${k}`);
    },
  };
  return { handler, log, violations, state };
}

/** `name@resourceVersion` of every object, sorted: what a cache and a list are compared by. */
export function versions(objects: readonly KubeObject[]): string[] {
  return objects.map((o) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`).sort();
}

/** Resolves once the informer's cache holds exactly what the server lists in `namespace`. */
export async function cacheMatchesServer(
  informer: SharedIndexInformer<ConfigMap>,
  objects: DynamicResourceClient<ConfigMap>,
  what: string,
  timeoutMs?: number,
): Promise<void> {
  let expected: string[] = [];
  await eventually(
    async () => {
      expected = versions((await objects.list()).items);
      return versions(informer.getStore().list()).join() === expected.join();
    },
    () =>
      `${what}: cache ${versions(informer.getStore().list()).join()} = server ${expected.join()}`,
    timeoutMs,
  );
}
