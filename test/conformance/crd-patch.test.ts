import { stringify } from 'yaml';
import { fixtures } from '@kubekit/testing';
import { connectCluster, type Cluster } from './cluster';

const group = 'conformance.kubekit.dev';

describe('conformance: CRDs and patches', () => {
  let c: Cluster;
  let ns: string;
  let things: string;
  beforeAll(async () => {
    c = await connectCluster();
    ns = await c.namespace('crd');
    const crd = fixtures.crd({
      group,
      kind: 'Thing',
      schema: {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            required: ['size'],
            properties: {
              size: { type: 'integer', minimum: 1 },
              tags: { type: 'array', items: { type: 'string' } },
            },
          },
          status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    });
    const res = await c.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    if (res.status !== 201 && res.status !== 409) throw new Error(`CRD: ${res.text}`);
    await c.eventually(async () => {
      const got = (
        await c.client.get(
          `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.${group}`,
        )
      ).body;
      expect(got.status.conditions.find((x: any) => x.type === 'Established')?.status).toBe('True');
      expect((await c.client.get(`/apis/${group}/v1`)).status).toBe(200);
    });
    things = `/apis/${group}/v1/namespaces/${ns}/things`;
  });
  afterAll(async () => {
    await c.client.delete(
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/things.${group}`,
    );
    await c.close();
  });

  it('serves the CRD in discovery', async () => {
    const list = (await c.client.get(`/apis/${group}/v1`)).body;
    expect(list.resources.map((r: any) => r.name)).toEqual(['things', 'things/status']);
    expect(list.resources[0]).toMatchObject({
      kind: 'Thing',
      namespaced: true,
      singularName: 'thing',
    });
  });

  it('prunes unknown fields and validates against the schema (422 with field causes)', async () => {
    const ok = await c.client.post(things, {
      apiVersion: `${group}/v1`,
      kind: 'Thing',
      metadata: { name: 't1' },
      spec: { size: 1, extra: true },
    });
    expect(ok.status).toBe(201);
    expect(ok.body.spec).toEqual({ size: 1 });
    expect(ok.body.metadata.generation).toBe(1);
    const bad = await c.client.post(things, {
      apiVersion: `${group}/v1`,
      kind: 'Thing',
      metadata: { name: 't2' },
      spec: { size: 0 },
    });
    expect(bad.body).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(bad.body.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: 0: spec.size in body should be greater than or equal to 1',
        field: 'spec.size',
      },
    ]);
  });

  it('applies merge and JSON patches, refuses strategic merge patch with 415', async () => {
    await c.client.post(things, {
      apiVersion: `${group}/v1`,
      kind: 'Thing',
      metadata: { name: 'p' },
      spec: { size: 1 },
    });
    const merge = await c.client.patch(
      `${things}/p`,
      { spec: { size: 2 } },
      'application/merge-patch+json',
    );
    expect(merge.body.spec.size).toBe(2);
    expect(merge.body.metadata.generation).toBe(2);
    const json = await c.client.patch(
      `${things}/p`,
      [{ op: 'add', path: '/spec/tags', value: ['a'] }],
      'application/json-patch+json',
    );
    expect(json.body.spec.tags).toEqual(['a']);
    const smp = await c.client.patch(
      `${things}/p`,
      { spec: { size: 3 } },
      'application/strategic-merge-patch+json',
    );
    expect(smp.body).toMatchObject({ code: 415, reason: 'UnsupportedMediaType' });
  });

  it('runs server-side apply with conflicts between managers', async () => {
    const body = (size: number) =>
      stringify({
        apiVersion: `${group}/v1`,
        kind: 'Thing',
        metadata: { name: 'ssa' },
        spec: { size },
      });
    const created = await c.client.patch(
      `${things}/ssa?fieldManager=one`,
      body(1),
      'application/apply-patch+yaml',
    );
    expect(created.status).toBe(201);
    const conflict = await c.client.patch(
      `${things}/ssa?fieldManager=two`,
      body(2),
      'application/apply-patch+yaml',
    );
    expect(conflict.body).toMatchObject({ code: 409, reason: 'Conflict' });
    expect(conflict.body.details.causes[0]).toMatchObject({
      reason: 'FieldManagerConflict',
      field: '.spec.size',
    });
    const forced = await c.client.patch(
      `${things}/ssa?fieldManager=two&force=true`,
      body(2),
      'application/apply-patch+yaml',
    );
    expect(forced.body.spec.size).toBe(2);
  });

  it('splits status for custom resources with a status subresource', async () => {
    const t = (
      await c.client.post(things, {
        apiVersion: `${group}/v1`,
        kind: 'Thing',
        metadata: { name: 's' },
        spec: { size: 1 },
        status: { phase: 'ignored' },
      })
    ).body;
    expect(t.status).toBeUndefined();
    const st = await c.client.put(`${things}/s/status`, {
      ...t,
      spec: { size: 5 },
      status: { phase: 'Ready' },
    });
    expect(st.body.status).toEqual({ phase: 'Ready' });
    expect(st.body.spec.size).toBe(1);
  });
});
