import type { KubeObject } from '@kubekit/apimachinery';
import { newInformerFactory, type coreV1 } from '@kubekit/clientset';
import {
  enqueueForOwner,
  newController,
  newControllerExpectations,
  runControllerManager,
  factoryRunnable,
} from '@kubekit/controller';
import { RESTClient } from '@kubekit/rest';
import type { SimulationInvariant, SimulationManagerContext } from '@kubekit/testing';

/**
 * A small ReplicaSet-like controller for simulation tests: every ConfigMap labelled
 * `sim=replicas` wants `data.replicas` running pods it owns. The correct version keeps
 * client-go expectations (a create not yet seen in the cache counts); `buggy` trusts its lagging
 * cache and creates again.
 */
export function replicaManager(options: { buggy?: boolean; leaderElection?: boolean } = {}) {
  return async (ctx: SimulationManagerContext): Promise<void> => {
    const rest = new RESTClient(ctx.config, { transport: ctx.transport, clock: ctx.clock });
    const factory = newInformerFactory({
      client: rest,
      namespace: 'sim',
      clock: ctx.clock,
      watchErrorHandler: (err, { reflector }) => ctx.log(`${reflector}: ${String(err)}`),
    });
    const owners = factory.coreV1.configMaps();
    const pods = factory.coreV1.pods();
    ctx.exposeCache({ resource: 'pods' }, () => pods.informer.getStore().list(), 'sim');
    ctx.exposeCache({ resource: 'configmaps' }, () => owners.informer.getStore().list(), 'sim');
    const expectations = newControllerExpectations({ clock: ctx.clock });
    const podClient = (ns: string) => rest.post().namespace(ns).resource('pods');
    const controller = newController({
      name: 'replicas',
      workers: 2,
      clock: ctx.clock,
      onError: () => undefined,
      reconcile: async (key, { namespace, name }) => {
        const done = ctx.reconciling(key);
        try {
          const owner = owners.lister.namespace(namespace).get(name);
          if (!owner || owner.metadata?.labels?.['sim'] !== 'replicas') {
            expectations.deleteExpectations(key);
            return;
          }
          if (!options.buggy && !expectations.satisfiedExpectations(key)) return;
          const want = Number(owner.data?.['replicas'] ?? 0);
          const active = activePodsOf(pods.lister.namespace(namespace).list(), name);
          const missing = want - active.length;
          if (missing <= 0) return;
          if (!options.buggy) expectations.expectCreations(key, missing);
          for (let i = 0; i < missing; i++) {
            try {
              await podClient(namespace).body(podFor(owner)).do();
            } catch (err) {
              if (!options.buggy) expectations.creationObserved(key);
              throw err;
            }
          }
        } finally {
          done();
        }
      },
    });
    controller.watch(owners.informer);
    controller.watch(pods.informer, {
      mapToKeys: enqueueForOwner({ group: '', kind: 'ConfigMap' }),
      observe: (event) => {
        if (event.type !== 'add') return;
        const ref = event.object.metadata?.ownerReferences?.[0];
        if (ref) expectations.creationObserved(`${event.object.metadata?.namespace}/${ref.name}`);
      },
    });
    await runControllerManager({
      controllers: [controller],
      runnables: [factoryRunnable(factory)],
      signal: ctx.signal,
    });
  };
}

/** Pods of `owner` that count: not being deleted, not finished. */
function activePodsOf(pods: readonly coreV1.Pod[], owner: string): coreV1.Pod[] {
  return pods.filter(
    (p) =>
      p.metadata?.ownerReferences?.some((r) => r.kind === 'ConfigMap' && r.name === owner) &&
      !p.metadata?.deletionTimestamp &&
      p.status?.phase !== 'Succeeded' &&
      p.status?.phase !== 'Failed',
  );
}

function podFor(owner: coreV1.ConfigMap): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      generateName: `${owner.metadata!.name}-`,
      namespace: owner.metadata!.namespace,
      ownerReferences: [
        {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: owner.metadata!.name!,
          uid: owner.metadata!.uid!,
          controller: true,
        },
      ],
    },
    spec: { restartPolicy: 'Always', containers: [{ name: 'main', image: 'busybox' }] },
  } as KubeObject;
}

/** Never more active pods than replicas, for every owner. */
export const neverTooManyPods: SimulationInvariant = {
  name: 'never more active pods than replicas',
  check(view) {
    const owners = view.list<coreV1.ConfigMap>({ resource: 'configmaps' }, 'sim');
    const pods = view.list<coreV1.Pod>({ resource: 'pods' }, 'sim');
    const out: string[] = [];
    for (const owner of owners) {
      if (owner.metadata?.labels?.['sim'] !== 'replicas') continue;
      const n = activePodsOf(pods, owner.metadata.name!).length;
      const want = Number(owner.data?.['replicas'] ?? 0);
      if (n > want) out.push(`${owner.metadata.name} has ${n} active pods, wants ${want}`);
    }
    return out;
  },
};

/** At quiescence every owner has exactly its replicas. */
export const replicasReached: SimulationInvariant = {
  name: 'every owner reaches its replicas',
  when: 'quiescence',
  check(view) {
    const owners = view.list<coreV1.ConfigMap>({ resource: 'configmaps' }, 'sim');
    const pods = view.list<coreV1.Pod>({ resource: 'pods' }, 'sim');
    return owners
      .filter((o) => o.metadata?.labels?.['sim'] === 'replicas')
      .map(
        (o) =>
          [
            o.metadata!.name!,
            activePodsOf(pods, o.metadata!.name!).length,
            Number(o.data?.['replicas']),
          ] as const,
      )
      .filter(([, n, want]) => n !== want)
      .map(([name, n, want]) => `${name} has ${n} active pods, wants ${want}`);
  },
};

/** Creates the namespace and `count` owners wanting 1 to 3 pods, one every 2 simulated seconds. */
export async function replicaWorkload(
  env: {
    storage: { create(ref: { resource: string }, obj: KubeObject): unknown };
    sleep(ms: number): Promise<void>;
  },
  count = 4,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    env.storage.create({ resource: 'configmaps' }, {
      metadata: { name: `rs-${i}`, namespace: 'sim', labels: { sim: 'replicas' } },
      data: { replicas: String(1 + (i % 3)) },
    } as KubeObject);
    await env.sleep(2000);
  }
}
