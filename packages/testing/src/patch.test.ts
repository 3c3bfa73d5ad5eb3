import { fixtures } from './fixtures';
import { startFixture, type ServerFixture } from './test-support/server-fixture';

const deployments = '/apis/apps/v1/namespaces/default/deployments';

describe('patch', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.post(deployments, fixtures.deployment('web', { replicas: 1 }));
  });
  afterAll(() => f.stop());

  it('applies a JSON patch', async () => {
    const res = await f.client.patch(
      `${deployments}/web`,
      [{ op: 'replace', path: '/spec/replicas', value: 3 }],
      'application/json-patch+json',
    );
    expect(res.status).toBe(200);
    expect(res.body.spec.replicas).toBe(3);
    expect(res.body.metadata.generation).toBe(2);
  });

  it('answers a failed JSON patch test op with 422', async () => {
    const res = await f.client.patch(
      `${deployments}/web`,
      [{ op: 'test', path: '/spec/replicas', value: 99 }],
      'application/json-patch+json',
    );
    expect(res.status).toBe(422);
  });

  it('applies a merge patch, null deleting a key', async () => {
    await f.client.patch(
      `${deployments}/web`,
      { metadata: { labels: { a: '1', b: '2' } } },
      'application/merge-patch+json',
    );
    const res = await f.client.patch(
      `${deployments}/web`,
      { metadata: { labels: { a: null } } },
      'application/merge-patch+json',
    );
    expect(res.body.metadata.labels).toEqual({ b: '2' });
    expect(res.body.metadata.generation).toBe(2);
  });

  it('merges containers by name with a strategic merge patch', async () => {
    const patch = {
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'sidecar', image: 'envoy' },
              { name: 'main', image: 'busybox:2' },
            ],
          },
        },
      },
    };
    const res = await f.client.patch(
      `${deployments}/web`,
      patch,
      'application/strategic-merge-patch+json',
    );
    expect(res.status).toBe(200);
    const containers = res.body.spec.template.spec.containers.map((c: any) => [c.name, c.image]);
    expect(containers).toEqual(
      expect.arrayContaining([
        ['main', 'busybox:2'],
        ['sidecar', 'envoy'],
      ]),
    );
    expect(containers).toHaveLength(2);
  });

  it('patches only status through the status subresource', async () => {
    const res = await f.client.patch(
      `${deployments}/web/status`,
      { status: { replicas: 3 }, spec: { replicas: 100 } },
      'application/merge-patch+json',
    );
    expect(res.body.status.replicas).toBe(3);
    expect(res.body.spec.replicas).toBe(3);
  });

  it('patches the scale subresource', async () => {
    const res = await f.client.patch(
      `${deployments}/web/scale`,
      { spec: { replicas: 7 } },
      'application/merge-patch+json',
    );
    expect(res.body).toMatchObject({ kind: 'Scale', spec: { replicas: 7 } });
  });

  it('honours a resourceVersion in the patch as a precondition', async () => {
    const res = await f.client.patch(
      `${deployments}/web`,
      { metadata: { resourceVersion: '1' }, spec: { replicas: 1 } },
      'application/merge-patch+json',
    );
    expect(res.status).toBe(409);
    expect(res.body.reason).toBe('Conflict');
  });

  it('answers 415 for an unknown patch type and 404 for a missing object', async () => {
    const res = await f.client.patch(`${deployments}/web`, {}, 'application/json');
    expect(res.status).toBe(415);
    expect(res.body.reason).toBe('UnsupportedMediaType');
    expect(
      (await f.client.patch(`${deployments}/nope`, {}, 'application/merge-patch+json')).status,
    ).toBe(404);
  });

  it('refuses strategic merge patch for custom resources with 415', async () => {
    await f.client.post(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      fixtures.crd({ group: 'p.example.com', kind: 'Thing' }),
    );
    await f.server.settle();
    await f.client.post('/apis/p.example.com/v1/namespaces/default/things', {
      metadata: { name: 't' },
      spec: { a: 1 },
    });
    const res = await f.client.patch(
      '/apis/p.example.com/v1/namespaces/default/things/t',
      { spec: { a: 2 } },
      'application/strategic-merge-patch+json',
    );
    expect(res.status).toBe(415);
    expect(res.body.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
    const merge = await f.client.patch(
      '/apis/p.example.com/v1/namespaces/default/things/t',
      { spec: { a: 2 } },
      'application/merge-patch+json',
    );
    expect(merge.body.spec).toEqual({ a: 2 });
  });

  it('persists nothing for a dry-run patch', async () => {
    const before = (await f.client.get(`${deployments}/web`)).body;
    const res = await f.client.patch(
      `${deployments}/web?dryRun=All`,
      { spec: { replicas: 42 } },
      'application/merge-patch+json',
    );
    expect(res.body.spec.replicas).toBe(42);
    expect((await f.client.get(`${deployments}/web`)).body).toEqual(before);
  });
});
