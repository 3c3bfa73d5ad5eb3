import { startFixture, type ServerFixture } from './test-support/server-fixture';

/**
 * Protocol-level error answers, each pinned to what kube-apiserver v1.34.4 answered for the same
 * request (queried by hand against test/real-apiserver).
 */
const cms = '/api/v1/namespaces/default/configmaps';
const message = (res: { body: { message?: string } }): string | undefined => res.body.message;

/** A bare 500: a Status with only `message` (how kube-apiserver answers an internal error). */
function expectBare500(res: { status: number; body: unknown }, text: string): void {
  expect(res.status).toBe(500);
  expect(res.body).toEqual({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: text,
    code: 500,
  });
}

describe('protocol errors', () => {
  let f: ServerFixture;
  beforeAll(async () => {
    f = await startFixture();
    await f.client.post(cms, { metadata: { name: 'occ' } });
  });
  afterAll(() => f.stop());

  describe('resourceVersion of a written object', () => {
    it('fails an update with an unparsable resourceVersion with a bare 500 carrying strconv text', async () => {
      for (const [rv, text] of [
        ['abc', 'strconv.ParseUint: parsing "abc": invalid syntax'],
        ['-1', 'strconv.ParseUint: parsing "-1": invalid syntax'],
        ['+1', 'strconv.ParseUint: parsing "+1": invalid syntax'],
        [
          '99999999999999999999',
          'strconv.ParseUint: parsing "99999999999999999999": value out of range',
        ],
      ] as [string, string][]) {
        const res = await f.client.put(`${cms}/occ`, {
          metadata: { name: 'occ', resourceVersion: rv },
        });
        expectBare500(res, text);
      }
      const patched = await f.client.patch(
        `${cms}/occ`,
        { metadata: { resourceVersion: 'abc' } },
        'application/merge-patch+json',
      );
      expect(patched.status).toBe(500);
    });

    it('treats resourceVersion "0" as an unconditional update, and ignores an unparsable one on create', async () => {
      const put = await f.client.put(`${cms}/occ`, {
        metadata: { name: 'occ', resourceVersion: '0' },
        data: { a: 'b' },
      });
      expect(put.status).toBe(200);
      const created = await f.client.post(cms, {
        metadata: { name: 'occ2', resourceVersion: 'abc' },
      });
      expect(created.status).toBe(201);
      expect(created.body.metadata.resourceVersion).toMatch(/^\d+$/);
    });
  });

  describe('list parameters', () => {
    it.each([
      ['timeoutSeconds=abc', 'strconv.ParseInt: parsing "abc": invalid syntax'],
      ['limit=1.5', 'strconv.ParseInt: parsing "1.5": invalid syntax'],
      ['limit=', 'strconv.ParseInt: parsing "": invalid syntax'],
      [
        'timeoutSeconds=99999999999999999999',
        'strconv.ParseInt: parsing "99999999999999999999": value out of range',
      ],
      [
        'continue=garbage',
        "invalid continue token: continue key is not valid: invalid character '\\u0081' looking for beginning of value",
      ],
      [
        'continue=!!!',
        'invalid continue token: continue key is not valid: illegal base64 data at input byte 0',
      ],
      [
        'continue=abcde',
        'invalid continue token: continue key is not valid: illegal base64 data at input byte 4',
      ],
      [
        'continue=e30',
        'invalid continue token: continue key is not valid: server does not recognize this encoded version ',
      ],
      [
        'continue=eyJ2IjoxfQ',
        'invalid continue token: continue key is not valid: json: cannot unmarshal number into Go struct field continueToken.v of type string',
      ],
    ])('answers 400 for %s with kube text', async (query, text) => {
      const res = await f.client.get(`${cms}?${query}`);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ reason: 'BadRequest', message: text });
    });

    it("writes continue tokens byte for byte as kube's etcd3 store does", async () => {
      const page = (await f.client.get(`${cms}?limit=1`)).body;
      const rv = Number(page.metadata.resourceVersion);
      expect(page.metadata.continue).toBe(
        Buffer.from(`{"v":"meta.k8s.io/v1","rv":${rv},"start":"/occ\\u0000"}`).toString(
          'base64url',
        ),
      );
      const all = (await f.client.get('/api/v1/configmaps?limit=1')).body;
      const first = all.items[0].metadata;
      expect(JSON.parse(Buffer.from(all.metadata.continue, 'base64url').toString()).start).toBe(
        `/${first.namespace}/${first.name}\u0000`,
      );
    });

    it('answers a watch from an unparsable resourceVersion with a bare 500', async () => {
      const res = await f.client.get(`${cms}?watch=true&resourceVersion=abc`);
      expectBare500(
        res,
        'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
      );
    });

    it('reads bool parameters as kube does: anything but absent, 0 and false is true', async () => {
      const res = await f.client.get(`${cms}?watch=False&allowWatchBookmarks=abc`);
      expect(res.status).toBe(200);
      expect(res.body.kind).toBe('ConfigMapList');
    });
  });

  describe('field selectors', () => {
    it.each([
      [
        cms,
        'data.a',
        '"data.a" is not a known field selector: only "metadata.name", "metadata.namespace"',
      ],
      [
        '/apis/apps/v1/replicasets',
        'status.replicas',
        '"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"',
      ],
      ['/api/v1/pods', 'spec.bogus', 'field label not supported: spec.bogus'],
      ['/api/v1/namespaces', 'metadata.namespace', 'field label not supported: metadata.namespace'],
      ['/api/v1/nodes', 'metadata.namespace', 'field label not supported: metadata.namespace'],
      [
        '/apis/events.k8s.io/v1/events',
        'involvedObject.kind',
        'field label not supported: involvedObject.kind',
      ],
      ['/apis/batch/v1/jobs', 'spec.x', 'field label "spec.x" not supported for Job'],
    ])('%s rejects %s', async (path, field, text) => {
      const res = await f.client.get(`${path}?fieldSelector=${encodeURIComponent(`${field}=1`)}`);
      expect(res.status).toBe(400);
      expect(message(res)).toBe(text);
    });

    it('accepts the labels kube converts (pods by spec.host, events.k8s.io by regarding.apiVersion)', async () => {
      expect((await f.client.get('/api/v1/pods?fieldSelector=spec.host%3Dn1')).status).toBe(200);
      const events = await f.client.get(
        '/apis/events.k8s.io/v1/events?fieldSelector=regarding.apiVersion%3Dv1',
      );
      expect(events.status).toBe(200);
    });
  });

  describe('bodies that do not decode', () => {
    it.each([
      [
        'not json',
        "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character 'o' in literal null (expecting 'u') (6e6f74206a736f6e)",
      ],
      [
        '{"a":',
        'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: unexpected end of JSON input ({"a":)',
      ],
      [
        '{"apiVersion":5}',
        'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: json: cannot unmarshal number into Go struct field .apiVersion of type string ({"apiVersion":5})',
      ],
      [
        '[1]',
        'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: json: cannot unmarshal array into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" } (5b315d)',
      ],
      [
        'this is a long body which is not json at all, really',
        "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character 'h' in literal true (expecting 'r') (746869732069732061206c6f6e6720626f6479207768696368206973206e ...)",
      ],
      [
        '{"metadata":{"name":"zz1"}} x',
        'the object provided is unrecognized (must be of type ConfigMap): couldn\'t get version/kind; json parse error: invalid character \'x\' after top-level value ({"metadata":{"name":"zz1"}} x)',
      ],
      [
        '{"apiVersion":"v2","kind":"ConfigMap","metadata":{"name":"k"}}',
        'ConfigMap in version "v2" cannot be handled as a ConfigMap: no kind "ConfigMap" is registered for version "v2" in scheme "pkg/runtime/scheme.go:110"',
      ],
    ])('POST %s answers 400 with kube text', async (body, text) => {
      const res = await f.client.post(cms, body);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ reason: 'BadRequest', message: text });
    });

    it.each([
      [
        'not json',
        "couldn't get version/kind; json parse error: invalid character 'o' in literal null (expecting 'u')",
      ],
      ['{"a":', "couldn't get version/kind; json parse error: unexpected end of JSON input"],
      [
        '{"gracePeriodSeconds":"x"}',
        'json: cannot unmarshal string into Go struct field DeleteOptions.gracePeriodSeconds of type int64',
      ],
      [
        '{"propagationPolicy":5}',
        'json: cannot unmarshal number into Go struct field DeleteOptions.propagationPolicy of type v1.DeletionPropagation',
      ],
    ])('DELETE with body %s fails with a bare 500', async (body, text) => {
      const res = await f.client.request('DELETE', `${cms}/occ`, body);
      expectBare500(res, text);
    });

    it("frames an apply body's YAML syntax error as kube does", async () => {
      const res = await f.client.patch(
        `${cms}/occ?fieldManager=m`,
        'a: [',
        'application/apply-patch+yaml',
      );
      expect(res.status).toBe(400);
      // kube: `...: yaml: line 1: did not find expected node content` (go-yaml's words)
      expect(res.body.message).toMatch(
        /^error decoding YAML: error converting YAML to JSON: yaml: /,
      );
    });

    it('decodes YAML bodies the same way, summarizing the YAML bytes', async () => {
      const post = (body: string) =>
        f.client.request('POST', cms, body, { 'content-type': 'application/yaml' });
      expect((await post('apiVersion: 5')).body.message).toBe(
        "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: json: cannot unmarshal number into Go struct field .apiVersion of type string (61706956657273696f6e3a2035)",
      );
      const broken = await post('a: [');
      expect(broken.status).toBe(400);
      // the frame is kube's; the YAML parser's own words are not go-yaml's
      expect(broken.body.message).toMatch(
        /^the object provided is unrecognized \(must be of type ConfigMap\): yaml: .* \(613a205b\)$/s,
      );
    });

    it.each([
      [
        'application/merge-patch+json',
        '{"data":',
        'error decoding patch: unexpected end of JSON input',
      ],
      ['application/merge-patch+json', 'null', 'Invalid JSON Patch'],
      [
        'application/merge-patch+json',
        '[1]',
        'error decoding patch: json: cannot unmarshal array into Go value of type map[string]interface {}',
      ],
      [
        'application/strategic-merge-patch+json',
        'not json',
        "invalid character 'o' in literal null (expecting 'u')",
      ],
      [
        'application/json-patch+json',
        '{"data":{"a":1}}',
        'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
      ],
      [
        'application/json-patch+json',
        '[1]',
        'error decoding patch: json: cannot unmarshal number into Go value of type handlers.jsonPatchOp',
      ],
      [
        'application/apply-patch+yaml',
        '{"metadata":{"name":"occ"}}',
        'invalid object type: /, Kind=',
      ],
      [
        'application/apply-patch+yaml',
        '{"apiVersion":"v1","kind":"Secret"}',
        'invalid object type: /v1, Kind=Secret',
      ],
      [
        'application/apply-patch+yaml',
        '{"apiVersion":"apps/v1","kind":"ConfigMap"}',
        'invalid object type: apps/v1, Kind=ConfigMap',
      ],
    ])('PATCH %s %s answers 400 with kube text', async (type, body, text) => {
      const res = await f.client.patch(`${cms}/occ?fieldManager=m`, body, type);
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ reason: 'BadRequest', message: text });
    });
  });

  describe('paths no handler serves', () => {
    it.each(['/apis/no.such.group/v1/things', '/apis/no.such.group', '/apiz'])(
      "%s answers Go's plain-text 404",
      async (path) => {
        const res = await f.client.get(path);
        expect(res.status).toBe(404);
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.text).toBe('404 page not found\n');
      },
    );

    it.each(['/openapi/v3/apis/nope/v1', '/openapi/v3/api/v2'])(
      '%s (an OpenAPI document nobody serves) answers an empty 404',
      async (path) => {
        const res = await f.client.get(path);
        expect(res.status).toBe(404);
        expect(res.text).toBe('');
      },
    );

    it.each(['/apis/apps/v9', '/api/v2/pods', '/apis/apps/v1/nothings', `${cms}/occ/bogus`])(
      '%s (under a built-in group) answers a NotFound Status',
      async (path) => {
        const res = await f.client.get(path);
        expect(res.status).toBe(404);
        expect(res.body).toMatchObject({
          kind: 'Status',
          reason: 'NotFound',
          message: 'the server could not find the requested resource',
        });
      },
    );
  });
});
