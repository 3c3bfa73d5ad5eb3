/**
 * core/v1 and events.k8s.io/v1 Events are one resource in kube-apiserver v1.34: an event written
 * through either API is read, listed, watched, updated and deleted through the other, converted
 * field by field. The converted objects are those the real server answered (KUBEKIT_SERVER=real
 * runs this file there too).
 */
import { TestClient, type TestResponse } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';
import type { JsonMap } from './semantics/json';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('event-versions');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const coreEvents = () => `/api/v1/namespaces/${ns}/events`;
const v1Events = () => `/apis/events.k8s.io/v1/namespaces/${ns}/events`;

/** The object without what the server generates (uid, resourceVersion, times, managedFields). */
function stable(obj: JsonMap): JsonMap {
  const { uid, resourceVersion, creationTimestamp, managedFields, ...meta } = obj.metadata;
  expect([uid, resourceVersion, creationTimestamp].every((v) => typeof v === 'string')).toBe(true);
  expect(Array.isArray(managedFields)).toBe(true);
  return { ...obj, metadata: meta };
}

/** The managedFields entries without their times. */
function owners(obj: JsonMap): JsonMap[] {
  return (obj.metadata.managedFields as JsonMap[]).map(
    ({ time: _time, manager: _m, ...rest }) => rest,
  );
}

function ok(res: TestResponse, status = 200): JsonMap {
  expect({ status: res.status, body: res.body }).toMatchObject({ status });
  return res.body;
}

const coreEvent = (name: string) => ({
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name },
  involvedObject: {
    kind: 'Pod',
    namespace: ns,
    name: 'p',
    uid: 'u1',
    apiVersion: 'v1',
    fieldPath: 'spec.containers{a}',
  },
  reason: 'Started',
  message: 'hello',
  source: { component: 'kubelet', host: 'n1' },
  firstTimestamp: '2026-01-01T00:00:00Z',
  lastTimestamp: '2026-01-01T00:00:05Z',
  count: 3,
  type: 'Normal',
});

const newEvent = (name: string) => ({
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name },
  eventTime: '2026-01-01T00:00:00.123456Z',
  series: { count: 2, lastObservedTime: '2026-01-01T00:00:09.000001Z' },
  reportingController: 'example.com/ctl',
  reportingInstance: 'ctl-1',
  action: 'Sync',
  reason: 'Synced',
  regarding: { kind: 'Deployment', namespace: ns, name: 'd', apiVersion: 'apps/v1' },
  related: { kind: 'Pod', namespace: ns, name: 'p2' },
  note: 'synced ok',
  type: 'Warning',
});

