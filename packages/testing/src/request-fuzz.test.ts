import fc from 'fast-check';
import { fixtures } from './fixtures';
import { fuzzNamespace, fuzzRequest, type FuzzRequest } from './test-support/fuzz-requests';
import { installGizmos, startFixture, type ServerFixture } from './test-support/server-fixture';
import type { TestResponse } from './http-client';

/**
 * Fuzzes the in-memory API server with hostile requests (see fuzz-requests.ts) and checks,
 * after each one: the answer is a Kubernetes Status whose code is the HTTP status, an object
 * or list, or one of Go's plain-text answers; a 5xx is one kube-apiserver gives too, never a
 * JavaScript error; `Object.prototype` is untouched; nothing outside the namespace the request
 * names changed. Over the run the server's memory stays bounded.
 *
 * Seeded and bounded: 120 runs in `npm test` (a few seconds); `npm run fuzz` runs 5,000;
 * KUBEKIT_FUZZ_RUNS and KUBEKIT_FUZZ_SEED override both.
 */
const runs = Number(
  process.env.KUBEKIT_FUZZ_RUNS ?? (process.env.npm_lifecycle_event === 'fuzz' ? 5000 : 120),
);
const seed = Number(process.env.KUBEKIT_FUZZ_SEED ?? 20261206);

/** The 5xx answers kube-apiserver gives for these mistakes (decoding texts, merge failures). */
const kube5xx = [
  /^Internal error occurred: (map: |unable to find api field|unknown patch type|failed to create typed patch object)/,
  /^strconv\.Parse/,
  /^(invalid resource version: )?resourceVersion: Invalid value: .*: strconv\.ParseUint/,
  /^couldn't get version\/kind; json parse error/,
  /^json: cannot unmarshal/,
];

/** Go's plain-text answers (no Status): an unserved path, an unparsable request target. */
const plainAnswers = new Map([
  [404, '404 page not found\n'],
  [400, '400 Bad Request'],
]);

/** What is wrong with an answer, or undefined when it is a well-formed one. */
function answerProblem(res: TestResponse): string | undefined {
  if (res.body === undefined) {
    return plainAnswers.get(res.status) === res.text
      ? undefined
      : `not JSON: ${res.text.slice(0, 200)}`;
  }
  const body = res.body as Record<string, any>;
  if (body.kind === 'Status') {
    if (body.code !== undefined && body.code !== res.status)
      return `Status code ${body.code} != ${res.status}`;
    if (res.status >= 500 && !kube5xx.some((re) => re.test(String(body.message))))
      return `a 5xx kube-apiserver would not answer: ${body.message}`;
    return undefined;
  }
  if (res.status >= 300) return `error ${res.status} without a Status`;
  if (typeof body.kind !== 'string' || typeof body.apiVersion !== 'string')
    return `object without kind/apiVersion: ${res.text.slice(0, 200)}`;
  return undefined;
}

const refs = [
  { resource: 'namespaces' },
  { resource: 'configmaps' },
  { resource: 'secrets' },
  { resource: 'pods' },
  { resource: 'services' },
  { resource: 'events' },
  { group: 'apps', resource: 'deployments' },
  { group: 'example.com', resource: 'gizmos' },
  { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
];

describe('request fuzzing', () => {
  let f: ServerFixture;
  const prototypeKeys = (): string[] => Object.getOwnPropertyNames(Object.prototype).sort();
  const cleanPrototype = prototypeKeys();

  /** resourceVersion of every object outside the fuzz namespace (and of that namespace). */
  const bystanders = (): Map<string, string | undefined> => {
    const out = new Map<string, string | undefined>();
    for (const ref of refs)
      for (const obj of f.server.storage.list(ref)) {
        const { name, namespace, resourceVersion } = obj.metadata ?? {};
        if (
          namespace === fuzzNamespace ||
          (ref.resource === 'namespaces' && name === fuzzNamespace)
        )
          continue;
        out.set(`${ref.resource}/${namespace ?? ''}/${name}`, resourceVersion);
      }
    return out;
  };

  const seedObjects = async (namespace: string): Promise<void> => {
    for (const [path, body] of [
      [
        `/api/v1/namespaces/${namespace}/configmaps`,
        { metadata: { name: 'target' }, data: { k: 'v' } },
      ],
      [`/api/v1/namespaces/${namespace}/secrets`, { metadata: { name: 'target' } }],
      [
        `/apis/example.com/v1/namespaces/${namespace}/gizmos`,
        {
          apiVersion: 'example.com/v1',
          kind: 'Gizmo',
          metadata: { name: 'target' },
          spec: { a: { b: 1 } },
        },
      ],
      [`/api/v1/namespaces/${namespace}/pods`, fixtures.pod('target', { namespace })],
    ] as const)
      await f.client.post(path, body);
  };

  /** Recreates the fuzz namespace when a request deleted it. */
  const ensureNamespace = async (): Promise<void> => {
    const ns = f.server.storage.get({ resource: 'namespaces' }, fuzzNamespace);
    if (ns && !ns.metadata?.deletionTimestamp) return;
    await f.server.settle();
    await f.client.post('/api/v1/namespaces', { metadata: { name: fuzzNamespace } });
    await seedObjects(fuzzNamespace);
  };

  beforeAll(async () => {
    f = await startFixture({ onError: () => undefined });
    await installGizmos(f);
    await f.client.post('/api/v1/namespaces', { metadata: { name: fuzzNamespace } });
    await seedObjects('default');
    await seedObjects(fuzzNamespace);
  });
  afterAll(() => f.stop());

  const send = (r: FuzzRequest): Promise<TestResponse> =>
    r.watch
      ? openWatch(r.path)
      : f.client.request(
          r.method,
          r.path,
          r.body,
          r.contentType === undefined ? {} : { 'content-type': r.contentType },
        );

  /** A watch's answer: a stand-in object once it streams; when it fails, the same GET's answer. */
  const openWatch = async (path: string): Promise<TestResponse> => {
    const w = await f.client.watch(path);
    w.close();
    if (w.status !== 200) return f.client.get(path);
    return { status: 200, headers: {}, text: '', body: { kind: 'WatchEvent', apiVersion: 'v1' } };
  };

  it(
    'answers every request well-formed, touches only what it names, keeps memory bounded',
    async () => {
      const rssBefore = process.memoryUsage().rss;
      let peakRss = rssBefore;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fuzzRequest, { minLength: 1, maxLength: 4 }),
          async (requests) => {
            await ensureNamespace();
            for (const r of requests) {
              const before = bystanders();
              const res = await send(r);
              const problem = answerProblem(res);
              if (problem)
                throw new Error(
                  `${r.method} ${r.path} (${r.contentType}): ${res.status} ${problem}`,
                );
              expect(prototypeKeys()).toEqual(cleanPrototype);
              expect(bystanders()).toEqual(before);
              peakRss = Math.max(peakRss, process.memoryUsage().rss);
            }
          },
        ),
        { numRuns: runs, seed, endOnFailure: true },
      );
      // generous: the run holds at most a few 3 MiB bodies and what they create
      expect(peakRss - rssBefore).toBeLessThan(512 * 1024 * 1024);
    },
    30_000 + runs * 500,
  );
});
