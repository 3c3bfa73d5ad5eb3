/**
 * x-kubernetes-validations (CEL) rules over HTTP: compile errors when the CRD is written, rule
 * failures when a custom resource is created or updated (reason, fieldPath, message,
 * messageExpression, transition rules). KUBEKIT_SERVER=real runs this file against
 * kube-apiserver too: field paths, reasons and cause types are the same on both; messages are
 * compared where this evaluator words them as kube does.
 */
import { randomBytes } from 'node:crypto';
import { TestClient, type TestResponse } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
const group = `cel${randomBytes(3).toString('hex')}.kubekit.dev`;
const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
const gadgets = () => `/apis/${group}/v1/namespaces/${ns}/gadgets`;

const rules = {
  spec: [
    { rule: 'self.min <= self.max', message: 'min must not exceed max' },
    { rule: "!has(self.mode) || self.mode != 'off' || self.replicas == 0" },
    {
      rule: 'self.replicas <= 5',
      messageExpression: "self.replicas > 9 ? 'replicas over 9' : 'replicas over 5'",
      fieldPath: '.replicas',
    },
    { rule: 'has(self.owner)', reason: 'FieldValueRequired', message: 'owner is required' },
  ],
  owner: [{ rule: 'self == oldSelf', message: 'owner is immutable' }],
  tags: [
    {
      rule: 'self.all(t, t.startsWith("t-"))',
      reason: 'FieldValueForbidden',
      message: 'tags start with t-',
    },
  ],
};

function gadgetCrd(extra: Record<string, unknown> = {}, name = 'gadgets') {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${name}.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: {
        plural: name,
        singular: name.slice(0, -1),
        kind: name === 'gadgets' ? 'Gadget' : 'Other',
        listKind: name === 'gadgets' ? 'GadgetList' : 'OtherList',
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  'x-kubernetes-validations': rules.spec,
                  properties: {
                    min: { type: 'integer' },
                    max: { type: 'integer' },
                    replicas: { type: 'integer', default: 1 },
                    mode: { type: 'string', maxLength: 10 },
                    owner: { type: 'string', 'x-kubernetes-validations': rules.owner },
                    tags: {
                      type: 'array',
                      maxItems: 5,
                      items: { type: 'string', maxLength: 10 },
                      'x-kubernetes-validations': rules.tags,
                    },
                    size: { type: 'integer', maximum: 10 },
                    ...extra,
                  },
                },
              },
            },
          },
        },
      ],
    },
  };
}

beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('cel');
  const res = await client.post(crdPath, gadgetCrd());
  if (res.status !== 201) throw new Error(res.text);
  const deadline = Date.now() + 60_000;
  while ((await client.get(gadgets())).status !== 200 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
});
afterAll(async () => {
  await client.delete(`${crdPath}/gadgets.${group}`);
  await client.close();
  await server.stop();
});

interface Cause {
  reason: string;
  message: string;
  field?: string;
}

function causes(res: TestResponse): Cause[] {
  expect(res.status).toBe(422);
  expect(res.body).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422 });
  return res.body.details.causes as Cause[];
}

const gadget = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: `${group}/v1`,
  kind: 'Gadget',
  metadata: { name },
  spec: { min: 1, max: 2, owner: 'me', ...spec },
});

