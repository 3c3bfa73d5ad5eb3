import { join } from 'node:path';
import { RESTClient } from '@kubekit/rest';
import { startServerUnderTest, type ServerUnderTest } from '@kubekit/testing';
import { installCrd, readCrd } from './crd';
import { Clientset } from './generated';
import { tfJob } from './testing/harness';

let server: ServerUnderTest;
let rest: RESTClient;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  rest = new RESTClient({ server: server.url, caData: server.caPem, bearerToken: server.token });
});
afterAll(async () => {
  await rest.close();
  await server.stop();
});

describe('installCrd', () => {
  it('lets parallel installers race and serves TFJobs as soon as any of them returns', async () => {
    const crd = readCrd(join(__dirname, '../deploy/crd.yaml'));
    const clientset = new Clientset(rest);
    const installs = [1, 2, 3].map(() => installCrd(clientset, structuredClone(crd)));
    await Promise.race(installs);
    const ns = await server.namespace('crd');
    const job = tfJob('right-after', { Worker: 1 });
    const created = await clientset.kubeflowV1
      .tfJobs(ns)
      .create({ ...job, metadata: { ...job.metadata, namespace: ns } });
    expect(created.metadata?.uid).toBeDefined();
    await Promise.all(installs); // AlreadyExists is no error
    await installCrd(clientset, crd); // installed already
  });
});
