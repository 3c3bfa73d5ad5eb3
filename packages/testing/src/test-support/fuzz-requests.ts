import fc from 'fast-check';

/**
 * fast-check arbitraries of hostile API requests for the in-memory server's fuzz suite: paths
 * with odd segments (dot segments, percent-encodings, empty segments, prototype names), every
 * method and patch content type, and bodies that nest deeply, name `__proto__`, carry huge
 * numbers or the wrong types. Every path stays under the namespace {@link fuzzNamespace}, so a
 * request that changes anything outside it has escaped the object it names.
 */

/** The namespace every generated request names. */
export const fuzzNamespace = 'fuzz';

/** One generated request. */
export interface FuzzRequest {
  method: string;
  path: string;
  contentType?: string;
  body?: string;
  /** A watch: once it answers 200 the stream is dropped (it would last until its timeout). */
  watch?: boolean;
}

/** Segments that name nothing a client should reach: dot segments, encodings, prototype names. */
const oddSegments = fc.constantFrom(
  '.',
  '..',
  '%2e',
  '%2E%2e',
  'a%2Fb',
  '%2F',
  'a%25b',
  '%zz',
  '%',
  '%C3%A9',
  '%00',
  '',
  '__proto__',
  'constructor',
  'prototype',
  'default',
  'x'.repeat(300),
);

/** Served resources of the groups the prefixes name, each under its own prefix. */
const collections = fc.constantFrom(
  ...['configmaps', 'secrets', 'pods', 'services', 'events'].map(
    (r) => `/api/v1/namespaces/${fuzzNamespace}/${r}`,
  ),
  `/apis/apps/v1/namespaces/${fuzzNamespace}/deployments`,
  `/apis/example.com/v1/namespaces/${fuzzNamespace}/gizmos`,
  `/apis/events.k8s.io/v1/namespaces/${fuzzNamespace}/events`,
  `/api/v1/namespaces/${fuzzNamespace}`,
);

const objectNames = fc.oneof(fc.constantFrom('target', 'a', 'b'), oddSegments);
const subresources = fc.oneof(
  fc.constantFrom('status', 'scale', 'log', 'binding', 'eviction', 'finalize'),
  oddSegments,
);

const queryParams = fc.constantFrom(
  'dryRun=All',
  'dryRun=bogus',
  'fieldManager=fuzz',
  'fieldManager=',
  'force=true',
  'force=maybe',
  'fieldValidation=Strict',
  'fieldValidation=Odd',
  'gracePeriodSeconds=-1',
  'gracePeriodSeconds=99999999999999999999',
  'propagationPolicy=Sideways',
  'resourceVersion=abc',
  'resourceVersion=-1',
  'resourceVersion=99999999999999999999',
  'resourceVersionMatch=Exact',
  'limit=-5',
  'limit=abc',
  'continue=%zz',
  'continue=eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MSwic3RhcnQiOiJ4In0',
  'labelSelector=a%20in%20(',
  'labelSelector=a%3D%3Db',
  'fieldSelector=metadata.name%3D..',
  'fieldSelector=spec.nodeName%3Dx',
  'container=..',
  'tailLines=-1',
  'sinceSeconds=1e400',
  'pretty=true',
  '%zz=%zz',
);

/** `arb` in `present` of `present + absent` draws, `undefined` otherwise. */
const sometimes = <T>(arb: fc.Arbitrary<T>, present: number, absent: number) =>
  fc.oneof(
    { arbitrary: arb, weight: present },
    { arbitrary: fc.constant(undefined), weight: absent },
  );

const path = fc
  .tuple(
    collections,
    sometimes(objectNames, 3, 1),
    sometimes(subresources, 1, 3),
    sometimes(oddSegments, 1, 8),
    fc.array(queryParams, { maxLength: 3 }),
  )
  .map(([collection, name, sub, extra, query]) => {
    const segs = [collection];
    if (name !== undefined) segs.push(name);
    if (name !== undefined && sub !== undefined) segs.push(sub);
    if (extra !== undefined) segs.push(extra);
    return segs.join('/') + (query.length ? `?${query.join('&')}` : '');
  });

