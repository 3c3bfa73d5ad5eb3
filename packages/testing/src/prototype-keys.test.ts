import { fixtures } from './fixtures';
import { installGizmos, startFixture, type ServerFixture } from './test-support/server-fixture';

/**
 * Keys that name JavaScript's object machinery (`__proto__`, `constructor`, `prototype`) are
 * plain data in a request body, as they are to kube-apiserver: no patch, apply or decoded body
 * may reach `Object.prototype` of the server's process, and such keys are stored like any other.
 */
const cms = '/api/v1/namespaces/default/configmaps';
const merge = 'application/merge-patch+json';
const strategic = 'application/strategic-merge-patch+json';
const jsonPatch = 'application/json-patch+json';
const apply = 'application/apply-patch+yaml';
const gizmos = '/apis/example.com/v1/namespaces/default/gizmos';

const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();

describe('prototype keys in request bodies', () => {
  let f: ServerFixture;
  const clean = prototypeKeys();
  beforeAll(async () => {
    f = await startFixture();
    await installGizmos(f);
    expect((await f.client.post(cms, { metadata: { name: 'target' } })).status).toBe(201);
  });
  afterEach(() => {
    // a failing case must not poison the cases after it
    for (const key of prototypeKeys())
      if (!clean.includes(key)) delete (Object.prototype as Record<string, unknown>)[key];
  });
  afterAll(() => f.stop());

  const hostile = (key: string) =>
    `{"${key}":{"finalizers":["example.com/stuck"],"polluted":"yes"},"metadata":{"${key}":{"polluted":"yes"}}}`;

  it.each([
    ['merge patch', merge],
    ['strategic merge patch', strategic],
  ])('a %s naming __proto__ changes no other object', async (_, type) => {
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      const res = await f.client.patch(`${cms}/target`, hostile(key), type);
      expect(res.status).toBe(200);
    }
    expect(prototypeKeys()).toEqual(clean);
    // a new object gets no finalizers from anywhere, and goes away when deleted
    const created = await f.client.post(cms, { metadata: { name: `fresh-${type.length}` } });
    expect(created.status).toBe(201);
    expect(created.body.metadata.finalizers).toBeUndefined();
    expect((await f.client.delete(`${cms}/fresh-${type.length}`)).status).toBe(200);
    expect((await f.client.get(`${cms}/fresh-${type.length}`)).status).toBe(404);
    expect((await f.client.get('/api/v1/namespaces/default')).status).toBe(200);
  });

  it('a JSON patch adding under __proto__ adds a key, not a prototype', async () => {
    const res = await f.client.patch(
      `${cms}/target`,
      [
        { op: 'add', path: '/data', value: {} },
        { op: 'add', path: '/data/__proto__', value: 'a' },
        { op: 'add', path: '/metadata/__proto__', value: { finalizers: ['example.com/stuck'] } },
      ],
      jsonPatch,
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual(JSON.parse('{"__proto__":"a"}'));
    expect(res.body.metadata.finalizers).toBeUndefined();
    expect(prototypeKeys()).toEqual(clean);
  });

  it('stores __proto__, constructor and prototype as ConfigMap keys through every write', async () => {
    const data = '{"__proto__":"p","constructor":"c","prototype":"t"}';
    const patched = await f.client.patch(`${cms}/target`, `{"data":${data}}`, merge);
    expect(patched.status).toBe(200);
    expect(patched.body.data).toEqual(JSON.parse(data));
    const created = await f.client.post(cms, `{"metadata":{"name":"keys"},"data":${data}}`);
    expect(created.status).toBe(201);
    expect(created.body.data).toEqual(JSON.parse(data));
    const applied = await f.client.patch(
      `${cms}/applied?fieldManager=m`,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied\ndata:\n  __proto__: p\n',
      apply,
    );
    expect(applied.status).toBe(201);
    expect(applied.body.data).toEqual(JSON.parse('{"__proto__":"p"}'));
    expect(prototypeKeys()).toEqual(clean);
  });

  it('keeps __proto__ as data of a custom resource that preserves unknown fields', async () => {
    const body = (spec: string) =>
      `{"apiVersion":"example.com/v1","kind":"Gizmo","metadata":{"name":"g"},"spec":${spec}}`;
    const created = await f.client.post(gizmos, body('{"__proto__":{"polluted":"yes"}}'));
    expect(created.status).toBe(201);
    expect(created.body.spec).toEqual(JSON.parse('{"__proto__":{"polluted":"yes"}}'));
    const patched = await f.client.patch(
      `${gizmos}/g`,
      '{"spec":{"__proto__":{"more":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}}',
      merge,
    );
    expect(patched.status).toBe(200);
    expect(patched.body.spec).toEqual(
      JSON.parse(
        '{"__proto__":{"polluted":"yes","more":"yes"},"constructor":{"prototype":{"polluted":"yes"}}}',
      ),
    );
    const applied = await f.client.patch(
      `${gizmos}/g?fieldManager=m&force=true`,
      body('{"__proto__":{"applied":"yes"}}'),
      apply,
    );
    expect(applied.status).toBe(200);
    expect(applied.body.spec.__proto__).toMatchObject({ applied: 'yes', more: 'yes' });
    expect(prototypeKeys()).toEqual(clean);
  });

  it('follows scale paths a CRD names through __proto__ as data', async () => {
    const crd = fixtures.crd({
      group: 'example.com',
      kind: 'Sprocket',
      scale: true,
      schema: {
        type: 'object',
        properties: {
          spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
          status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    });
    for (const v of crd.spec.versions)
      v.subresources.scale = {
        specReplicasPath: '.spec.__proto__.replicas',
        statusReplicasPath: '.status.__proto__.replicas',
      };
    const res = await f.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    expect(res.status).toBe(201);
    await f.server.settle();
    const sprockets = '/apis/example.com/v1/namespaces/default/sprockets';
    const body = {
      apiVersion: 'example.com/v1',
      kind: 'Sprocket',
      metadata: { name: 's' },
      spec: {},
    };
    expect((await f.client.post(sprockets, body)).status).toBe(201);
    const scaled = await f.client.put(`${sprockets}/s/scale`, {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 's', namespace: 'default' },
      spec: { replicas: 7 },
    });
    expect(scaled.status).toBe(200);
    expect(scaled.body.spec).toEqual({ replicas: 7 });
    expect(prototypeKeys()).toEqual(clean);
    const stored = await f.client.get(`${sprockets}/s`);
    expect(stored.body.spec).toEqual(JSON.parse('{"__proto__":{"replicas":7}}'));
  });
});
