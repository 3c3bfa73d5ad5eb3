import { fixtures, startApiServer, type ApiServer } from '@kubekit/testing';
import { configFromKubeconfig } from './client-config';
import { DiscoveryClient } from './discovery-client';
import { DiscoveryError } from './discovery-error';
import { DynamicClient } from './dynamic-client';
import { sendJson, startTestServer } from './internal/testing/http-test-server';
import { RESTClient } from './rest-client';

describe('DiscoveryClient against the in-memory API server', () => {
  let server: ApiServer;
  let client: RESTClient;
  beforeAll(async () => {
    server = await startApiServer({ gitVersion: 'v1.33.2' });
    client = new RESTClient(
      configFromKubeconfig(server.kubeConfig, { overrides: { warningHandler: null } }),
    );
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
  });

  it('reports the server version, the groups (core first) and the resources of a group-version', async () => {
    const discovery = new DiscoveryClient(client);
    expect(await discovery.serverVersion()).toMatchObject({ gitVersion: 'v1.33.2' });
    const { groups } = await discovery.serverGroups();
    expect(groups[0]).toMatchObject({
      name: '',
      preferredVersion: { groupVersion: 'v1', version: 'v1' },
    });
    expect(groups.map((g) => g.name)).toEqual(
      expect.arrayContaining(['apps', 'coordination.k8s.io']),
    );
    const core = await discovery.serverResourcesForGroupVersion('v1');
    expect(core.resources.find((r) => r.name === 'pods')).toMatchObject({
      kind: 'Pod',
      namespaced: true,
    });
    expect(core.resources.some((r) => r.name === 'pods/status')).toBe(true);
    const apps = await discovery.serverResourcesForGroupVersion({ group: 'apps', version: 'v1' });
    expect(apps.groupVersion).toBe('apps/v1');
  });

  it('maps kinds to resources, skipping subresources', async () => {
    const discovery = new DiscoveryClient(client);
    await expect(
      discovery.resourceFor({ group: '', version: 'v1', kind: 'Pod' }),
    ).resolves.toMatchObject({
      resource: { group: '', version: 'v1', resource: 'pods' },
      namespaced: true,
    });
    await expect(
      discovery.resourceFor({ group: '', version: 'v1', kind: 'Namespace' }),
    ).resolves.toMatchObject({
      resource: { resource: 'namespaces' },
      namespaced: false,
    });
  });

  it('throws NoKindMatch for unknown kinds and groups, and finds a CRD installed after a cached miss', async () => {
    const discovery = new DiscoveryClient(client);
    const gvk = { group: 'example.dev', version: 'v1', kind: 'Widget' };
    const err = await discovery.resourceFor(gvk).catch((e: unknown) => e);
    expect(DiscoveryError.isInstance(err)).toBe(true);
    expect((err as DiscoveryError).message).toBe(
      'no matches for kind "Widget" in version "example.dev/v1"',
    );

    const crds = new DynamicClient(client).resource({
      group: 'apiextensions.k8s.io',
      version: 'v1',
      resource: 'customresourcedefinitions',
    });
    await crds.create(fixtures.crd({ group: 'example.dev', kind: 'Gadget' }));
    await server.settle();
    expect((await discovery.resourceFor({ ...gvk, kind: 'Gadget' })).resource.resource).toBe(
      'gadgets',
    );
    // example.dev/v1 is now cached without Widget; installing it must still be found
    await crds.create(fixtures.crd({ group: 'example.dev', kind: 'Widget' }));
    await server.settle();
    expect((await discovery.resourceFor(gvk)).resource.resource).toBe('widgets');
  });
});

describe('DiscoveryClient caching', () => {
  it('caches answers, shares concurrent calls, does not cache errors, and forgets on invalidate()', async () => {
    const local = await startTestServer();
    let fail = true;
    local.handle((req, res) => {
      if (req.url === '/apis/broken/v1' && fail)
        return sendJson(res, 500, { kind: 'Status', code: 500 });
      sendJson(res, 200, { groupVersion: 'x', resources: [], gitVersion: 'v1' });
    });
    const client = new RESTClient({ server: local.url, warningHandler: null });
    const discovery = new DiscoveryClient(client);
    await Promise.all([discovery.serverVersion(), discovery.serverVersion()]);
    await discovery.serverVersion();
    expect(local.requests.filter((r) => r.url === '/version')).toHaveLength(1);
    await expect(discovery.serverResourcesForGroupVersion('broken/v1')).rejects.toMatchObject({
      code: 500,
    });
    fail = false;
    await expect(discovery.serverResourcesForGroupVersion('broken/v1')).resolves.toMatchObject({
      groupVersion: 'x',
    });
    discovery.invalidate();
    await discovery.serverVersion();
    expect(local.requests.filter((r) => r.url === '/version')).toHaveLength(2);
    await client.close();
    await local.close();
  });
});
