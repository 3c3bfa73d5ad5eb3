import { stringify } from 'yaml';
import { fixtures } from './fixtures';
import { startFixture, type ServerFixture } from './test-support/server-fixture';

const cms = '/api/v1/namespaces/default/configmaps';
const apply = 'application/apply-patch+yaml';
const config = (name: string, data: Record<string, string>) =>
  stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data });

describe('server-side apply', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
  });
  afterAll(() => f.stop());

  it('creates the object and records the manager in managedFields', async () => {
    const res = await f.client.patch(
      `${cms}/ssa?fieldManager=alice`,
      config('ssa', { a: '1' }),
      apply,
    );
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ a: '1' });
    expect(res.body.metadata.managedFields).toEqual([
      expect.objectContaining({
        manager: 'alice',
        operation: 'Apply',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: { 'f:data': { 'f:a': {} } },
      }),
    ]);
  });

  it('removes fields the manager stops applying', async () => {
    await f.client.patch(
      `${cms}/shrink?fieldManager=alice`,
      config('shrink', { a: '1', b: '2' }),
      apply,
    );
    const res = await f.client.patch(
      `${cms}/shrink?fieldManager=alice`,
      config('shrink', { a: '1' }),
      apply,
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ a: '1' });
  });

  it('answers 409 Conflict when another manager owns a changed field, unless forced', async () => {
    await f.client.patch(
      `${cms}/contested?fieldManager=alice`,
      config('contested', { a: '1' }),
      apply,
    );
    const conflict = await f.client.patch(
      `${cms}/contested?fieldManager=bob`,
      config('contested', { a: '2' }),
      apply,
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body.reason).toBe('Conflict');
    expect(conflict.body.message).toMatch(/conflict with "alice"/);
    expect(conflict.body.details.causes[0]).toMatchObject({
      reason: 'FieldManagerConflict',
      field: '.data.a',
    });
    const forced = await f.client.patch(
      `${cms}/contested?fieldManager=bob&force=true`,
      config('contested', { a: '2' }),
      apply,
    );
    expect(forced.status).toBe(200);
    expect(forced.body.data.a).toBe('2');
    expect(forced.body.metadata.managedFields.map((m: any) => m.manager)).toEqual(['bob']);
  });

  it('tracks updates by other clients as Update entries', async () => {
    await f.client.patch(`${cms}/mixed?fieldManager=alice`, config('mixed', { a: '1' }), apply);
    const res = await f.client.patch(
      `${cms}/mixed?fieldManager=editor`,
      { data: { b: '2' } },
      'application/merge-patch+json',
    );
    const managers = res.body.metadata.managedFields.map((m: any) => [m.manager, m.operation]);
    expect(managers).toEqual([
      ['alice', 'Apply'],
      ['editor', 'Update'],
    ]);
  });

  it('requires fieldManager for apply and forbids force elsewhere (422 PatchOptions)', async () => {
    const res = await f.client.patch(`${cms}/x`, config('x', {}), apply);
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    const force = await f.client.patch(
      `${cms}/mixed?force=true`,
      { data: {} },
      'application/merge-patch+json',
    );
    expect(force.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
  });

  it('applies custom resources using the schema list types', async () => {
    await f.client.post(
      '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      fixtures.crd({ group: 'ssa.example.com', kind: 'Box', plural: 'boxes' }),
    );
    await f.server.settle();
    const box = stringify({
      apiVersion: 'ssa.example.com/v1',
      kind: 'Box',
      metadata: { name: 'b' },
      spec: { size: 3 },
    });
    const res = await f.client.patch(
      '/apis/ssa.example.com/v1/namespaces/default/boxes/b?fieldManager=ctl',
      box,
      apply,
    );
    expect(res.status).toBe(201);
    expect(res.body.spec).toEqual({ size: 3 });
    expect(res.body.metadata.generation).toBe(1);
  });

  it('persists nothing on a dry-run apply', async () => {
    const res = await f.client.patch(
      `${cms}/dry?fieldManager=alice&dryRun=All`,
      config('dry', { a: '1' }),
      apply,
    );
    expect(res.status).toBe(201);
    expect((await f.client.get(`${cms}/dry`)).status).toBe(404);
  });
});
