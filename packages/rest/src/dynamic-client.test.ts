import type { StatusError } from '@kubekit/apimachinery';
import { isConflict, isNotFound, type KubeObject, type WatchEvent } from '@kubekit/apimachinery';
import { fixtures, startApiServer, type ApiServer } from '@kubekit/testing';
import { configFromKubeconfig } from './client-config';
import { DiscoveryClient } from './discovery-client';
import { DynamicClient } from './dynamic-client';
import { PatchType } from './patch-type';
import { RESTClient } from './rest-client';

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}
interface TFJob extends KubeObject {
  spec?: { replicas?: number; image?: string };
  status?: { phase?: string };
}

const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const tfjobs = { group: 'kubeflow.org', version: 'v1', resource: 'tfjobs' };

describe('DynamicClient against the in-memory API server', () => {
  let server: ApiServer;
  let client: RESTClient;
  let dynamic: DynamicClient;
  beforeAll(async () => {
    server = await startApiServer();
    client = new RESTClient(
      configFromKubeconfig(server.kubeconfigYaml, { overrides: { warningHandler: null } }),
    );
    dynamic = new DynamicClient(client);
    await dynamic
      .resource({ group: '', version: 'v1', resource: 'namespaces' })
      .create(fixtures.namespace('team'));
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('creates, gets, updates, patches and deletes namespaced objects', async () => {
    const cms = dynamic.resource<ConfigMap>(configmaps).namespace('team');
    const created = await cms.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'one' },
      data: { a: '1' },
    });
    expect(created.metadata?.uid).toBeTruthy();
    expect(await cms.get('one')).toEqual(created);

    const updated = await cms.update({ ...created, data: { a: '2' } });
    expect(updated.data).toEqual({ a: '2' });
    const conflict = await cms.update({ ...created, data: { a: '3' } }).catch((e: unknown) => e);
    expect(isConflict(conflict)).toBe(true);

    expect((await cms.patch('one', PatchType.MergePatch, { data: { b: 'm' } })).data).toEqual({
      a: '2',
      b: 'm',
    });
    expect(
      (await cms.patch('one', PatchType.JSONPatch, [{ op: 'add', path: '/data/c', value: 'j' }]))
        .data,
    ).toEqual({ a: '2', b: 'm', c: 'j' });
    expect(
      (await cms.patch('one', PatchType.StrategicMergePatch, { data: { d: 's' } })).data,
    ).toMatchObject({ d: 's' });
    const dry = await cms.patch(
      'one',
      PatchType.MergePatch,
      { data: { a: 'dry' } },
      { dryRun: true },
    );
    expect(dry.data?.a).toBe('dry');
    expect((await cms.get('one')).data?.a).toBe('2');

    await cms.delete('one');
    expect(isNotFound(await cms.get('one').catch((e: unknown) => e))).toBe(true);
  });

  it('applies server-side with a field manager and reports conflicts unless forced', async () => {
    const cms = dynamic.resource<ConfigMap>(configmaps).namespace('team');
    const desired = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'applied' },
      data: { owner: 'a' },
    };
    await cms.apply(desired, { fieldManager: 'manager-a' });
    const conflict = (await cms
      .apply({ ...desired, data: { owner: 'b' } }, { fieldManager: 'manager-b' })
      .catch((e: unknown) => e)) as StatusError;
    expect(conflict.code).toBe(409);
    const forced = await cms.apply(
      { ...desired, data: { owner: 'b' } },
      { fieldManager: 'manager-b', force: true },
    );
    expect(forced.data).toEqual({ owner: 'b' });
    expect(forced.metadata?.managedFields?.map((m) => m.manager)).toContain('manager-b');
  });

  it('lists with selectors and in pages, across namespaces, and deletes a collection', async () => {
    const cms = dynamic.resource<ConfigMap>(configmaps);
    for (let i = 0; i < 7; i++)
      await cms.create({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: {
          name: `item-${i}`,
          namespace: 'team',
          labels: { batch: 'x', odd: String(i % 2 === 1) },
        },
      });
    const odd = await cms.namespace('team').list({ labelSelector: 'batch=x,odd=true' });
    expect(odd.items.map((c) => c.metadata?.name).sort()).toEqual(['item-1', 'item-3', 'item-5']);
    const page = await cms.list({ labelSelector: 'batch=x', limit: 3 });
    expect(page.items).toHaveLength(3);
    expect(page.metadata?.continue).toBeTruthy();
    const all = await cms.listAll({ labelSelector: 'batch=x', pageSize: 3 });
    expect(all.items).toHaveLength(7);
    expect(all.metadata?.continue).toBeUndefined();
    expect(all.metadata?.resourceVersion).toBeTruthy();
    await cms.namespace('team').deleteCollection({ labelSelector: 'batch=x' });
    expect((await cms.namespace('team').list({ labelSelector: 'batch=x' })).items).toEqual([]);
  });

  it('watches from a resourceVersion and sees changes in order', async () => {
    const cms = dynamic.resource<ConfigMap>(configmaps).namespace('team');
    const { metadata } = await cms.list();
    const ac = new AbortController();
    const stream = await cms.watch({
      resourceVersion: metadata!.resourceVersion!,
      signal: ac.signal,
    });
    await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'watched' } });
    await cms.patch('watched', PatchType.MergePatch, { data: { x: '1' } });
    await cms.delete('watched');
    const seen: WatchEvent<ConfigMap>[] = [];
    for await (const event of stream) {
      seen.push(event);
      if (seen.length === 3) ac.abort();
    }
    expect(seen.map((e) => [e.type, e.object.metadata?.name])).toEqual([
      ['ADDED', 'watched'],
      ['MODIFIED', 'watched'],
      ['DELETED', 'watched'],
    ]);
    expect(stream.endReason).toBe('Aborted');
  });

  it('works on custom resources found through discovery, including updateStatus', async () => {
    const crds = dynamic.resource({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      resource: 'customresourcedefinitions',
    });
    await crds.create(fixtures.crd({ group: 'kubeflow.org', kind: 'TFJob' }));
    await server.settle();
    const discovery = new DiscoveryClient(client);
    const mapping = await discovery.resourceFor({
      group: 'kubeflow.org',
      version: 'v1',
      kind: 'TFJob',
    });
    expect(mapping).toMatchObject({ resource: tfjobs, namespaced: true });
    const jobs = dynamic.resource<TFJob>(mapping.resource).namespace('team');
    const job = await jobs.create({
      apiVersion: 'kubeflow.org/v1',
      kind: 'TFJob',
      metadata: { name: 'mnist' },
      spec: { replicas: 2 },
    });
    const withStatus = await jobs.updateStatus({ ...job, status: { phase: 'Running' } });
    expect(withStatus.status).toEqual({ phase: 'Running' });
    expect(withStatus.spec).toEqual({ replicas: 2 });
    const err = await jobs
      .update({ apiVersion: 'kubeflow.org/v1', kind: 'TFJob', metadata: {} })
      .catch((e: unknown) => e);
    expect((err as Error).message).toContain('update needs metadata.name');
  });
});
