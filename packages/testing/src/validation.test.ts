/**
 * kube-apiserver v1.34's validation of metadata, ConfigMaps, Secrets, Services, Leases, Events
 * and DeleteOptions: the exact 422 (or 400) answers, as recorded against the real server
 * (KUBEKIT_SERVER=real runs this file there too).
 */
import { TestClient, type TestResponse } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('validation');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const core = (resource: string) => `/api/v1/namespaces/${ns}/${resource}`;
const leases = () => `/apis/coordination.k8s.io/v1/namespaces/${ns}/leases`;
const eventsV1 = () => `/apis/events.k8s.io/v1/namespaces/${ns}/events`;

interface Cause {
  reason: string;
  message: string;
  field?: string;
}

/**
 * A 422 Invalid for `object` (`ConfigMap "name"`) with exactly `causes`, and kube's message
 * built from them: `<object> is invalid: <field>: <message>`, a list in brackets for several.
 */
function expectInvalid(res: TestResponse, object: string, causes: Cause[]): void {
  const texts = causes.map((c) => `${c.field}: ${c.message}`);
  const summary = texts.length === 1 ? texts[0] : `[${texts.join(', ')}]`;
  const message = `${object} is invalid: ${summary}`;
  expect(res.status).toBe(422);
  expect(res.body).toMatchObject({ kind: 'Status', reason: 'Invalid', code: 422, message });
  expect(res.body.details.causes).toEqual(causes);
}

const nameRegex =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const subdomainRegex =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const configKeyRegex =
  "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

describe('object metadata', () => {
  it('rejects label keys with a bad prefix and label values over 63 characters', async () => {
    const prefix = await client.post(core('configmaps'), {
      metadata: { name: 'p1', labels: { 'Bad_Prefix/x': 'v' } },
    });
    const msg = `Invalid value: "Bad_Prefix/x": prefix part ${subdomainRegex}`;
    expectInvalid(prefix, 'ConfigMap "p1"', [
      { reason: 'FieldValueInvalid', message: msg, field: 'metadata.labels' },
    ]);
    const long = 'x'.repeat(64);
    const value = await client.post(core('configmaps'), {
      metadata: { name: 'p3', labels: { k: long } },
    });
    expectInvalid(value, 'ConfigMap "p3"', [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${long}": must be no more than 63 characters`,
        field: 'metadata.labels',
      },
    ]);
  });

  it('rejects keys with more than one slash as a whole', async () => {
    const res = await client.post(core('configmaps'), {
      metadata: { name: 'p2', labels: { 'a/b/c': 'v' } },
    });
    const msg =
      "Invalid value: \"a/b/c\": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
    expectInvalid(res, 'ConfigMap "p2"', [
      { reason: 'FieldValueInvalid', message: msg, field: 'metadata.labels' },
    ]);
  });

  it('checks annotation keys case-insensitively and limits their total size', async () => {
    const mixed = await client.post(core('configmaps'), {
      metadata: { name: 'p4', annotations: { 'Example.COM/Key': 'v' } },
    });
    expect(mixed.status).toBe(201);
    const big = await client.post(core('configmaps'), {
      metadata: { name: 'big', annotations: { a: 'x'.repeat(256 * 1024) } },
    });
    expectInvalid(big, 'ConfigMap "big"', [
      {
        reason: 'FieldValueTooLong',
        message: 'Too long: may not be more than 262144 bytes',
        field: 'metadata.annotations',
      },
    ]);
  });

  it('validates owner references (no index in the path) and a single controller', async () => {
    const res = await client.post(core('configmaps'), {
      metadata: {
        name: 'o1',
        ownerReferences: [
          { apiVersion: 'v1', kind: 'Event', name: 'x', uid: 'u', controller: true },
          { apiVersion: 'a/b/c', kind: '', name: '', uid: 'v', controller: true },
        ],
      },
    });
    const first = '{"apiVersion":"v1","kind":"Event","name":"x","uid":"u","controller":true}';
    const second = '{"apiVersion":"a/b/c","kind":"","name":"","uid":"v","controller":true}';
    expect(res.status).toBe(422);
    expect(res.body.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: ${first}: /v1, Kind=Event is disallowed from being an owner`,
        field: 'metadata.ownerReferences',
      },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "a/b/c": version must not be empty',
        field: 'metadata.ownerReferences.apiVersion',
      },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "": must not be empty',
        field: 'metadata.ownerReferences.kind',
      },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "": must not be empty',
        field: 'metadata.ownerReferences.name',
      },
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: [${first},${second}]: Only one reference can have Controller set to true. Found "true" in references for Event/x and /`,
        field: 'metadata.ownerReferences',
      },
    ]);
  });

  it('validates finalizer names, their conflict and the core rule for unqualified names', async () => {
    const res = await client.post(core('configmaps'), {
      metadata: {
        name: 'e2',
        ownerReferences: [{ apiVersion: 'v1', kind: 'Pod', name: 'x' }],
        finalizers: ['bad finalizer', 'orphan', 'foregroundDeletion'],
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "": must not be empty',
        field: 'metadata.ownerReferences.uid',
      },
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "bad finalizer": ${nameRegex}`,
        field: 'metadata.finalizers',
      },
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: ["bad finalizer","orphan","foregroundDeletion"]: finalizer orphan and foregroundDeletion cannot be both set',
        field: 'metadata.finalizers',
      },
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: "bad finalizer": name is neither a standard finalizer name nor is it fully qualified',
        field: 'metadata.finalizers[0]',
      },
    ]);
    // leases use the generic metadata rules only: an unqualified finalizer is fine there
    const lease = await client.post(leases(), { metadata: { name: 'l3', finalizers: ['nope'] } });
    expect(lease.status).toBe(201);
  });

  it('reports a bad generateName and the name generated from it', async () => {
    const res = await client.post(core('configmaps'), { metadata: { generateName: 'Bad_' } });
    expect(res.status).toBe(422);
    const name: string = res.body.details.name;
    expect(name).toMatch(/^Bad_[a-z0-9]{5}$/);
    expect(res.body.details.causes).toEqual([
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "Bad_": ${subdomainRegex}`,
        field: 'metadata.generateName',
      },
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": ${subdomainRegex}`,
        field: 'metadata.name',
      },
    ]);
  });

  it('validates labels on updates too', async () => {
    await client.post(core('configmaps'), { metadata: { name: 'upd' } });
    const res = await client.patch(
      `${core('configmaps')}/upd`,
      { metadata: { labels: { 'bad key': 'x' } } },
      'application/merge-patch+json',
    );
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      `ConfigMap "upd" is invalid: metadata.labels: Invalid value: "bad key": ${nameRegex}`,
    );
  });

  it('stores no empty maps or lists, and records no fields for them', async () => {
    const res = await client.post(core('configmaps'), {
      metadata: { name: 'empty', labels: {}, annotations: {}, finalizers: [], ownerReferences: [] },
      data: {},
      binaryData: {},
    });
    expect(res.status).toBe(201);
    const { uid: _u, resourceVersion: _r, creationTimestamp: _c, ...meta } = res.body.metadata;
    expect(meta).toEqual({ name: 'empty', namespace: ns });
    expect(res.body.data).toBeUndefined();
    expect(res.body.binaryData).toBeUndefined();
  });
});

