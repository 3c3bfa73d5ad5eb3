import { installGizmos, startFixture, type ServerFixture } from './test-support/server-fixture';

/**
 * Values of the wrong JSON type where kube-apiserver decodes into typed fields answer 4xx as
 * its decoder does (found by request-fuzz.test.ts; each was a 500 carrying a JavaScript
 * TypeError).
 */
const ns = '/api/v1/namespaces/default';
const gizmos = '/apis/example.com/v1/namespaces/default/gizmos';

describe('values of the wrong type', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
    await installGizmos(f);
    expect((await f.client.post(`${ns}/configmaps`, { metadata: { name: 'target' } })).status).toBe(
      201,
    );
  });
  afterAll(() => f.stop());

  it.each(['"str"', '5', 'true', '[]'])('answers metadata %s with 400', async (metadata) => {
    const cm = await f.client.post(`${ns}/configmaps`, `{"metadata":${metadata}}`);
    expect(cm.status).toBe(400);
    expect(cm.body.message).toMatch(
      /^ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal \w+ into Go struct field ConfigMap\.metadata of type v1\.ObjectMeta$/,
    );
    const cr = await f.client.post(
      gizmos,
      `{"apiVersion":"example.com/v1","kind":"Gizmo","metadata":${metadata}}`,
    );
    expect(cr.body).toMatchObject({ code: 400, reason: 'BadRequest' });
  });

  it('answers ConfigMap and Secret values that are not strings with 400', async () => {
    for (const [path, body, field] of [
      [
        `${ns}/configmaps`,
        '{"metadata":{"name":"o"},"data":{"k":{"toString":"x"}}}',
        'ConfigMap.data',
      ],
      [`${ns}/configmaps`, '{"metadata":{"name":"o"},"data":[]}', 'ConfigMap.data'],
      [`${ns}/secrets`, '{"metadata":{"name":"o"},"stringData":{"k":5}}', 'Secret.stringData'],
    ]) {
      const res = await f.client.post(path!, body);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(`into Go struct field ${field} of type`);
    }
    const patched = await f.client.patch(
      `${ns}/configmaps/target`,
      { data: { k: { nested: true } } },
      'application/merge-patch+json',
    );
    expect(patched.status).toBeGreaterThanOrEqual(400);
    expect(patched.status).toBeLessThan(500);
  });

  it('answers a JSON patch that leaves no object with 422 on the field patch', async () => {
    const res = await f.client.patch(
      `${ns}/configmaps/target`,
      [{ op: 'replace', path: '', value: -0 }],
      'application/json-patch+json',
    );
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('Invalid');
    expect(res.body.details.causes).toEqual([
      expect.objectContaining({ reason: 'FieldValueInvalid', field: 'patch' }),
    ]);
  });
});