const names = fc.constantFrom(
  'a',
  'b',
  'target',
  '.',
  '..',
  '__proto__',
  'A_B',
  '',
  'x'.repeat(300),
);

const nested = fc
  .tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: 1, max: 20_000 }))
  .map(([open, depth]) => open.repeat(depth) + (open === '[' ? ']' : '1}').repeat(depth));

const hostileKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '$patch');

const numbers = fc.constantFrom(
  '1e999',
  '-1e999',
  '123456789012345678901234567890',
  '-0',
  '0.1e-400',
  '9007199254740993',
  '1e20',
);

const wrongTypes = fc.constantFrom('5', '"s"', 'true', 'null', '[]', '[1,{"a":[]}]', '{}');

/** A JSON value built from hostile parts: prototype keys, huge numbers, wrong types. */
const hostileJson: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    numbers,
    wrongTypes,
    fc.string({ maxLength: 20 }).map((s) => JSON.stringify(s)),
    fc
      .array(fc.tuple(fc.oneof(hostileKeys, fc.string({ maxLength: 8 })), tie('value')), {
        maxLength: 4,
      })
      .map((entries) => `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
  ),
})).value;

/** An object body close enough to a real one to get past decoding. */
const objectBody = fc
  .record({
    apiVersion: fc.constantFrom('v1', 'apps/v1', 'example.com/v1', 'a/b/c', '5'),
    kind: fc.constantFrom('ConfigMap', 'Secret', 'Pod', 'Gizmo', 'Deployment', ''),
    name: names,
    extra: fc.array(
      fc.tuple(
        fc.constantFrom('data', 'spec', 'metadata', 'status', 'stringData', '__proto__'),
        hostileJson,
      ),
      {
        maxLength: 3,
      },
    ),
  })
  .map(({ apiVersion, kind, name, extra }) => {
    const fields = [
      `"apiVersion":"${apiVersion}"`,
      `"kind":"${kind}"`,
      `"metadata":{"name":${JSON.stringify(name)},"namespace":"${fuzzNamespace}"}`,
    ];
    for (const [k, v] of extra) fields.push(`${JSON.stringify(k)}:${v}`);
    return `{${fields.join(',')}}`;
  });

const jsonPatchBody = fc
  .array(
    fc.record({
      op: fc.constantFrom('add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus'),
      path: fc.constantFrom(
        '',
        '/',
        '/data',
        '/data/__proto__',
        '/metadata/finalizers/-',
        '/spec/a/b',
        '/metadata/name',
        '/x~1y',
        '/-1',
      ),
      from: fc.constantFrom('', '/data', '/spec', '/metadata'),
      value: hostileJson,
    }),
    { maxLength: 5 },
  )
  .map(
    (ops) =>
      `[${ops.map((o) => `{"op":"${o.op}","path":"${o.path}","from":"${o.from}","value":${o.value}}`).join(',')}]`,
  );

const yamlBody = fc.constantFrom(
  'a: &a [1, *a]',
  '!!binary AAAA',
  '? [a, b]\n: c',
  'metadata: {name: y}\ndata: {k: !!int 5}',
  '--- a\n--- b',
  '%YAML 1.1\n---\nx: 1',
  '- '.repeat(5000) + 'x',
  'k: |\n' + '  line\n'.repeat(1000),
  '\t- tab',
  'a: b: c',
);

const bodies = fc.oneof(
  objectBody,
  hostileJson,
  nested,
  jsonPatchBody,
  yamlBody,
  fc.string({ maxLength: 200 }),
  fc.constantFrom('', '{', '{"a":1', '\u0000', '\uFEFF{}', 'null'),
);

const contentTypes = fc.constantFrom(
  'application/json',
  'application/yaml',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/json-patch+json',
  'application/apply-patch+yaml',
  'application/vnd.kubernetes.protobuf',
  'text/plain',
  'application/json; charset=utf-16',
  '',
);

/** A request drawn from the hostile pools independently: mostly rejected early. */
const anyRequest: fc.Arbitrary<FuzzRequest> = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'),
  path,
  contentType: fc.option(contentTypes, { nil: undefined }),
  body: fc.option(bodies, { nil: undefined }),
});

const kinds = [
  ['/api/v1', 'configmaps', 'v1', 'ConfigMap'],
  ['/api/v1', 'secrets', 'v1', 'Secret'],
  ['/apis/example.com/v1', 'gizmos', 'example.com/v1', 'Gizmo'],
] as const;

/** A write that gets past routing and decoding: its body reaches the patch engines and validation. */
const wellAddressed: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.constantFrom(...kinds),
    fc.constantFrom('POST', 'PUT', 'merge', 'strategic', 'json', 'apply'),
    fc.array(
      fc.tuple(
        fc.constantFrom('data', 'spec', 'metadata', 'stringData', '__proto__', 'constructor'),
        hostileJson,
      ),
      {
        maxLength: 3,
      },
    ),
    jsonPatchBody,
    fc.array(queryParams, { maxLength: 2 }),
  )
  .map(([[prefix, resource, apiVersion, kind], verb, fields, jsonPatch, query]) => {
    const collection = `${prefix}/namespaces/${fuzzNamespace}/${resource}`;
    const q = query.length ? `?${query.join('&')}` : '';
    const body = `{${[
      `"apiVersion":"${apiVersion}"`,
      `"kind":"${kind}"`,
      `"metadata":{"name":"target"}`,
      ...fields.map(([k, v]) => `${JSON.stringify(k)}:${v}`),
    ].join(',')}}`;
    if (verb === 'POST')
      return {
        method: 'POST',
        path: collection + q,
        contentType: 'application/json',
        body: body.replace('"target"', '"created"'),
      };
    if (verb === 'PUT')
      return {
        method: 'PUT',
        path: `${collection}/target${q}`,
        contentType: 'application/json',
        body,
      };
    const patchTypes = {
      merge: 'application/merge-patch+json',
      strategic: 'application/strategic-merge-patch+json',
      json: 'application/json-patch+json',
      apply: 'application/apply-patch+yaml',
    } as const;
    const apply = verb === 'apply' ? `${q ? `${q}&` : '?'}fieldManager=fuzz` : q;
    return {
      method: 'PATCH',
      path: `${collection}/target${apply}`,
      contentType: patchTypes[verb],
      body: verb === 'json' ? jsonPatch : body,
    };
  });

const watchParams = fc.constantFrom(
  'resourceVersion=abc',
  'resourceVersion=-1',
  'resourceVersion=0',
  'resourceVersion=99999999999999999999',
  'resourceVersion=1',
  'timeoutSeconds=-1',
  'timeoutSeconds=abc',
  'timeoutSeconds=99999999999999999999',
  'timeoutSeconds=2147484',
  'allowWatchBookmarks=maybe',
  'allowWatchBookmarks=true',
  'sendInitialEvents=true',
  'sendInitialEvents=x',
  'resourceVersionMatch=NotOlderThan',
  'resourceVersionMatch=Exact',
  'labelSelector=a%20in%20(',
  'fieldSelector=metadata.name%3D..',
  'fieldSelector=metadata.name%3Dtarget',
);

/** A watch, by `watch=true` or the legacy `/watch/` prefix, with odd parameters. */
const watchRequest: fc.Arbitrary<FuzzRequest> = fc
  .tuple(
    fc.constantFrom('configmaps', 'pods', 'gizmos', 'events'),
    fc.boolean(),
    sometimes(objectNames, 1, 2),
    fc.array(watchParams, { maxLength: 3 }),
  )
  .map(([resource, legacy, name, params]) => {
    const group = resource === 'gizmos' ? '/apis/example.com/v1' : '/api/v1';
    const base = `${group}/${legacy ? 'watch/' : ''}namespaces/${fuzzNamespace}/${resource}`;
    const query = legacy ? params : ['watch=true', ...params];
    const target = legacy && name !== undefined ? `${base}/${name}` : base;
    return {
      method: 'GET',
      path: `${target}${query.length ? `?${query.join('&')}` : ''}`,
      watch: true,
    };
  });

/** A request: drawn independently from the hostile pools, well addressed, or a watch. */
export const fuzzRequest: fc.Arbitrary<FuzzRequest> = fc.oneof(
  { arbitrary: anyRequest, weight: 4 },
  { arbitrary: wellAddressed, weight: 4 },
  { arbitrary: watchRequest, weight: 1 },
);