describe('configmaps', () => {
  it('rejects bad keys at data[key] and keys in both data and binaryData', async () => {
    const bad = await client.post(core('configmaps'), {
      metadata: { name: 'baddata' },
      data: { 'bad key!': 'v' },
    });
    expectInvalid(bad, 'ConfigMap "baddata"', [
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "bad key!": ${configKeyRegex}`,
        field: 'data[bad key!]',
      },
    ]);
    const dup = await client.post(core('configmaps'), {
      metadata: { name: 'dup' },
      data: { a: '1' },
      binaryData: { a: 'eA==', '..x': 'eA==' },
    });
    expectInvalid(dup, 'ConfigMap "dup"', [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "a": duplicate of key present in binaryData',
        field: 'data[a]',
      },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "..x": must not start with \'..\'',
        field: 'binaryData[..x]',
      },
    ]);
  });

  it('keeps an immutable configmap as it is', async () => {
    await client.post(core('configmaps'), {
      metadata: { name: 'imm' },
      data: { a: '1' },
      immutable: true,
    });
    const res = await client.put(`${core('configmaps')}/imm`, {
      metadata: { name: 'imm' },
      data: { a: '2' },
    });
    const msg = 'Forbidden: field is immutable when `immutable` is set';
    expectInvalid(res, 'ConfigMap "imm"', [
      { reason: 'FieldValueForbidden', message: msg, field: 'immutable' },
      { reason: 'FieldValueForbidden', message: msg, field: 'data' },
    ]);
  });
});

describe('secrets', () => {
  it('merges stringData into data and defaults the type', async () => {
    const res = await client.post(core('secrets'), {
      metadata: { name: 's1' },
      stringData: { a: 'x' },
      data: { b: 'eA==' },
    });
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ a: 'eA==', b: 'eA==' });
    expect(res.body.stringData).toBeUndefined();
    expect(res.body.type).toBe('Opaque');
    expect(res.body.metadata.managedFields[0].fieldsV1).toEqual({
      'f:data': { '.': {}, 'f:a': {}, 'f:b': {} },
      'f:type': {},
    });
  });

  it.each([
    ['not base64!', 3],
    ['eA=', 3],
    ['eA', 0],
    ['eA==x', 4],
    ['eA=a', 2],
    ['abc==', 4],
  ])('answers 400 for data %j (illegal base64 at byte %d)', async (value, at) => {
    const res = await client.post(core('secrets'), {
      metadata: { name: 'b64' },
      data: { k: value },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${at}`,
    );
  });

  it('requires the keys of typed secrets', async () => {
    const basic = await client.post(core('secrets'), {
      metadata: { name: 's2' },
      type: 'kubernetes.io/basic-auth',
    });
    expectInvalid(basic, 'Secret "s2"', [
      { reason: 'FieldValueRequired', message: 'Required value', field: 'data[username]' },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'data[password]' },
    ]);
    const json = await client.post(core('secrets'), {
      metadata: { name: 's3' },
      type: 'kubernetes.io/dockerconfigjson',
      data: { '.dockerconfigjson': 'eA==' },
    });
    expect(json.body.message).toBe(
      'Secret "s3" is invalid: data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'x\' looking for beginning of value',
    );
    const cfg = await client.post(core('secrets'), {
      metadata: { name: 's6' },
      type: 'kubernetes.io/dockercfg',
      data: { '.dockercfg': 'WzFd' },
    });
    expect(cfg.body.message).toBe(
      'Secret "s6" is invalid: data[.dockercfg]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}',
    );
    const token = await client.post(core('secrets'), {
      metadata: { name: 's4' },
      type: 'kubernetes.io/service-account-token',
    });
    expect(token.body.message).toBe(
      'Secret "s4" is invalid: metadata.annotations[kubernetes.io/service-account.name]: Required value',
    );
  });

  it('never changes its type', async () => {
    const created = await client.post(core('secrets'), {
      metadata: { name: 's7' },
      data: {},
      stringData: {},
    });
    expect(created.body.data).toBeUndefined();
    const res = await client.put(`${core('secrets')}/s7`, {
      metadata: { name: 's7' },
      type: 'Other',
    });
    expectInvalid(res, 'Secret "s7"', [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "Other": field is immutable',
        field: 'type',
      },
    ]);
  });
});

