/**
 * The sample controller of the e2e suite and of docs/guides/writing-a-controller.md: every
 * ConfigMap labelled `example.com/mirror=true` gets an owned Secret (generated name) holding a
 * copy of its data. It uses each piece of @kubekit/controller the way a real controller would:
 * a finalizer, claim / adopt / release by selector, expectations around creations, owner-based
 * enqueue, a timed requeue and the reconcile signal.
 */
import { newControllerRef, splitMetaNamespaceKey, type KubeObject } from '@kubekit/apimachinery';
import { newSharedInformerFactory, type SharedIndexInformer } from '@kubekit/cache';
import {
  addFinalizer,
  claimObjects,
  enqueueForOwner,
  expectationsObserver,
  hasFinalizer,
  isBeingDeleted,
  newController,
  newControllerExpectations,
  patchClientFromRest,
  removeFinalizer,
  type Controller,
  type ControllerOptions,
  type Result,
} from '@kubekit/controller';
import type { RESTClient } from '@kubekit/rest';

export interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}
export interface Secret extends KubeObject {
  /** Values in base64. */
  data?: Record<string, string>;
}

export const finalizer = 'example.com/secret-cleanup';
export const mirrorLabel = 'example.com/mirror';
export const sourceLabel = 'example.com/source';
export const refreshAnnotation = 'example.com/refresh-seconds';
const configMapGvk = { group: '', version: 'v1', kind: 'ConfigMap' };
const core = { group: '', version: 'v1' };

export interface MirrorControllerOptions extends Partial<
  Omit<ControllerOptions, 'name' | 'reconcile'>
> {
  client: RESTClient;
  namespace: string;
  /** The Secrets informer; default the factory's (tests pass a slowed-down one). */
  secretsInformer?: SharedIndexInformer<Secret>;
  /** Called once per reconcile with what it did, for the tests. */
  onReconciled?: (key: string, action: string) => void;
}

export function mirrorController(options: MirrorControllerOptions) {
  const { client, namespace, onReconciled = () => {}, ...controllerOptions } = options;
  const factory = newSharedInformerFactory({ client, namespace });
  const configMaps = factory.forResource<ConfigMap>({ ...core, resource: 'configmaps' });
  const secretsInformer =
    options.secretsInformer ??
    factory.forResource<Secret>({ ...core, resource: 'secrets' }).informer;
  const secrets = secretsInformer.getIndexer();
  const expectations = newControllerExpectations();
  const configMapPatcher = patchClientFromRest<ConfigMap>(client, {
    resource: { ...core, resource: 'configmaps' },
    namespace,
  });
  const secretPatcher = patchClientFromRest<Secret>(client, {
    resource: { ...core, resource: 'secrets' },
    namespace,
  });
  const request = (
    verb: 'get' | 'post' | 'put' | 'delete',
    resource: string,
    signal: AbortSignal,
  ) => client[verb]().groupVersion(core).namespace(namespace).resource(resource).signal(signal);

  async function reconcile(
    key: string,
    { signal }: { signal: AbortSignal },
  ): Promise<Result | void> {
    const { name } = splitMetaNamespaceKey(key);
    const cm = configMaps.lister.namespace(namespace).get(name);
    if (!cm || cm.metadata?.labels?.[mirrorLabel] !== 'true') {
      expectations.deleteExpectations(key);
      return onReconciled(key, 'ignored');
    }

    if (isBeingDeleted(cm)) {
      if (!hasFinalizer(cm, finalizer)) return onReconciled(key, 'deleting');
      const owned = secrets
        .list()
        .filter((s) => s.metadata?.ownerReferences?.some((r) => r.uid === cm.metadata?.uid));
      for (const s of owned)
        await request('delete', 'secrets', signal).name(s.metadata!.name!).do();
      await removeFinalizer(configMapPatcher, cm, finalizer, { signal });
      return onReconciled(key, 'finalized');
    }
    if (!hasFinalizer(cm, finalizer)) {
      await addFinalizer(configMapPatcher, cm, finalizer, { signal });
      return onReconciled(key, 'finalizer-added'); // the update event brings us back
    }

    if (!expectations.satisfiedExpectations(key)) return onReconciled(key, 'waiting');
    const owned = await claimObjects({
      owner: cm,
      ownerGvk: configMapGvk,
      selector: { matchLabels: { [sourceLabel]: name } },
      objects: secrets.list().filter((s) => s.metadata?.namespace === namespace),
      client: secretPatcher,
      getFreshOwner: (s) => request('get', 'configmaps', s!).name(name).do<ConfigMap>(),
      signal,
    });

    const data = cm.data ?? {};
    const [secret, ...extra] = owned;
    if (!secret) {
      expectations.expectCreations(key, 1);
      try {
        await request('post', 'secrets', signal)
          .body({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: {
              generateName: `${name}-`,
              labels: { [sourceLabel]: name },
              ownerReferences: [newControllerRef(cm, configMapGvk)],
            },
            data: encode(data),
          })
          .do();
      } catch (err) {
        expectations.creationObserved(key); // it will never be seen
        throw err;
      }
      onReconciled(key, 'created');
    } else {
      for (const s of extra)
        await request('delete', 'secrets', signal).name(s.metadata!.name!).do();
      if (!sameData(secret, data)) {
        await request('put', 'secrets', signal)
          .name(secret.metadata!.name!)
          .body({ ...secret, data: encode(data) })
          .do();
        onReconciled(key, 'updated');
      } else onReconciled(key, 'in-sync');
    }
    const refresh = Number(cm.metadata?.annotations?.[refreshAnnotation]);
    if (refresh > 0) return { requeueAfterMs: refresh * 1000 };
  }

  const controller: Controller = newController({
    name: 'configmap-mirror',
    reconcile,
    ...controllerOptions,
  });
  controller.watch(configMaps.informer);
  const ownerKey = enqueueForOwner({ group: '', kind: 'ConfigMap' });
  controller.watch(secretsInformer, {
    mapToKeys: ownerKey,
    observe: expectationsObserver(expectations, (s: Secret) => ownerKey(s)[0]),
  });
  return { controller, factory, expectations, configMaps };
}

/** A Secret's `data`: every value in base64. */
export function encode(data: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  );
}

/** A Secret's `data` decoded. */
export function decode(data: Record<string, string> = {}): Record<string, string> {
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]),
  );
}

function sameData(secret: Secret, data: Record<string, string>): boolean {
  const current = decode(secret.data);
  const keys = new Set([...Object.keys(current), ...Object.keys(data)]);
  return [...keys].every((k) => current[k] === data[k]);
}
