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
    expect(
      (await f.client.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status,
    ).toBe(201);
    await f.server.settle();
  });
  afterAll(() => f.stop());

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
});