describe('services', () => {
  it('validates port names, protocols and named target ports', async () => {
    const res = await client.post(core('services'), {
      metadata: { name: 'multi' },
      spec: {
        ports: [{ port: 80 }, { port: 80, name: 'Bad', protocol: 'ICMP', targetPort: 'Not--ok-' }],
        selector: { a: 'b' },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.details.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.ports[0].name' },
      {
        reason: 'FieldValueInvalid',
        message:
          "Invalid value: \"Bad\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
        field: 'spec.ports[1].name',
      },
      {
        reason: 'FieldValueNotSupported',
        message: 'Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
        field: 'spec.ports[1].protocol',
      },
      {
        reason: 'FieldValueInvalid',
        message:
          'Invalid value: "Not--ok-": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        field: 'spec.ports[1].targetPort',
      },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "Not--ok-": must not contain consecutive hyphens',
        field: 'spec.ports[1].targetPort',
      },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "Not--ok-": must not begin or end with a hyphen',
        field: 'spec.ports[1].targetPort',
      },
    ]);
  });

  it('reports a port out of range twice (port and the defaulted targetPort)', async () => {
    const res = await client.post(core('services'), {
      metadata: { name: 'badport' },
      spec: { ports: [{ port: 0 }] },
    });
    const msg = 'Invalid value: 0: must be between 1 and 65535, inclusive';
    expectInvalid(res, 'Service "badport"', [
      { reason: 'FieldValueInvalid', message: msg, field: 'spec.ports[0].port' },
      { reason: 'FieldValueInvalid', message: msg, field: 'spec.ports[0].targetPort' },
    ]);
  });

  it('reports a duplicate port as the internal ServicePort', async () => {
    const res = await client.post(core('services'), {
      metadata: { name: 'dupl' },
      spec: {
        ports: [
          { port: 80, name: 'a' },
          { port: 80, name: 'b', targetPort: 8080 },
        ],
      },
    });
    expect(res.body.message).toBe(
      'Service "dupl" is invalid: spec.ports[1]: Duplicate value: {"Name":"","Protocol":"TCP","AppProtocol":null,"Port":80,"TargetPort":0,"NodePort":0}',
    );
  });

  it('checks type, affinity, node ports and traffic policies in kube order', async () => {
    const magic = await client.post(core('services'), {
      metadata: { name: 'badtype' },
      spec: { type: 'Magic', ports: [{ port: 80 }] },
    });
    expect(magic.body.message).toBe(
      'Service "badtype" is invalid: spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
    const np = await client.post(core('services'), {
      metadata: { name: 'np' },
      spec: {
        ports: [{ port: 80, nodePort: 30001 }],
        externalTrafficPolicy: 'Local',
        sessionAffinity: 'Sticky',
        internalTrafficPolicy: 'Nowhere',
      },
    });
    expect(np.body.details.causes.map((c: Cause) => `${c.field}: ${c.message}`)).toEqual([
      'spec.sessionAffinity: Unsupported value: "Sticky": supported values: "ClientIP", "None"',
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
      'spec.externalTrafficPolicy: Invalid value: "Local": may only be set for externally-accessible services',
      'spec.internalTrafficPolicy: Unsupported value: "Nowhere": supported values: "Cluster", "Local"',
    ]);
  });

  it('requires ports (unless headless), an externalName for ExternalName, no headless NodePort', async () => {
    const noPorts = await client.post(core('services'), {
      metadata: { name: 'noport' },
      spec: { selector: { 'bad key': 'v' } },
    });
    expect(noPorts.body.details.causes).toEqual([
      { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.ports' },
      {
        reason: 'FieldValueInvalid',
        message: `Invalid value: "bad key": ${nameRegex}`,
        field: 'spec.selector',
      },
    ]);
    const ext = await client.post(core('services'), {
      metadata: { name: 'ext' },
      spec: { type: 'ExternalName' },
    });
    expect(ext.body.message).toBe('Service "ext" is invalid: spec.externalName: Required value');
    const headless = await client.post(core('services'), {
      metadata: { name: 'lbh' },
      spec: { type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] },
    });
    expect(headless.body.message).toBe(
      'Service "lbh" is invalid: spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services',
    );
  });
});

