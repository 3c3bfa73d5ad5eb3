import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestClient } from './http-client';
import { startApiServer } from './api-server';
import { startServerUnderTest, testServerKind } from './server-under-test';

describe('testServerKind', () => {
  it.each([
    [undefined, 'embedded'],
    ['', 'embedded'],
    ['embedded', 'embedded'],
    ['real', 'real'],
    ['kubeconfig', 'kubeconfig'],
  ])('reads KUBEKIT_SERVER=%j as %s', (value, kind) => {
    expect(testServerKind(value === undefined ? {} : { KUBEKIT_SERVER: value })).toBe(kind);
  });

  it('names an unknown value and the accepted ones', () => {
    expect(() => testServerKind({ KUBEKIT_SERVER: 'cluster' })).toThrow(
      'KUBEKIT_SERVER="cluster" is not one of embedded, real, kubeconfig',
    );
  });

  it('ignores a KUBECONFIG that is set without KUBEKIT_SERVER', () => {
    expect(testServerKind({ KUBECONFIG: '/home/me/.kube/config' })).toBe('embedded');
  });
});

describe('startServerUnderTest', () => {
  it('starts an embedded server by default, with unique namespaces deleted on stop', async () => {
    const server = await startServerUnderTest({ env: {} });
    expect(server.kind).toBe('embedded');
    expect(server.embedded).toBeDefined();
    const a = await server.namespace('suite');
    const b = await server.namespace('suite');
    expect(a).toMatch(/^suite-[0-9a-f]{6}$/);
    expect(b).not.toBe(a);
    const client = new TestClient(server);
    expect((await client.get(`/api/v1/namespaces/${a}`)).status).toBe(200);
    await client.close();
    await server.stop();
  });

  it('connects to the cluster of KUBECONFIG for KUBEKIT_SERVER=kubeconfig and leaves it running', async () => {
    const cluster = await startApiServer();
    const dir = mkdtempSync(join(tmpdir(), 'sut-'));
    const file = join(dir, 'kubeconfig');
    writeFileSync(file, cluster.kubeconfigYaml);
    const server = await startServerUnderTest({
      env: { KUBEKIT_SERVER: 'kubeconfig', KUBECONFIG: file },
    });
    expect(server).toMatchObject({ kind: 'kubeconfig', url: cluster.url, token: cluster.token });
    expect(server.embedded).toBeUndefined();
    const ns = await server.namespace('shared');
    await server.stop();
    const client = new TestClient(cluster);
    const after = await client.get(`/api/v1/namespaces/${ns}`);
    expect([404, 200]).toContain(after.status); // deleted, or still Terminating
    if (after.status === 200) expect(after.body.metadata.deletionTimestamp).toBeDefined();
    await client.close();
    await cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says which variable is missing for KUBEKIT_SERVER=real without KUBECONFIG', async () => {
    await expect(startServerUnderTest({ env: { KUBEKIT_SERVER: 'real' } })).rejects.toThrow(
      'KUBEKIT_SERVER=real needs KUBECONFIG',
    );
  });
});
