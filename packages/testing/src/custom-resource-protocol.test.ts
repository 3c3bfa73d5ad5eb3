import { fixtures } from './fixtures';
import { startFixture, type ServerFixture } from './test-support/server-fixture';

/**
 * managedFields, lists, selectors and unserved paths of custom resources, each pinned to what
 * kube-apiserver v1.34.4 answered for the same requests (a CRD of the same schema on
 * test/real-apiserver, queried by hand).
 */
const schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        size: { type: 'integer' },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        atomicMap: {
          type: 'object',
          'x-kubernetes-map-type': 'atomic',
          properties: { a: { type: 'string' } },
        },
        granular: {
          type: 'object',
          'x-kubernetes-map-type': 'granular',
          properties: { a: { type: 'string' } },
        },
        nested: {
          type: 'object',
          properties: { inner: { type: 'object', properties: { a: { type: 'string' } } } },
        },
        list: { type: 'array', items: { type: 'string' } },
        free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    },
    status: { type: 'object', properties: { replicas: { type: 'integer' } } },
  },
};

const widgets = '/apis/probe.kubekit.dev/v1/namespaces/default/widgets';
const widget = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'probe.kubekit.dev/v1',
  kind: 'Widget',
  metadata: { name },
  spec,
});
const merge = 'application/merge-patch+json';
const fieldsOf = (obj: any): unknown[] =>
  obj.metadata.managedFields.map((e: any) => ({
    manager: e.manager,
    ...(e.subresource ? { subresource: e.subresource } : {}),
    ...(e.time ? { timed: true } : {}),
    fieldsV1: e.fieldsV1,
  }));

