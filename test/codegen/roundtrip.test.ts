/**
 * The clients generated from the CRD fixtures (test/codegen/generated) round-trip objects through
 * the server under test (../server-under-test): CRDs installed, then create/get/list/update/
 * updateStatus/patch/apply/watch/delete via the generated typed clients, and a typed informer.
 */
import { isInvalid, isNotFound, type WatchEvent } from '@kubekit/apimachinery';
import type { apiextensionsV1 } from '@kubekit/clientset';
import { PatchType, type RestConfig } from '@kubekit/rest';
import { startServerUnderTest, type ServerUnderTest } from '../server-under-test';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { Clientset, newInformerFactory, type kubeflowV1 } from './generated';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(value)}`);
    },
    (err: unknown) => err,
  );
}

async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await Promise.resolve()
      .then(check)
      .catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const tfJob = (name: string): kubeflowV1.TFJob => ({
  metadata: { name },
  spec: {
    runPolicy: { cleanPodPolicy: 'Running' },
    tfReplicaSpecs: {
      Worker: {
        replicas: 2,
        restartPolicy: 'OnFailure',
        template: { spec: { containers: [{ name: 'tensorflow', image: 'tf:2.16' }] } },
      },
    },
  },
});

describe('generated CRD clients against the server under test', () => {
  let server: ServerUnderTest;
  // one client object: the generated Clientset carries the built-in groups too
  let cs: Clientset;

  beforeAll(async () => {
    server = await startServerUnderTest();
    const config: RestConfig = {
      server: server.url,
      caData: server.caPem,
      bearerToken: server.token,
    };
    cs = Clientset.fromConfig(config);
    const dir = join(__dirname, 'fixtures', 'crds');
    for (const file of (await fs.readdir(dir)).sort())
      for (const doc of parseAllDocuments(await fs.readFile(join(dir, file), 'utf8')))
        await cs.apiextensionsV1
          .customResourceDefinitions()
          .create(doc.toJSON() as apiextensionsV1.CustomResourceDefinition);
    await server.settle();
    await eventually(() => cs.kubeflowV1.tfJobs('default').list(), 'the TFJob CRD to be served');
  });

  afterAll(async () => {
    await cs.close();
    await server.stop();
  });

  it('creates, gets, lists, updates and deletes TFJobs', async () => {
    const jobs = cs.kubeflowV1.tfJobs('default');
    const created = await jobs.create(tfJob('mnist'));
    expect(created).toMatchObject({
      apiVersion: 'kubeflow.codegen.kubekit.dev/v1',
      kind: 'TFJob',
      metadata: { name: 'mnist' },
    });
    expect(created.spec?.tfReplicaSpecs.Worker?.template).toEqual({
      spec: { containers: [{ name: 'tensorflow', image: 'tf:2.16' }] },
    });
    expect(created.spec?.runPolicy?.suspend).toBe(false); // schema default

    const got = await jobs.get('mnist');
    expect(got.metadata?.uid).toBe(created.metadata?.uid);
    expect((await cs.kubeflowV1.tfJobs().list()).items.map((j) => j.metadata?.name)).toContain(
      'mnist',
    );

    const updated = await jobs.update({
      ...got,
      spec: { ...got.spec!, enableDynamicWorker: true },
      status: { startTime: '2024-01-01T00:00:00Z' },
    });
    expect(updated.spec?.enableDynamicWorker).toBe(true);
    expect(updated.status).toBeUndefined(); // status is a subresource: update ignores it

    const withStatus = await jobs.updateStatus({
      ...updated,
      status: { conditions: [{ type: 'Running', status: 'True' }], completionTime: null },
    });
    expect(withStatus.status?.conditions?.[0]?.type).toBe('Running');
    expect(withStatus.metadata?.generation).toBe(updated.metadata?.generation);

    await jobs.delete('mnist');
    expect(isNotFound(await rejection(jobs.get('mnist')))).toBe(true);
  });

  it('patches TFJobs (merge, JSON, status) and applies them server-side', async () => {
    const jobs = cs.kubeflowV1.tfJobs('default');
    await jobs.create(tfJob('patched'));
    const merged = await jobs.patch('patched', PatchType.MergePatch, {
      spec: { successPolicy: 'AllWorkers' },
    });
    expect(merged.spec?.successPolicy).toBe('AllWorkers');
    const json = await jobs.patch('patched', PatchType.JSONPatch, [
      { op: 'replace', path: '/spec/tfReplicaSpecs/Worker/replicas', value: 4 },
    ]);
    expect(json.spec?.tfReplicaSpecs.Worker?.replicas).toBe(4);
    const status = await jobs.patchStatus('patched', PatchType.MergePatch, {
      status: { startTime: '2024-01-01T00:00:00Z' },
    });
    expect(status.status?.startTime).toBe('2024-01-01T00:00:00Z');
    const applied = await jobs.apply(
      { metadata: { name: 'patched', labels: { team: 'ml' } } },
      { fieldManager: 'roundtrip' },
    );
    expect(applied.metadata?.labels).toEqual({ team: 'ml' });
    expect(applied.spec?.tfReplicaSpecs.Worker?.replicas).toBe(4);
  });

  it('watches TFJobs and feeds a typed informer', async () => {
    const jobs = cs.kubeflowV1.tfJobs('watch');
    await cs.coreV1.namespaces().create({ metadata: { name: 'watch' } });
    const factory = newInformerFactory({ client: cs.restClient, namespace: 'watch' });
    const informer = factory.kubeflowV1.tfJobs();
    const configMaps = factory.coreV1.configMaps(); // built-in informers in the same factory
    const controller = new AbortController();
    factory.start({ signal: controller.signal });
    const list = await jobs.list();
    const stream = await jobs.watch({ resourceVersion: list.metadata?.resourceVersion });
    try {
      await factory.waitForCacheSync(controller.signal);
      await jobs.create(tfJob('watched'));
      await jobs.patch('watched', PatchType.MergePatch, { spec: { successPolicy: 'ChiefWorker' } });
      await jobs.delete('watched');
      const seen: WatchEvent<kubeflowV1.TFJob>['type'][] = [];
      for await (const event of stream) {
        seen.push(event.type);
        if (event.type === 'DELETED') break;
      }
      expect(seen).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
      await jobs.create(tfJob('cached'));
      const cached = await eventually(
        () => informer.lister.namespace('watch').get('cached'),
        'the informer to cache the TFJob',
      );
      expect(cached.spec?.tfReplicaSpecs.Worker?.replicas).toBe(2);
      await cs.coreV1.configMaps('watch').create({ metadata: { name: 'settings' } });
      await eventually(
        () => configMaps.lister.namespace('watch').get('settings'),
        'the same factory to cache the ConfigMap',
      );
    } finally {
      stream.close();
      await factory.shutdown();
    }
  });

  it('round-trips cluster-scoped ClusterIssuers with preserved unknown fields, and validates Certificates', async () => {
    const issuer = await cs.certManagerV1.clusterIssuers().create({
      metadata: { name: 'letsencrypt' },
      spec: { acme: { server: 'https://acme.example', email: 'ops@example.com' }, selfSigned: {} },
    });
    expect(issuer.metadata?.namespace).toBeUndefined();
    expect(issuer.spec.acme).toEqual({ server: 'https://acme.example', email: 'ops@example.com' });
    expect((await cs.certManagerV1.clusterIssuers().get('letsencrypt')).spec.selfSigned).toEqual(
      {},
    );

    const certs = cs.certManagerV1.certificates('default');
    const cert = await certs.create({
      metadata: { name: 'web' },
      spec: {
        secretName: 'web-tls',
        issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' },
        dnsNames: ['a.example'],
      },
    });
    expect(cert.spec.dnsNames).toEqual(['a.example']);
    const invalid = await rejection(
      certs.create({ metadata: { name: 'bad' }, spec: { issuerRef: { name: 'x' } } } as never),
    );
    expect(isInvalid(invalid)).toBe(true);
  });

  it('keeps int-or-string fields as sent and applies schema defaults to ServiceMonitors', async () => {
    const monitors = cs.monitoringV1.serviceMonitors('default');
    const created = await monitors.create({
      metadata: { name: 'api' },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        endpoints: [{ targetPort: 8080 }, { targetPort: 'metrics' }],
      },
    });
    expect(created.spec.endpoints?.map((e) => e.targetPort)).toEqual([8080, 'metrics']);
    expect(created.spec.endpoints?.[0]?.honorLabels).toBe(false);
  });
});
