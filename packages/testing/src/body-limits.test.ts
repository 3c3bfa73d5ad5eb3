import { installGizmos, startFixture, type ServerFixture } from './test-support/server-fixture';
import { MaxJsonPatchCopyBytes, MaxNestingDepth } from './limits';

/**
 * Request bodies that would make the server recurse past its stack or build far more than it
 * read get a 4xx Status instead (see limits.ts); bodies within the limits are served.
 */
const cms = '/api/v1/namespaces/default/configmaps';
const gizmos = '/apis/example.com/v1/namespaces/default/gizmos';
const nestedArrays = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);
const nestedMaps = (depth: number): string => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

describe('request body limits', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
    await installGizmos(f);
    expect((await f.client.post(cms, { metadata: { name: 'target' } })).status).toBe(201);
  });
  afterAll(() => f.stop());

  const gizmo = (name: string, spec: string) =>
    `{"apiVersion":"example.com/v1","kind":"Gizmo","metadata":{"name":"${name}"},"spec":${spec}}`;

  it('serves an object nested exactly as deep as the limit, through create, patch and get', async () => {
    // the object and spec are two levels; spec holds the rest
    const spec = nestedMaps(MaxNestingDepth - 1);
    const created = await f.client.post(gizmos, gizmo('deepest', spec));
    expect(created.status).toBe(201);
    const patched = await f.client.patch(
      `${gizmos}/deepest`,
      `{"spec":{"b":${nestedMaps(MaxNestingDepth - 2)}}}`,
      'application/merge-patch+json',
    );
    expect(patched.status).toBe(200);
    expect((await f.client.get(`${gizmos}/deepest`)).body.spec.a.a.a).toBeDefined();
  });

  it.each([MaxNestingDepth + 1, 10_000, 100_000])(
    'answers a JSON body nested %i deep with 400 exceeded max depth, never 500',
    async (depth) => {
      const created = await f.client.post(
        cms,
        `{"metadata":{"name":"deep"},"x":${nestedArrays(depth)}}`,
      );
      expect(created.status).toBe(400);
      expect(created.body.message).toMatch(
        /^the object provided is unrecognized \(must be of type ConfigMap\): couldn't get version\/kind; json parse error: exceeded max depth \(/,
      );
      const merge = await f.client.patch(
        `${cms}/target`,
        `{"x":${nestedMaps(depth)}}`,
        'application/merge-patch+json',
      );
      expect(merge.body).toMatchObject({
        code: 400,
        message: 'error decoding patch: exceeded max depth',
      });
      const strategic = await f.client.patch(
        `${cms}/target`,
        `{"x":${nestedMaps(depth)}}`,
        'application/strategic-merge-patch+json',
      );
      expect(strategic.body).toMatchObject({ code: 400, message: 'exceeded max depth' });
      const put = await f.client.put(
        `${cms}/target`,
        `{"metadata":{"name":"target"},"x":${nestedArrays(depth)}}`,
      );
      expect(put.status).toBe(400);
    },
  );

  it('refuses a 2 MB YAML body of nested flow sequences before parsing it', async () => {
    const before = process.memoryUsage().rss;
    const res = await f.client.request('POST', cms, nestedArrays(1_000_000), {
      'content-type': 'application/yaml',
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(
      /^the object provided is unrecognized \(must be of type ConfigMap\): yaml: exceeded max depth of 512 \(/,
    );
    // the parser held about 1.2 GB for this body before the check
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('refuses deep block YAML and deep apply bodies, serves YAML within the limit', async () => {
    const block = await f.client.request('POST', cms, `${'- '.repeat(100_000)}x`, {
      'content-type': 'application/yaml',
    });
    expect(block.status).toBe(400);
    const apply = await f.client.patch(
      `${cms}/applied?fieldManager=m`,
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"applied"},"x":${nestedArrays(600)}}`,
      'application/apply-patch+yaml',
    );
    expect(apply.body).toMatchObject({
      code: 400,
      message:
        'error decoding YAML: error converting YAML to JSON: yaml: exceeded max depth of 512',
    });
    let indented = 'metadata:\n  name: indented\nx:\n';
    for (let i = 1; i < 400; i++) indented += `${' '.repeat(i)}a:\n`;
    indented += `${' '.repeat(400)}a: 1\n`;
    const ok = await f.client.request('POST', cms, indented, {
      'content-type': 'application/yaml',
    });
    expect(ok.status).toBe(201);
  });

  it('refuses a YAML alias bomb with 400', async () => {
    let doc = 'metadata: {name: laughs}\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol"]\n';
    for (const [name, prev] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
      ['f', 'e'],
      ['g', 'f'],
    ])
      doc += `${name}: &${name} [${Array(8).fill(`*${prev}`).join(',')}]\n`;
    const res = await f.client.request('POST', cms, doc, { 'content-type': 'application/yaml' });
    expect(res.status).toBe(400);
    expect(res.body.reason).toBe('BadRequest');
  });

  it('fails a JSON patch whose copies grow the object past the copy budget with 422', async () => {
    const big = 'x'.repeat(512 * 1024);
    expect((await f.client.post(gizmos, gizmo('copies', `{"big":"${big}","c":{}}`))).status).toBe(
      201,
    );
    const ops = Array.from(
      { length: Math.ceil(MaxJsonPatchCopyBytes / big.length) + 1 },
      (_, i) => ({
        op: 'copy',
        from: '/spec/big',
        path: `/spec/c/k${i}`,
      }),
    );
    const res = await f.client.patch(`${gizmos}/copies`, ops, 'application/json-patch+json');
    expect(res.body).toMatchObject({ code: 422, reason: 'Invalid' });
    // doubling: each copy of spec into itself doubles it
    const doubling = Array.from({ length: 40 }, () => ({
      op: 'copy',
      from: '/spec',
      path: '/spec/c',
    }));
    const doubled = await f.client.patch(
      `${gizmos}/copies`,
      doubling,
      'application/json-patch+json',
    );
    expect(doubled.body).toMatchObject({ code: 422, reason: 'Invalid' });
  });

  it('fails a JSON patch that nests the object past the depth limit with 422', async () => {
    expect((await f.client.post(gizmos, gizmo('nesting', `{"a":${nestedMaps(300)}}`))).status).toBe(
      201,
    );
    const nest = [{ op: 'copy', from: '/spec', path: `/spec/${'a/'.repeat(250)}b` }];
    const res = await f.client.patch(`${gizmos}/nesting`, nest, 'application/json-patch+json');
    expect(res.body).toMatchObject({ code: 422, reason: 'Invalid' });
    const add = await f.client.patch(
      `${gizmos}/nesting`,
      [{ op: 'add', path: `/spec/${'a/'.repeat(300)}b`, value: JSON.parse(nestedMaps(300)) }],
      'application/json-patch+json',
    );
    expect(add.body).toMatchObject({ code: 422, reason: 'Invalid' });
  });

  it('merges and reorders a 60,000-element list by strategic merge patch (no pairwise scans)', async () => {
    // each element used to be compared with every other: this patch took about two minutes
    const finalizers = Array.from({ length: 60_000 }, (_, i) => `example.com/f${i}`);
    const res = await f.client.patch(
      `${cms}/target`,
      {
        metadata: {
          finalizers,
          '$setElementOrder/finalizers': [...finalizers].reverse(),
        },
      },
      'application/strategic-merge-patch+json',
    );
    expect(res.status).toBe(200);
    expect(res.body.metadata.finalizers).toHaveLength(60_000);
    expect(res.body.metadata.finalizers[0]).toBe('example.com/f59999');
    const cleared = await f.client.patch(
      `${cms}/target`,
      { metadata: { finalizers: null } },
      'application/merge-patch+json',
    );
    expect(cleared.status).toBe(200);
  });
});