describe('rules evaluated at create', () => {
  it('admits an object every rule accepts', async () => {
    const res = await client.post(gadgets(), gadget('fine', { tags: ['t-a'] }));
    expect(res.status).toBe(201);
  });

  it('reports a failed rule with its message at its node, value the node type', async () => {
    const res = await client.post(gadgets(), gadget('minmax', { min: 3, max: 2 }));
    expect(causes(res)).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "object": min must not exceed max',
        field: 'spec',
      },
    ]);
    expect(res.body.message).toBe(
      `Gadget.${group} "minmax" is invalid: spec: Invalid value: "object": min must not exceed max`,
    );
  });

  it('reports "failed rule" without a message, messageExpression and fieldPath', async () => {
    const res = await client.post(gadgets(), gadget('many', { mode: 'off', replicas: 7 }));
    expect(causes(res)).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "object": failed rule: !has(self.mode) || self.mode != 'off' || self.replicas == 0`,
        field: 'spec',
      },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "object": replicas over 5',
        field: 'spec.replicas',
      },
    ]);
  });

  it('gives the reason of the rule: Required, Forbidden', async () => {
    const res = await client.post(gadgets(), {
      ...gadget('reasons', { tags: ['t-a', 'x'] }),
      spec: { min: 1, max: 1, tags: ['t-a', 'x'] },
    });
    expect(causes(res)).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value: owner is required', field: 'spec' },
      {
        reason: 'FieldValueForbidden',
        message: 'Forbidden: tags start with t-',
        field: 'spec.tags',
      },
    ]);
  });

  it('skips the rules after a blocking schema error, and says so', async () => {
    const res = await client.post(gadgets(), gadget('blocked', { min: 3, size: 'x' }));
    const got = causes(res);
    expect(got.map((c) => [c.reason, c.field])).toEqual([
      ['FieldValueTypeInvalid', 'spec.size'],
      ['FieldValueInvalid', '<nil>'],
    ]);
    expect(got[1]!.message).toBe(
      'Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    );
  });
});

describe('transition rules at update', () => {
  it('runs oldSelf rules only on update, and ratchets unchanged values', async () => {
    const created = await client.post(gadgets(), gadget('owned', {}));
    expect(created.status).toBe(201);
    const path = `${gadgets()}/owned`;
    const changed = await client.request(
      'PATCH',
      path,
      { spec: { owner: 'you' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(causes(changed)).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "string": owner is immutable',
        field: 'spec.owner',
      },
    ]);
    const same = await client.request(
      'PATCH',
      path,
      { spec: { mode: 'on' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(same.status).toBe(200);
  });
});

describe('ratcheting', () => {
  it('keeps admitting an object a new rule rejects while the value under the rule is unchanged', async () => {
    for (const name of ['ratchet', 'probe'])
      expect((await client.post(gadgets(), gadget(name, { max: 2 }))).status).toBe(201);
    // A stricter rule on spec.max, added after the objects were stored.
    const crd = (await client.get(`${crdPath}/gadgets.${group}`)).body;
    const spec = crd.spec.versions[0].schema.openAPIV3Schema.properties.spec;
    spec.properties.max['x-kubernetes-validations'] = [{ rule: 'self < 2', message: 'max < 2' }];
    expect((await client.put(`${crdPath}/gadgets.${group}`, crd)).status).toBe(200);
    const patch = (name: string, body: unknown) =>
      client.request('PATCH', `${gadgets()}/${name}`, body, {
        'content-type': 'application/merge-patch+json',
      });
    // kube-apiserver serves the new schema a moment after the CRD update: change the probe's
    // max until that is refused.
    const deadline = Date.now() + 60_000;
    let max = 3;
    let changed = await patch('probe', { spec: { max } });
    while (changed.status === 200 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      changed = await patch('probe', { spec: { max: ++max } });
    }
    expect(causes(changed)).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "integer": max < 2',
        field: 'spec.max',
      },
    ]);
    expect((await patch('ratchet', { spec: { mode: 'on' } })).status).toBe(200);
    expect(causes(await patch('ratchet', { spec: { max: 3 } }))[0]?.field).toBe('spec.max');
  });
});

describe('rules checked when the CRD is written', () => {
  const base = 'spec.validation.openAPIV3Schema.properties[spec].properties[bad]';
  const written = async (bad: Record<string, unknown>) => {
    const res = await client.post(crdPath, gadgetCrd({ bad }, 'others'));
    if (res.status === 201) await client.delete(`${crdPath}/others.${group}`);
    return res;
  };
  const object = (rule: Record<string, unknown>) => ({
    type: 'object',
    properties: { a: { type: 'string' }, l: { type: 'array', items: { type: 'string' } } },
    'x-kubernetes-validations': [rule],
  });

  it.each([
    ['an undefined field', { rule: 'self.nope == 1' }, 'rule', 'FieldValueInvalid'],
    ['an undeclared function', { rule: 'nope(self.a)' }, 'rule', 'FieldValueInvalid'],
    ['a syntax error', { rule: 'self.a ==' }, 'rule', 'FieldValueInvalid'],
    ['an empty rule', { rule: ' ' }, 'rule', 'FieldValueRequired'],
    [
      'a message with a line break',
      { rule: 'true', message: 'a\nb' },
      'message',
      'FieldValueInvalid',
    ],
    ['an unknown reason', { rule: 'true', reason: 'Nope' }, 'reason', 'FieldValueNotSupported'],
    [
      'a fieldPath to no field',
      { rule: 'true', fieldPath: '.nope' },
      'fieldPath',
      'FieldValueInvalid',
    ],
    [
      'optionalOldSelf without oldSelf',
      { rule: 'true', optionalOldSelf: true },
      'optionalOldSelf',
      'FieldValueInvalid',
    ],
  ])('rejects %s, at the rule', async (_what, rule, field, reason) => {
    const got = causes(await written(object(rule)));
    expect(got.map((c) => [c.reason, c.field])).toEqual([
      [reason, `${base}.x-kubernetes-validations[0].${field}`],
    ]);
  });

  it('rejects oldSelf under an atomic list, naming the list', async () => {
    const got = causes(
      await written({
        type: 'array',
        maxItems: 5,
        items: {
          type: 'string',
          maxLength: 10,
          'x-kubernetes-validations': [{ rule: 'self == oldSelf' }],
        },
      }),
    );
    expect(got).toEqual([
      {
        reason: 'FieldValueInvalid',
        field: `${base}.items.x-kubernetes-validations[0].rule`,
        message: `Invalid value: "self == oldSelf": oldSelf cannot be used on the uncorrelatable portion of the schema within ${base}`,
      },
    ]);
  });
});
