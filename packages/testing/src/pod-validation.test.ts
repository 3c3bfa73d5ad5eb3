/**
 * Pod writes answered as kube-apiserver v1.34 answers them: validation errors (causes, their
 * order, the aggregated message), the Forbidden answer to an update of an immutable field with
 * its diff of the internal specs, managedFields of created pods and the condition times of
 * status writes. The expected answers were recorded against the real server
 * (KUBEKIT_SERVER=real runs this suite there too).
 */
import { TestClient } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
let pods: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('podval');
  pods = `/api/v1/namespaces/${ns}/pods`;
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const strategic = 'application/strategic-merge-patch+json';
const main = { name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] };

describe('pod validation', () => {
  it('reports every problem of a create, in kube order, in one aggregated message', async () => {
    const res = await client.post(pods, {
      metadata: { name: 'many' },
      spec: {
        restartPolicy: 'Sometimes',
        dnsPolicy: 'Nearby',
        volumes: [{ name: 'v' }], // defaulted to emptyDir: no error
        containers: [
          {
            name: 'Main',
            ports: [
              { containerPort: 80, name: 'http' },
              { containerPort: 81, name: 'http', protocol: 'QUIC' },
            ],
            env: [{ name: 'A=B' }],
            volumeMounts: [{ name: 'w', mountPath: '/w' }],
            imagePullPolicy: 'Sometimes',
          },
        ],
      },
    });
    expect(res.status).toBe(422);
    const causes = res.body.details.causes.map((c: { field: string; message: string }) => [
      c.field,
      c.message,
    ]);
    expect(causes).toEqual([
      [
        'spec.containers[0].name',
        `Invalid value: "Main": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
      ['spec.containers[0].image', 'Required value'],
      ['spec.containers[0].ports[1].name', 'Duplicate value: "http"'],
      [
        'spec.containers[0].ports[1].protocol',
        'Unsupported value: "QUIC": supported values: "SCTP", "TCP", "UDP"',
      ],
      [
        'spec.containers[0].env[0].name',
        `Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      ],
      ['spec.containers[0].volumeMounts[0].name', 'Not found: "w"'],
      [
        'spec.containers[0].imagePullPolicy',
        'Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"',
      ],
      [
        'spec.restartPolicy',
        'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      ],
      [
        'spec.dnsPolicy',
        'Unsupported value: "Nearby": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
      ],
    ]);
    expect(res.body.message).toBe(
      `Pod "many" is invalid: [${causes.map(([f, m]: string[]) => `${f}: ${m}`).join(', ')}]`,
    );
  });

  it('forbids changing an immutable field of a pod with the diff kube prints', async () => {
    const created = await client.post(pods, {
      metadata: { name: 'rich' },
      spec: {
        volumes: [{ name: 'data', emptyDir: {} }],
        containers: [
          {
            ...main,
            ports: [{ containerPort: 8080, name: 'http' }],
            env: [{ name: 'MODE', value: 'test' }],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
            resources: { limits: { cpu: '1', memory: '64Mi' } },
          },
        ],
        nodeSelector: { disk: 'ssd' },
      },
    });
    expect(created.status).toBe(201);
    const images = await client.patch(
      `${pods}/rich`,
      {
        spec: { containers: [{ name: 'main', image: 'busybox:1.37' }], activeDeadlineSeconds: 600 },
      },
      strategic,
    );
    expect(images.status).toBe(200);
    const res = await client.patch(
      `${pods}/rich`,
      { spec: { containers: [{ name: 'main', workingDir: '/data' }], restartPolicy: 'Never' } },
      strategic,
    );
    expect(res.status).toBe(422);
    expect(res.body.details.causes).toEqual([
      { reason: 'FieldValueForbidden', field: 'spec', message: expect.any(String) },
    ]);
    expect(res.body.details.causes[0].message).toBe(
      'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n' +
        '@@ -47,7 +47,7 @@\n' +
        '     "3600"\n' +
        '    ],\n' +
        '    "Args": null,\n' +
        '-   "WorkingDir": "",\n' +
        '+   "WorkingDir": "/data",\n' +
        '    "Ports": [\n' +
        '     {\n' +
        '      "Name": "http",\n' +
        '@@ -105,7 +105,7 @@\n' +
        '   }\n' +
        '  ],\n' +
        '  "EphemeralContainers": null,\n' +
        '- "RestartPolicy": "Always",\n' +
        '+ "RestartPolicy": "Never",\n' +
        '  "TerminationGracePeriodSeconds": 30,\n' +
        '  "ActiveDeadlineSeconds": 600,\n' +
        '  "DNSPolicy": "ClusterFirst",\n',
    );
  });
});

describe('pod managedFields and status', () => {
  it('own container elements but not the list, nor what admission adds; condition times are null', async () => {
    const created = await client.post(pods, {
      metadata: { name: 'owned' },
      spec: { containers: [{ ...main, ports: [{ containerPort: 80 }] }] },
    });
    expect(created.status).toBe(201);
    const [entry] = created.body.metadata.managedFields;
    expect(entry.fieldsV1['f:spec']).toEqual({
      'f:containers': {
        'k:{"name":"main"}': {
          '.': {},
          'f:command': {},
          'f:image': {},
          'f:imagePullPolicy': {},
          'f:name': {},
          'f:ports': {
            '.': {},
            'k:{"containerPort":80,"protocol":"TCP"}': {
              '.': {},
              'f:containerPort': {},
              'f:protocol': {},
            },
          },
          'f:resources': {},
          'f:terminationMessagePath': {},
          'f:terminationMessagePolicy': {},
        },
      },
      'f:dnsPolicy': {},
      'f:enableServiceLinks': {},
      'f:restartPolicy': {},
      'f:schedulerName': {},
      'f:securityContext': {},
      'f:terminationGracePeriodSeconds': {},
    });
    const status = await client.patch(
      `${pods}/owned/status`,
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      strategic,
    );
    expect(status.body.status.conditions).toEqual([
      { type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: null },
    ]);
  });
});

describe('pod defaults in depth', () => {
  it('default volumes, probes, handlers, env field refs and the service account alias', async () => {
    const created = await client.post(pods, {
      metadata: { name: 'deep' },
      spec: {
        serviceAccount: 'default',
        volumes: [
          { name: 'plain' },
          { name: 'cm', configMap: { name: 'x' } },
          { name: 'hp', hostPath: { path: '/tmp' } },
          { name: 'proj', projected: { sources: [{ configMap: { name: 'x' } }] } },
        ],
        containers: [
          {
            ...main,
            env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
            livenessProbe: { httpGet: { port: 8080 } },
            lifecycle: { preStop: { httpGet: { port: 80 } } },
          },
        ],
      },
    });
    expect(created.status).toBe(201);
    const { spec } = created.body;
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.volumes).toEqual([
      { name: 'plain', emptyDir: {} },
      { name: 'cm', configMap: { name: 'x', defaultMode: 420 } },
      { name: 'hp', hostPath: { path: '/tmp', type: '' } },
      { name: 'proj', projected: { sources: [{ configMap: { name: 'x' } }], defaultMode: 420 } },
    ]);
    const [c] = spec.containers;
    expect(c.env).toEqual([
      { name: 'POD', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    ]);
    expect(c.livenessProbe).toEqual({
      httpGet: { path: '/', port: 8080, scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c.lifecycle).toEqual({ preStop: { httpGet: { path: '/', port: 80, scheme: 'HTTP' } } });
  });
});

describe('pod validation beyond names and policies', () => {
  it.each([
    [
      'twovol',
      {
        containers: [{ name: 'main', image: 'busybox:1.36' }],
        volumes: [{ name: 'v', emptyDir: {}, hostPath: { path: '/x' } }],
      },
      'Pod "twovol" is invalid: spec.volumes[0].hostPath: Forbidden: may not specify more than 1 volume type',
    ],
    [
      'envfrom2',
      {
        containers: [
          {
            name: 'main',
            image: 'busybox:1.36',
            env: [
              { name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            ],
          },
        ],
      },
      'Pod "envfrom2" is invalid: spec.containers[0].env[0].valueFrom: Invalid value: "": may not be specified when `value` is not empty',
    ],
    [
      'probe',
      {
        containers: [
          {
            name: 'main',
            image: 'busybox:1.36',
            livenessProbe: { exec: { command: ['x'] }, periodSeconds: -1 },
          },
        ],
      },
      'Pod "probe" is invalid: spec.containers[0].livenessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0',
    ],
    [
      'nodesel',
      { containers: [{ name: 'main', image: 'busybox:1.36' }], nodeSelector: { 'bad key!': 'v' } },
      "Pod \"nodesel\" is invalid: spec.nodeSelector: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ],
    [
      'hostport',
      {
        containers: [
          { name: 'main', image: 'busybox:1.36', ports: [{ containerPort: 80, hostPort: 80 }] },
          { name: 'b', image: 'busybox:1.36', ports: [{ containerPort: 81, hostPort: 80 }] },
        ],
      },
      'Pod "hostport" is invalid: spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//80"',
    ],
  ])('%s is rejected as kube-apiserver rejects it', async (name, spec, message) => {
    const res = await client.post(pods, { metadata: { name }, spec });
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(message);
  });

  it('compares requests with limits by value and stores quantities canonically', async () => {
    const resources = (limits: object, requests: object) => ({
      containers: [{ ...main, resources: { limits, requests } }],
    });
    const over = await client.post(pods, {
      metadata: { name: 'over' },
      spec: resources({ cpu: '1' }, { cpu: '1500m' }),
    });
    expect(over.body.message).toBe(
      'Pod "over" is invalid: spec.containers[0].resources.requests: Invalid value: "1500m": must be less than or equal to cpu limit of 1',
    );
    const gpu = await client.post(pods, {
      metadata: { name: 'gpu' },
      spec: resources({ 'nvidia.com/gpu': '2' }, { 'nvidia.com/gpu': '1' }),
    });
    expect(gpu.body.message).toBe(
      'Pod "gpu" is invalid: spec.containers[0].resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2',
    );
    const canon = await client.post(pods, {
      metadata: { name: 'canon' },
      spec: resources({ cpu: '0.5', memory: '1.5Gi' }, { cpu: '100m', memory: 1048576 }),
    });
    expect(canon.body.spec.containers[0].resources).toEqual({
      limits: { cpu: '500m', memory: '1536Mi' },
      requests: { cpu: '100m', memory: '1048576' },
    });
  });

  it('drops container restart rules and makes a negative grace period 1', async () => {
    const res = await client.post(pods, {
      metadata: { name: 'dropped' },
      spec: {
        terminationGracePeriodSeconds: -5,
        initContainers: [{ ...main, name: 'init', restartPolicy: 'OnFailure' }],
        containers: [{ ...main, restartPolicy: 'Always' }],
      },
    });
    expect(res.status).toBe(201);
    expect(res.body.spec.terminationGracePeriodSeconds).toBe(1);
    expect(res.body.spec.initContainers[0].restartPolicy).toBeUndefined();
    expect(res.body.spec.containers[0].restartPolicy).toBeUndefined();
  });

  it('names an error found twice once in the message, twice in the causes', async () => {
    expect(
      (await client.post(pods, { metadata: { name: 'twice' }, spec: { containers: [main] } }))
        .status,
    ).toBe(201);
    const res = await client.patch(
      `${pods}/twice`,
      { spec: { containers: [{ name: 'main', image: '' }] } },
      strategic,
    );
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'Pod "twice" is invalid: spec.containers[0].image: Required value',
    );
    expect(res.body.details.causes).toHaveLength(2);
  });
});

describe('pod status writes', () => {
  const status = (name: string, body: object) =>
    client.patch(`${pods}/${name}/status`, { status: body }, strategic);

  it('reject invalid IPs and node names, fill container statuses and podIP', async () => {
    await client.post(pods, { metadata: { name: 'st' }, spec: { containers: [main] } });
    const ip = await status('st', { podIPs: [{ ip: 'not-an-ip' }] });
    expect(ip.body.message).toBe(
      'Pod "st" is invalid: status.podIPs[0]: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    );
    const node = await status('st', { nominatedNodeName: 'Bad_Node' });
    expect(node.status).toBe(422);
    expect(node.body.details.causes[0].field).toBe('status.nominatedNodeName');
    const ok = await status('st', {
      podIPs: [{ ip: '10.1.0.5' }],
      containerStatuses: [{ name: 'main', ready: true, restartCount: 0, image: 'x', imageID: '' }],
    });
    expect(ok.body.status).toMatchObject({
      podIP: '10.1.0.5',
      containerStatuses: [
        { name: 'main', state: {}, lastState: {}, ready: true, restartCount: 0, image: 'x' },
      ],
    });
  });

  it('keep the QoS class a full status write leaves out, and refuse another one', async () => {
    const created = await client.post(pods, {
      metadata: { name: 'qos' },
      spec: { containers: [main] },
    });
    const kept = await client.put(`${pods}/qos/status`, {
      ...created.body,
      status: { phase: 'Running' },
    });
    expect(kept.status).toBe(200);
    expect(kept.body.status).toMatchObject({ phase: 'Running', qosClass: 'BestEffort' });
    const changed = await client.put(`${pods}/qos/status`, {
      ...kept.body,
      status: { phase: 'Running', qosClass: 'Guaranteed' },
    });
    expect(changed.body.message).toBe(
      'Pod "qos" is invalid: status.qosClass: Invalid value: "Guaranteed": field is immutable',
    );
  });

  it('keep terminated containers of a pod that never restarts terminated', async () => {
    await client.post(pods, {
      metadata: { name: 'once' },
      spec: { restartPolicy: 'Never', containers: [main] },
    });
    const terminated = { terminated: { exitCode: 0, startedAt: null, finishedAt: null } };
    const done = await status('once', {
      containerStatuses: [
        { name: 'main', image: 'x', imageID: '', ready: false, restartCount: 0, state: terminated },
      ],
    });
    expect(done.status).toBe(200);
    const again = await client.patch(
      `${pods}/once/status`,
      {
        status: {
          containerStatuses: [
            {
              name: 'main',
              image: 'x',
              imageID: '',
              ready: true,
              restartCount: 0,
              state: { running: {} },
            },
          ],
        },
      },
      'application/merge-patch+json',
    );
    expect(again.status).toBe(422);
    expect(again.body.details.causes).toEqual([
      {
        reason: 'FieldValueForbidden',
        field: 'status.containerStatuses[0].state',
        message: 'Forbidden: may not be transitioned to non-terminated state',
      },
    ]);
  });
});