describe('leases', () => {
  it('rejects a non-positive duration and negative transitions', async () => {
    const res = await client.post(leases(), {
      metadata: { name: 'bad' },
      spec: { leaseDurationSeconds: -1, leaseTransitions: -2 },
    });
    expectInvalid(res, 'Lease.coordination.k8s.io "bad"', [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: -1: must be greater than 0',
        field: 'spec.leaseDurationSeconds',
      },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: -2: must be greater than or equal to 0',
        field: 'spec.leaseTransitions',
      },
    ]);
  });

  it('drops the fields of the disabled CoordinatedLeaderElection feature', async () => {
    const res = await client.post(leases(), {
      metadata: { name: 'l1' },
      spec: { strategy: 'Bad', preferredHolder: 'x' },
    });
    expect(res.status).toBe(201);
    expect(res.body.spec).toEqual({});
  });
});

describe('events', () => {
  it('requires the involved object to be in the event namespace (core/v1)', async () => {
    const res = await client.post(core('events'), {
      metadata: { name: 'e2' },
      involvedObject: { namespace: 'other' },
    });
    expectInvalid(res, 'Event "e2"', [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "other": does not match event.namespace',
        field: 'involvedObject.namespace',
      },
    ]);
  });

  it('requires the reporting fields of a core/v1 event with an eventTime', async () => {
    const res = await client.post(core('events'), {
      metadata: { name: 'e1' },
      involvedObject: { namespace: ns },
      eventTime: '2024-01-01T00:00:00.000000Z',
    });
    expect(res.body.details.causes.map((c: Cause) => `${c.field}: ${c.message}`)).toEqual([
      'reportingComponent: Required value',
      'reportingComponent: Invalid value: "": name part must be non-empty',
      `reportingComponent: Invalid value: "": ${nameRegex}`,
      'reportingInstance: Required value',
      'action: Required value',
      'reason: Required value',
    ]);
  });

  it('holds events.k8s.io/v1 creates to the strict rules, reported on kind Event', async () => {
    const res = await client.post(eventsV1(), { metadata: { name: 'e2' }, reason: 'R' });
    expectInvalid(res, 'Event "e2"', [
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "": does not match event.namespace',
        field: 'involvedObject.namespace',
      },
      { reason: 'FieldValueRequired', message: 'Required value', field: 'eventTime' },
      {
        reason: 'FieldValueInvalid',
        message: 'Invalid value: "": has invalid value: ',
        field: 'type',
      },
    ]);
    expect(res.body.details).toEqual(expect.objectContaining({ kind: 'Event', name: 'e2' }));
    expect(res.body.details.group).toBeUndefined();
    const series = await client.post(eventsV1(), {
      metadata: { name: 'e4' },
      regarding: { namespace: ns },
      eventTime: '2024-01-01T00:00:00.000000Z',
      reportingController: 'c/x',
      reportingInstance: 'i',
      action: 'A',
      reason: 'R',
      type: 'Normal',
      series: { count: 1 },
      deprecatedCount: 3,
      deprecatedSource: { component: 'x' },
    });
    expect(series.body.message).toBe(
      'Event "e4" is invalid: [series.count: Invalid value: "": should be at least 2, series.lastObservedTime: Required value, count: Invalid value: "": needs to be unset, source: Invalid value: "": needs to be unset]',
    );
  });
});

