import { fixtures } from './fixtures';
import { startFixture, type ServerFixture } from './test-support/server-fixture';

const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      required: ['image'],
      properties: {
        image: { type: 'string', pattern: '^[a-z]+$' },
        replicas: { type: 'integer', minimum: 0, default: 1 },
        mode: { type: 'string', enum: ['fast', 'slow'] },
        port: { 'x-kubernetes-int-or-string': true },
      },
    },
    status: {
      type: 'object',
      properties: { replicas: { type: 'integer' }, phase: { type: 'string' } },
    },
  },
};

const widgets = '/apis/example.com/v1/namespaces/default/widgets';
const widget = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name },
  spec,
});

describe('CustomResourceDefinitions', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
    const crd = fixtures.crd({
      group: 'example.com',
      kind: 'Widget',
      versions: ['v1', 'v1beta1'],
      schema,
      shortNames: ['wd'],
      categories: ['all'],
      scale: true,
      printerColumns: [{ name: 'Image', type: 'string', jsonPath: '.spec.image' }],
    });
    const res = await f.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    expect(res.status).toBe(201);
    await f.server.settle();
  });
  afterAll(() => f.stop());

  it('marks the CRD Established and NamesAccepted', async () => {
    const crd = (
      await f.client.get(
        '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com',
      )
    ).body;
    const conds = Object.fromEntries(crd.status.conditions.map((c: any) => [c.type, c.status]));
    expect(conds).toEqual({ NamesAccepted: 'True', Established: 'True' });
    expect(crd.status.acceptedNames).toMatchObject({
      plural: 'widgets',
      kind: 'Widget',
      shortNames: ['wd'],
    });
    expect(crd.status.storedVersions).toEqual(['v1']);
  });

  it('serves the resource in discovery at every served version', async () => {
    expect((await f.client.get('/apis/example.com')).body).toMatchObject({
      versions: [{ version: 'v1' }, { version: 'v1beta1' }],
      preferredVersion: { version: 'v1' },
    });
    const list = (await f.client.get('/apis/example.com/v1')).body;
    expect(list.resources.map((r: any) => r.name)).toEqual([
      'widgets',
      'widgets/scale',
      'widgets/status',
    ]);
    expect(list.resources[0]).toMatchObject({
      singularName: 'widget',
      namespaced: true,
      kind: 'Widget',
      shortNames: ['wd'],
      categories: ['all'],
    });
    expect((await f.client.get('/apis/example.com/v1beta1')).status).toBe(200);
  });

  it('creates objects with defaults applied, unknown fields pruned and generation tracked', async () => {
    const res = await f.client.post(widgets, widget('w1', { image: 'nginx', extra: 'dropped' }));
    expect(res.status).toBe(201);
    expect(res.body.spec).toEqual({ image: 'nginx', replicas: 1 });
    expect(res.body.metadata.generation).toBe(1);
    const v1beta1 = (await f.client.get('/apis/example.com/v1beta1/namespaces/default/widgets/w1'))
      .body;
    expect(v1beta1.apiVersion).toBe('example.com/v1beta1');
    const list = (await f.client.get(widgets)).body;
    expect(list).toMatchObject({ kind: 'WidgetList', apiVersion: 'example.com/v1' });
    expect(list.items[0].kind).toBe('Widget');
  });

  it('answers 422 Invalid with field paths for schema violations', async () => {
    const res = await f.client.post(
      widgets,
      widget('bad', { image: 'UPPER', replicas: -1, mode: 'medium' }),
    );
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('Invalid');
    expect(res.body.message).toMatch(/^Widget\.example\.com "bad" is invalid: \[/);
    const fields = res.body.details.causes.map((c: any) => c.field).sort();
    expect(fields).toEqual(['spec.image', 'spec.mode', 'spec.replicas']);
    const missing = await f.client.post(widgets, widget('missing', {}));
    expect(missing.body.details.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.image' },
    ]);
  });

  it('requires a resourceVersion on update and splits status', async () => {
    const w = (await f.client.post(widgets, widget('w2', { image: 'x' }))).body;
    const unconditional = await f.client.put(`${widgets}/w2`, {
      ...w,
      metadata: { ...w.metadata, resourceVersion: undefined },
    });
    expect(unconditional.status).toBe(422);
    expect(unconditional.body.details.causes[0]).toMatchObject({
      field: 'metadata.resourceVersion',
      message: 'Invalid value: 0x0: must be specified for an update',
    });
    const status = await f.client.put(`${widgets}/w2/status`, {
      ...w,
      spec: { image: 'changed' },
      status: { phase: 'Running', replicas: 1 },
    });
    expect(status.body.status).toEqual({ phase: 'Running', replicas: 1 });
    expect(status.body.spec.image).toBe('x');
    expect(status.body.metadata.generation).toBe(1);
    const spec = await f.client.put(`${widgets}/w2`, {
      ...status.body,
      spec: { ...status.body.spec, image: 'y' },
      status: {},
    });
    expect(spec.body.metadata.generation).toBe(2);
    expect(spec.body.status).toEqual({ phase: 'Running', replicas: 1 });
  });

  it('serves the scale subresource on the declared paths', async () => {
    await f.client.post(widgets, widget('w3', { image: 'x', replicas: 2 }));
    const scale = (await f.client.get(`${widgets}/w3/scale`)).body;
    expect(scale).toMatchObject({ kind: 'Scale', spec: { replicas: 2 }, status: { replicas: 0 } });
    await f.client.put(`${widgets}/w3/scale`, { ...scale, spec: { replicas: 4 } });
    expect((await f.client.get(`${widgets}/w3`)).body.spec.replicas).toBe(4);
  });

  it('prints the CRD printer columns in Tables', async () => {
    const table = (
      await f.client.get(`${widgets}?fieldSelector=metadata.name%3Dw1`, {
        accept: 'application/json;as=Table;v=v1;g=meta.k8s.io',
      })
    ).body;
    expect(table.columnDefinitions.map((c: any) => c.name)).toEqual(['Name', 'Image']);
    expect(table.rows[0].cells).toEqual(['w1', 'nginx']);
  });

  it('does not accept names a built-in resource already serves', async () => {
    const clash = fixtures.crd({ group: 'apps', kind: 'Deployment', plural: 'deployments' });
    expect(
      (await f.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', clash))
        .status,
    ).toBe(201);
    await f.server.settle();
    const crd = (
      await f.client.get('/apis/apiextensions.k8s.io/v1/customresourcedefinitions/deployments.apps')
    ).body;
    const conds = Object.fromEntries(crd.status.conditions.map((c: any) => [c.type, c.status]));
    expect(conds).toEqual({ NamesAccepted: 'False', Established: 'False' });
    const builtin = (await f.client.get('/apis/apps/v1')).body.resources.find(
      (r: any) => r.name === 'deployments',
    );
    expect(builtin.shortNames).toEqual(['deploy']);
  });

  it('rejects an invalid CRD with 422', async () => {
    const bad = fixtures.crd({ group: 'example.com', kind: 'Gadget' });
    bad.metadata!.name = 'wrong.example.com';
    const res = await f.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', bad);
    expect(res.status).toBe(422);
    expect(res.body.details.causes[0]).toMatchObject({ field: 'metadata.name' });
  });

  it('stops serving and deletes the objects when the CRD is deleted', async () => {
    const crd = fixtures.crd({ group: 'tmp.example.com', kind: 'Temp', scope: 'Cluster' });
    await f.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    await f.server.settle();
    await f.client.post('/apis/tmp.example.com/v1/temps', {
      metadata: { name: 't1' },
      spec: { a: 1 },
    });
    const w = await f.client.watch(
      `/apis/tmp.example.com/v1/temps?watch=true&resourceVersion=${f.server.storage.resourceVersion}`,
    );
    const del = await f.client.delete(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/temps.tmp.example.com',
    );
    expect(del.status).toBe(200);
    await f.server.settle();
    const [e] = await w.take(1);
    expect(e).toMatchObject({ type: 'DELETED', object: { metadata: { name: 't1' } } });
    expect(await w.next()).toBeUndefined();
    expect((await f.client.get('/apis/tmp.example.com/v1/temps')).status).toBe(404);
    expect(
      (
        await f.client.get(
          '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/temps.tmp.example.com',
        )
      ).status,
    ).toBe(404);
    expect((await f.client.get('/apis')).body.groups.map((g: any) => g.name)).not.toContain(
      'tmp.example.com',
    );
  });
});