describe('custom resources answer as kube-apiserver', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
    const crd = fixtures.crd({ group: 'probe.kubekit.dev', kind: 'Widget', schema, scale: true });
    const res = await f.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    expect(res.status).toBe(201);
    await f.server.settle();
  });
  afterAll(() => f.stop());

  describe('managedFields', () => {
    it('owns every object an Update adds itself (".") unless it is atomic or empty', async () => {
      const res = await f.client.post(`${widgets}?fieldManager=curl`, {
        ...widget('w1', {
          size: 1,
          labels: { a: 'b' },
          atomicMap: { a: 'x' },
          granular: { a: 'y' },
          nested: { inner: { a: 'z' } },
          list: ['p'],
          free: { k: { j: 1 } },
        }),
      });
      expect(res.status).toBe(201);
      expect(fieldsOf(res.body)).toEqual([
        {
          manager: 'curl',
          timed: true,
          fieldsV1: {
            'f:spec': {
              '.': {},
              'f:atomicMap': {},
              'f:free': { '.': {}, 'f:k': { '.': {}, 'f:j': {} } },
              'f:granular': { '.': {}, 'f:a': {} },
              'f:labels': { '.': {}, 'f:a': {} },
              'f:list': {},
              'f:nested': { '.': {}, 'f:inner': { '.': {}, 'f:a': {} } },
              'f:size': {},
            },
          },
        },
      ]);
      const empty = await f.client.post(`${widgets}?fieldManager=curl`, widget('w2', {}));
      expect(fieldsOf(empty.body)).toEqual([
        { manager: 'curl', timed: true, fieldsV1: { 'f:spec': {} } },
      ]);
    });

    it('does not give a later manager the objects that already existed', async () => {
      const res = await f.client.patch(
        `${widgets}/w1?fieldManager=second`,
        { spec: { replicas: 3 } },
        merge,
      );
      expect(fieldsOf(res.body)[1]).toEqual({
        manager: 'second',
        timed: true,
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      });
    });

    it('records a scale write without a time (first) and takes replicas from its owner', async () => {
      await f.client.patch(
        `${widgets}/w1/scale?fieldManager=curl`,
        { spec: { replicas: 7 } },
        merge,
      );
      const live = (await f.client.get(`${widgets}/w1`)).body;
      const entries = fieldsOf(live) as Array<{ manager: string; subresource?: string }>;
      expect(entries[0]).toEqual({
        manager: 'curl',
        subresource: 'scale',
        fieldsV1: { 'f:spec': { 'f:replicas': {} } },
      });
      // "second" owned only replicas: its entry is gone
      expect(entries.map((e) => e.manager)).toEqual(['curl', 'curl']);
    });

    it('records a scale write for nobody when no manager owns replicas', async () => {
      await f.client.post(`${widgets}?fieldManager=curl`, widget('w3', { size: 1 }));
      const res = await f.client.patch(`${widgets}/w3/scale`, { spec: { replicas: 2 } }, merge);
      expect(res.status).toBe(200);
      const live = (await f.client.get(`${widgets}/w3`)).body;
      expect(live.spec.replicas).toBe(2);
      expect(fieldsOf(live)).toEqual([
        { manager: 'curl', timed: true, fieldsV1: { 'f:spec': { '.': {}, 'f:size': {} } } },
      ]);
    });
  });

  it('lists with metadata.continue always present (unstructured lists)', async () => {
    const all = (await f.client.get(widgets)).body;
    expect(all.metadata.continue).toBe('');
    const none = (await f.client.get(`${widgets}?labelSelector=x%3Dy`)).body;
    expect(none).toMatchObject({ items: [], metadata: { continue: '' } });
  });

  it('accepts only metadata.name and metadata.namespace in field selectors', async () => {
    const res = await f.client.get(`${widgets}?fieldSelector=spec.size%3D1`);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('field label not supported: spec.size');
  });

  it("selects on the CRD's selectableFields, values formatted as Go formats scalars", async () => {
    const crd = fixtures.crd({
      group: 'probe.kubekit.dev',
      kind: 'Gadget',
      schema: {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              color: { type: 'string' },
              size: { type: 'integer' },
              on: { type: 'boolean' },
            },
          },
        },
      },
    });
    crd.spec.versions[0].selectableFields = ['.spec.color', '.spec.size', '.spec.on'].map(
      (jsonPath) => ({ jsonPath }),
    );
    expect(
      (await f.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status,
    ).toBe(201);
    await f.server.settle();
    const gadgets = '/apis/probe.kubekit.dev/v1/namespaces/default/gadgets';
    const gadget = (name: string, spec: object) => ({
      apiVersion: 'probe.kubekit.dev/v1',
      kind: 'Gadget',
      metadata: { name },
      spec,
    });
    await f.client.post(gadgets, gadget('g1', { color: 'red', size: 2, on: true }));
    await f.client.post(gadgets, gadget('g2', {}));
    const names = async (selector: string) => {
      const res = await f.client.get(`${gadgets}?fieldSelector=${encodeURIComponent(selector)}`);
      return res.status === 200
        ? res.body.items.map((i: any) => i.metadata.name)
        : res.body.message;
    };
    expect(await names('spec.color=red')).toEqual(['g1']);
    expect(await names('spec.size=2')).toEqual(['g1']);
    expect(await names('spec.on=true')).toEqual(['g1']);
    expect(await names('spec.color=')).toEqual(['g2']);
    expect(await names('spec.color!=red')).toEqual(['g2']);
    expect(await names('spec.other=1')).toBe('field label not supported: spec.other');
  });

  it('answers an unknown subresource of an existing object as if the object were absent', async () => {
    const res = await f.client.get(`${widgets}/w1/bogus`);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({
      message: 'widgets.probe.kubekit.dev "w1" not found',
      reason: 'NotFound',
      details: { name: 'w1', group: 'probe.kubekit.dev', kind: 'widgets' },
    });
  });

  it('names the kind in decoding errors', async () => {
    const res = await f.client.post(widgets, 'not json');
    expect(res.body.message).toBe(
      "the object provided is unrecognized (must be of type Widget): couldn't get version/kind; json parse error: invalid character 'o' in literal null (expecting 'u') (6e6f74206a736f6e)",
    );
  });

  it.each([
    '/apis/probe.kubekit.dev/v9/x',
    '/apis/probe.kubekit.dev/v1/nothings',
    '/apis/probe.kubekit.dev/v1/widgets/x',
  ])('answers %s (no custom resource served there) with the plain-text 404', async (path) => {
    const res = await f.client.get(path);
    expect(res.status).toBe(404);
    expect(res.text).toBe('404 page not found\n');
  });
});
