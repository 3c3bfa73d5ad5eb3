import { fixtures } from './fixtures';
import { startFixture, type ServerFixture } from './test-support/server-fixture';

const table = 'application/json;as=Table;g=meta.k8s.io;v=v1';
const jobs = '/apis/example.com/v1/namespaces/default/jobs';

describe('CRD additionalPrinterColumns in Tables', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
    const crd = fixtures.crd({
      group: 'example.com',
      kind: 'Job',
      printerColumns: [
        { name: 'State', type: 'string', jsonPath: '.status.conditions[-1:].type' },
        { name: 'First', type: 'string', jsonPath: '.status.conditions[0].type' },
        { name: 'Restarts', type: 'integer', jsonPath: '.status.restarts' },
      ],
    });
    await install(crd);
  });
  afterAll(() => f.stop());

  /** Creates `crd` and waits until it is served. */
  async function install(crd: object): Promise<void> {
    const res = await f.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
    expect(res.status).toBe(201);
    await f.server.settle();
  }

  it('prints the last condition with a negative slice and leaves out-of-range cells empty', async () => {
    const job = (name: string, status?: object) => ({
      apiVersion: 'example.com/v1',
      kind: 'Job',
      metadata: { name },
      spec: {},
      ...(status ? { status } : {}),
    });
    expect((await f.client.post(jobs, job('fresh'))).status).toBe(201);
    const created = await f.client.post(jobs, job('done'));
    expect(created.status).toBe(201);
    const conditions = [
      { type: 'Created', status: 'True' },
      { type: 'Running', status: 'False' },
      { type: 'Succeeded', status: 'True' },
    ];
    const put = await f.client.put(`${jobs}/done/status`, {
      ...created.body,
      status: { conditions, restarts: 2 },
    });
    expect(put.status).toBe(200);

    const res = await f.client.get(jobs, { accept: table });
    expect(res.status).toBe(200);
    expect(res.body.columnDefinitions.map((c: any) => c.name)).toEqual([
      'Name',
      'State',
      'First',
      'Restarts',
    ]);
    const cells = Object.fromEntries(res.body.rows.map((r: any) => [r.cells[0], r.cells.slice(1)]));
    expect(cells).toEqual({ done: ['Succeeded', 'Created', 2], fresh: [null, null, null] });
  });

  it('evaluates filters, unions, recursive descent and typed cells as kube-apiserver does', async () => {
    const widgets = '/apis/example.com/v1/namespaces/default/widgets';
    const crd = fixtures.crd({
      group: 'example.com',
      kind: 'Widget',
      printerColumns: [
        {
          name: 'Ready',
          type: 'string',
          jsonPath: '.status.conditions[?(@.type=="Ready")].status',
        },
        {
          name: 'NotReady',
          type: 'string',
          jsonPath: '.status.conditions[?(@.status!="True")].type',
        },
        { name: 'Big', type: 'string', jsonPath: '.status.items[?(@.n>2)].name' },
        { name: 'HasMsg', type: 'string', jsonPath: '.status.conditions[?(@.message)].type' },
        { name: 'Union', type: 'string', jsonPath: '.status.conditions[0,2].type' },
        { name: 'Keys', type: 'string', jsonPath: ".metadata.labels['b','a']" },
        { name: 'Recursive', type: 'string', jsonPath: '..reason' },
        { name: 'All', type: 'string', jsonPath: '.status.conditions[*].type' },
        { name: 'Obj', type: 'string', jsonPath: '.status.items[0]' },
        { name: 'Num', type: 'integer', jsonPath: '.status.items[1].n' },
        { name: 'Float', type: 'number', jsonPath: '.status.f' },
        { name: 'Bool', type: 'boolean', jsonPath: '.status.b' },
        { name: 'When', type: 'date', jsonPath: '.status.t' },
      ],
    });
    await install(crd);
    const created = await f.client.post(widgets, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', labels: { a: 'A', b: 'B' } },
      spec: {},
    });
    expect(created.status).toBe(201);
    const status = {
      conditions: [
        { type: 'Created', status: 'True' },
        { type: 'Ready', status: 'False', reason: 'NotYet', message: 'hi' },
        { type: 'Done', status: 'True', reason: 'Fin' },
      ],
      items: [
        { name: 'one', n: 1 },
        { name: 'two', n: 3 },
        { name: 'three', n: 5 },
      ],
      f: 1.5,
      b: true,
      t: new Date(Date.now() - 125 * 60_000).toISOString(),
    };
    expect((await f.client.put(`${widgets}/w1/status`, { ...created.body, status })).status).toBe(
      200,
    );

    const res = await f.client.get(widgets, { accept: table });
    expect(res.status).toBe(200);
    // Recorded from kube-apiserver v1.34 for the same CRD and object.
    expect(res.body.rows[0].cells).toEqual([
      'w1',
      'False',
      'Ready',
      'two',
      'Ready',
      'Created',
      'B',
      'NotYet',
      'Created',
      '{"n":1,"name":"one"}',
      3,
      1.5,
      true,
      '125m',
    ]);
  });
});
