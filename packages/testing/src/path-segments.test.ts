import { request } from 'node:http';
import { startFixture, type ServerFixture } from './test-support/server-fixture';

/**
 * Paths as kube-apiserver reads them: `.` and `..` are names, never resolved as URL dot
 * segments, and the registry rejects them (KeyFunc: 400 `Name parameter invalid`); an empty
 * segment matches no route; a target with bad percent-encoding gets Go's plain 400.
 */
const ns = '/api/v1/namespaces/default';
const cms = `${ns}/configmaps`;

function invalidName(name: string, problem: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Name parameter invalid: ${JSON.stringify(name)}: ${problem}`,
    reason: 'BadRequest',
    code: 400,
  };
}

describe('path segments', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
    for (const name of ['one', 'two'])
      expect((await f.client.post(cms, { metadata: { name } })).status).toBe(201);
  });
  afterAll(() => f.stop());

  it.each([
    ['.', '.', "may not be '.'"],
    ['..', '..', "may not be '..'"],
    ['%2e', '.', "may not be '.'"],
    ['%2E%2e', '..', "may not be '..'"],
    ['a%25b', 'a%b', "may not contain '%'"],
  ])(
    'answers 400 for the name %s on every verb and changes nothing',
    async (segment, name, problem) => {
      const path = `${cms}/${segment}`;
      const answers = [
        await f.client.get(path),
        await f.client.put(path, { metadata: { name } }),
        await f.client.patch(path, { data: { a: 'b' } }, 'application/merge-patch+json'),
        await f.client.delete(path),
        await f.client.put(`${ns}/pods/${segment}/status`, { metadata: { name } }),
      ];
      for (const res of answers) {
        expect(res.status).toBe(400);
        expect(res.body).toEqual(invalidName(name, problem));
      }
      const list = await f.client.get(cms);
      expect(list.body.items.map((o: any) => o.metadata.name)).toEqual(['one', 'two']);
      expect((await f.client.get(ns)).status).toBe(200);
    },
  );

  it('answers 400 for dot names of cluster-scoped objects and pod subresources', async () => {
    for (const path of ['/api/v1/namespaces/..', '/api/v1/namespaces/.']) {
      const res = await f.client.delete(path);
      expect(res.status).toBe(400);
      expect(res.body.reason).toBe('BadRequest');
    }
    expect((await f.client.get('/api/v1/namespaces/default')).status).toBe(200);
    const pods = await f.client.get(`${ns}/pods/../log`);
    expect(pods.body).toEqual(invalidName('..', "may not be '..'"));
  });

  it('lists and watches in a namespace named by a dot segment as in any missing namespace', async () => {
    const list = await f.client.get('/api/v1/namespaces/../configmaps');
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([]);
  });

  it('decodes %2F before splitting, as Go does: the name ends at the slash', async () => {
    const res = await f.client.get(`${cms}/one%2Fstatus`);
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('the server could not find the requested resource');
  });

  it('answers an empty segment with 404, under a group it serves as a Status', async () => {
    for (const path of ['/api/v1//namespaces', `${ns}//configmaps`, `${cms}//one`]) {
      const res = await f.client.get(path);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ reason: 'NotFound', code: 404 });
    }
    expect((await f.client.delete(`${cms}//one`)).status).toBe(404);
    expect((await f.client.get(`${cms}/one`)).status).toBe(200);
  });

  it('rejects bad percent-encoding before authentication with a plain 400, as net/http', async () => {
    const url = new URL(f.server.url);
    const res = await new Promise<{ status?: number; headers: any; text: string }>(
      (resolve, reject) => {
        const req = request(
          { host: url.hostname, port: url.port, path: `${cms}/%zz`, method: 'DELETE' },
          (r) => {
            let text = '';
            r.on('data', (c) => (text += c));
            r.on('end', () => resolve({ status: r.statusCode, headers: r.headers, text }));
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    expect(res.status).toBe(400);
    expect(res.text).toBe('400 Bad Request');
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers.connection).toBe('close');
    const authed = await f.client.get(`${cms}/%e0%a4%a`);
    expect(authed.status).toBe(400);
  });

  it('rejects creating an object named . or .. where only path-segment rules apply', async () => {
    for (const name of ['.', '..']) {
      const res = await f.client.post(`${ns}/events`, {
        metadata: { name },
        involvedObject: { kind: 'ConfigMap', namespace: 'default', name: 'one' },
        reason: 'Test',
      });
      expect(res.status).toBe(422);
      expect(res.body.details.causes).toContainEqual({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": may not be '${name}'`,
        field: 'metadata.name',
      });
    }
  });
});
