/**
 * Seeds the benchmark's pods into an in-memory server's storage, without HTTP. The first pod of
 * a call goes through the API's create and status update (admission, defaulting, validation, as
 * the kubelet would write its status); every other pod is a copy of that stored pod with its own
 * name, node, addresses and container id (bench-pod.ts `podVariables`), stored by the server's
 * bench-only bulk create: a new uid, creationTimestamp and resourceVersion each, an ADDED event
 * each. The result is what the API would have stored (seed-pods.test.ts compares the two), and
 * 100k pods take seconds instead of the minutes of two API writes per pod.
 */
import type { KubeObject } from '@kubekit/apimachinery';
import type { ApiServer, ResourceRef } from '@kubekit/testing';
import {
  benchOwner,
  benchPod,
  ownerName,
  podVariables,
  setPodVariables,
  type BenchPod,
} from './bench-pod';

const pods = { resource: 'pods' };

/** The @kubekit/testing storage's bench-only bulk create (see its `benchBulkCreate`). */
const benchBulkCreate = Symbol.for('@kubekit/testing:bench-bulk-create');
type BulkCreate = (ref: ResourceRef, objects: KubeObject[]) => void;

function bulkCreate(server: ApiServer): BulkCreate {
  const create = Reflect.get(server.storage, benchBulkCreate) as BulkCreate | undefined;
  if (typeof create !== 'function')
    throw new Error(
      'this @kubekit/testing has no bench bulk create (Symbol.for(' +
        "'@kubekit/testing:bench-bulk-create'))",
    );
  return create.bind(server.storage);
}

function ensureNamespace(server: ApiServer, name: string): void {
  if (!server.storage.get({ resource: 'namespaces' }, name))
    server.storage.create({ resource: 'namespaces' }, { metadata: { name } });
}

/** Creates pod `i` as a client and the kubelet would: create, then its status. */
function createThroughApi(server: ApiServer, pod: BenchPod): BenchPod {
  const created = server.storage.create<BenchPod>(pods, pod);
  // Create resets the status to Pending, as kube-apiserver does: write it as the kubelet would.
  return server.storage.update(pods, { ...created, status: pod.status }, { status: true });
}

/** Pods stored per bulk call (bounds the array of fresh copies held at once). */
const batch = 1000;

/**
 * Seeds `count` pods (named `names[i]` when given, otherwise `benchPod`'s names) and their
 * owner in `namespace`, creating the namespace if needed; returns the owner's uid. With `bulk`
 * false every pod goes through the API (the reference the bulk path is compared with).
 */
export function seedPods(
  server: ApiServer,
  namespace: string,
  count: number,
  options: { names?: string[] | undefined; bulk?: boolean } = {},
): string {
  const { names, bulk = true } = options;
  ensureNamespace(server, namespace);
  const rs = { group: 'apps', resource: 'replicasets' };
  const owner =
    server.storage.get(rs, ownerName, namespace) ??
    server.storage.create(rs, benchOwner(namespace));
  const ownerUid = owner.metadata!.uid!;
  if (count === 0) return ownerUid;
  const first = createThroughApi(server, benchPod(0, namespace, ownerUid, names?.[0]));
  if (!bulk) {
    for (let i = 1; i < count; i++)
      createThroughApi(server, benchPod(i, namespace, ownerUid, names?.[i]));
    return ownerUid;
  }
  const store = bulkCreate(server);
  const template = JSON.stringify(first);
  for (let start = 1; start < count; start += batch) {
    const copies: BenchPod[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++)
      copies.push(setPodVariables(JSON.parse(template) as BenchPod, podVariables(i, names?.[i])));
    store(pods, copies);
  }
  return ownerUid;
}