describe('one Event resource served as core/v1 and events.k8s.io/v1', () => {
  it('serves a core/v1 event as events.k8s.io/v1 (regarding, note, deprecated* fields)', async () => {
    const created = ok(await client.post(coreEvents(), coreEvent('c1')), 201);
    const read = ok(await client.get(`${v1Events()}/c1`));
    expect(stable(read)).toEqual({
      kind: 'Event',
      apiVersion: 'events.k8s.io/v1',
      metadata: { name: 'c1', namespace: ns },
      eventTime: null,
      reason: 'Started',
      regarding: coreEvent('c1').involvedObject,
      note: 'hello',
      type: 'Normal',
      deprecatedSource: { component: 'kubelet', host: 'n1' },
      deprecatedFirstTimestamp: '2026-01-01T00:00:00Z',
      deprecatedLastTimestamp: '2026-01-01T00:00:05Z',
      deprecatedCount: 3,
    });
    expect(read.metadata.uid).toBe(created.metadata.uid);
    expect(read.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    expect(owners(read)).toEqual([
      {
        operation: 'Update',
        apiVersion: 'v1',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:count': {},
          'f:firstTimestamp': {},
          'f:involvedObject': {},
          'f:lastTimestamp': {},
          'f:message': {},
          'f:reason': {},
          'f:source': { 'f:component': {}, 'f:host': {} },
          'f:type': {},
        },
      },
    ]);
    expect(Object.keys(read)).toEqual(Object.keys(stable(read)));
  });

  it('serves an events.k8s.io/v1 event as core/v1 (involvedObject, message, reportingComponent)', async () => {
    const created = ok(await client.post(v1Events(), newEvent('n1')), 201);
    const read = ok(await client.get(`${coreEvents()}/n1`));
    expect(stable(read)).toEqual({
      kind: 'Event',
      apiVersion: 'v1',
      metadata: { name: 'n1', namespace: ns },
      involvedObject: newEvent('n1').regarding,
      reason: 'Synced',
      message: 'synced ok',
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      type: 'Warning',
      eventTime: '2026-01-01T00:00:00.123456Z',
      series: { count: 2, lastObservedTime: '2026-01-01T00:00:09.000001Z' },
      action: 'Sync',
      related: { kind: 'Pod', namespace: ns, name: 'p2' },
      reportingComponent: 'example.com/ctl',
      reportingInstance: 'ctl-1',
    });
    expect(Object.keys(read)).toEqual(Object.keys(stable(read)));
    expect(read.metadata.uid).toBe(created.metadata.uid);
    // the manager's entry is in the request's version (the embedded server does not mark the
    // newly set series struct itself with ".", so only the owned top-level fields are compared)
    expect(
      owners(read).map(({ fieldsV1, ...entry }) => ({ ...entry, fields: Object.keys(fieldsV1) })),
    ).toEqual([
      {
        operation: 'Update',
        apiVersion: 'events.k8s.io/v1',
        fieldsType: 'FieldsV1',
        fields: [
          'f:action',
          'f:eventTime',
          'f:note',
          'f:reason',
          'f:regarding',
          'f:related',
          'f:reportingController',
          'f:reportingInstance',
          'f:series',
          'f:type',
        ],
      },
    ]);
    // and back: the events.k8s.io/v1 read is what was written
    const back = ok(await client.get(`${v1Events()}/n1`));
    expect(stable(back)).toEqual({
      ...newEvent('n1'),
      metadata: { name: 'n1', namespace: ns },
      deprecatedSource: {},
      deprecatedFirstTimestamp: null,
      deprecatedLastTimestamp: null,
    });
  });

  it('lists and field-selects events of either API through the other', async () => {
    ok(await client.post(coreEvents(), coreEvent('l1')), 201);
    ok(await client.post(v1Events(), newEvent('l2')), 201);
    const names = (list: JsonMap) => (list.items as JsonMap[]).map((i) => i.metadata.name);
    const v1List = ok(await client.get(v1Events()));
    expect(v1List.apiVersion).toBe('events.k8s.io/v1');
    expect(names(v1List)).toEqual(expect.arrayContaining(['l1', 'l2']));
    expect(names(ok(await client.get(coreEvents())))).toEqual(expect.arrayContaining(['l1', 'l2']));
    const byRegarding = ok(await client.get(`${v1Events()}?fieldSelector=regarding.name%3Dp`));
    expect(names(byRegarding)).toEqual(expect.arrayContaining(['l1']));
    expect(names(byRegarding)).not.toContain('l2');
    const byInvolved = ok(
      await client.get(`${coreEvents()}?fieldSelector=involvedObject.name%3Dd`),
    );
    expect(names(byInvolved)).toEqual(expect.arrayContaining(['l2']));
    expect(names(byInvolved)).not.toContain('l1');
  });

  it('updates through one API what the other created, and deletes it for both', async () => {
    const created = ok(await client.post(coreEvents(), coreEvent('u1')), 201);
    const w = await client.watch(
      `${v1Events()}?watch=true&resourceVersion=${created.metadata.resourceVersion}`,
    );
    try {
      const live = ok(await client.get(`${v1Events()}/u1`));
      const series = { count: 2, lastObservedTime: '2026-01-01T00:00:09.000001Z' };
      const metadata = { ...live.metadata, labels: { a: 'b' } };
      const updated = ok(
        await client.put(`${v1Events()}/u1?fieldManager=other`, { ...live, metadata, series }),
      );
      expect(updated).toMatchObject({ apiVersion: 'events.k8s.io/v1', series, note: 'hello' });
      const core = ok(await client.get(`${coreEvents()}/u1`));
      expect(core).toMatchObject({
        message: 'hello',
        count: 3,
        series,
        metadata: { labels: { a: 'b' } },
      });
      // the update's manager owns what it changed, recorded at events.k8s.io/v1
      const other = (core.metadata.managedFields as JsonMap[]).find((e) => e.manager === 'other');
      expect(other).toMatchObject({ operation: 'Update', apiVersion: 'events.k8s.io/v1' });
      expect(Object.keys(other!.fieldsV1)).toEqual(['f:metadata', 'f:series']);
      ok(await client.delete(`${coreEvents()}/u1`));
      expect((await client.get(`${v1Events()}/u1`)).status).toBe(404);
      const events = await w.take(2);
      expect(
        events.map((e) => [e.type, e.object.apiVersion, (e.object as JsonMap).series]),
      ).toEqual([
        ['MODIFIED', 'events.k8s.io/v1', series],
        ['DELETED', 'events.k8s.io/v1', series],
      ]);
    } finally {
      w.close();
    }
  });

  it('rejects events.k8s.io/v1 updates of anything but the series and metadata', async () => {
    ok(await client.post(coreEvents(), coreEvent('i1')), 201);
    const live = ok(await client.get(`${v1Events()}/i1`));
    const res = await client.put(`${v1Events()}/i1`, {
      ...live,
      regarding: { ...live.regarding, name: 'q' },
      related: { name: 'r' },
      note: 'changed',
      deprecatedCount: 4,
      deprecatedSource: { component: 'x' },
      series: { count: 1 },
    });
    expect(res.status).toBe(422);
    const ref = (
      kind: string,
      namespace: string,
      name: string,
      uid: string,
      apiVersion: string,
      fieldPath: string,
    ) =>
      JSON.stringify({
        Kind: kind,
        Namespace: namespace,
        Name: name,
        UID: uid,
        APIVersion: apiVersion,
        ResourceVersion: '',
        FieldPath: fieldPath,
      });
    expect(res.body.message).toBe(
      `Event "i1" is invalid: [series.count: Invalid value: "": should be at least 2, series.lastObservedTime: Required value, involvedObject: Invalid value: ${ref('Pod', ns, 'q', 'u1', 'v1', 'spec.containers{a}')}: field is immutable, message: Invalid value: "changed": field is immutable, source: Invalid value: {"Component":"x","Host":""}: field is immutable, count: Invalid value: 4: field is immutable, related: Invalid value: ${ref('', '', 'r', '', '', '')}: field is immutable]`,
    );
    // a core/v1 update changes them freely
    const core = ok(await client.get(`${coreEvents()}/i1`));
    const changed = ok(await client.put(`${coreEvents()}/i1`, { ...core, message: 'changed' }));
    expect(changed.message).toBe('changed');
  });
});