describe('event names', () => {
  it('accept any path segment on core/v1 and only DNS subdomains on events.k8s.io/v1', async () => {
    const coreEvent = await client.post(core('events'), {
      metadata: { name: 'Foo_Bar3' },
      involvedObject: { namespace: ns },
    });
    expect(coreEvent.status).toBe(201);
    const percent = await client.post(core('events'), {
      metadata: { name: 'a%b' },
      involvedObject: { namespace: ns },
    });
    expect(percent.body.message).toBe(
      `Event "a%b" is invalid: metadata.name: Invalid value: "a%b": may not contain '%'`,
    );
    const v1 = await client.post(eventsV1(), {
      metadata: { name: 'Foo_Bar2' },
      regarding: { namespace: ns },
      eventTime: '2024-01-01T00:00:00.000000Z',
      reportingController: 'c',
      reportingInstance: 'i',
      action: 'A',
      reason: 'R',
      type: 'Normal',
    });
    expect(v1.body.message).toBe(
      `Event "Foo_Bar2" is invalid: metadata.name: Invalid value: "Foo_Bar2": ${subdomainRegex}`,
    );
    expect(v1.body.details.group).toBeUndefined();
  });
});

describe('event serialization', () => {
  it('stores the fields Go always writes, owned by nobody; the involved object is atomic', async () => {
    const res = await client.post(core('events'), {
      metadata: { name: 'ok1' },
      involvedObject: { namespace: ns, kind: 'Pod', name: 'p' },
      reason: 'R',
      message: 'm',
      type: 'Normal',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      source: {},
      firstTimestamp: null,
      lastTimestamp: null,
      eventTime: null,
      reportingComponent: '',
      reportingInstance: '',
    });
    expect(res.body.metadata.managedFields[0].fieldsV1).toEqual({
      'f:involvedObject': {},
      'f:message': {},
      'f:reason': {},
      'f:type': {},
    });
  });

  it('does the same for events.k8s.io/v1 events', async () => {
    const res = await client.post(eventsV1(), {
      metadata: { name: 'e5' },
      regarding: { namespace: ns },
      eventTime: '2024-01-01T00:00:00.000000Z',
      reportingController: 'c',
      reportingInstance: 'i',
      action: 'A',
      reason: 'R',
      type: 'Normal',
      note: 'hi',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      deprecatedSource: {},
      deprecatedFirstTimestamp: null,
      deprecatedLastTimestamp: null,
    });
    expect(Object.keys(res.body.metadata.managedFields[0].fieldsV1).sort()).toEqual([
      'f:action',
      'f:eventTime',
      'f:note',
      'f:reason',
      'f:regarding',
      'f:reportingController',
      'f:reportingInstance',
      'f:type',
    ]);
    expect(res.body.metadata.managedFields[0].fieldsV1['f:regarding']).toEqual({});
  });
});

describe('delete options', () => {
  it('answers 422 on DeleteOptions.meta.k8s.io before looking the object up', async () => {
    const res = await client.delete(`${core('configmaps')}/absent?propagationPolicy=Sideways`);
    const msg =
      'Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"';
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      message: `DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: ${msg}`,
      details: {
        group: 'meta.k8s.io',
        kind: 'DeleteOptions',
        causes: [{ reason: 'FieldValueNotSupported', message: msg, field: 'propagationPolicy' }],
      },
    });
    expect(res.body.details.name).toBeUndefined();
    const both = await client.delete(`${core('configmaps')}/absent`, {
      propagationPolicy: 'Orphan',
      orphanDependents: true,
    });
    expect(both.body.message).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Orphan": orphanDependents and deletionPropagation cannot be both set',
    );
  });
});
