/**
 * kube-apiserver v1.34's defaults of the workloads controllers create (Deployment, ReplicaSet,
 * StatefulSet, DaemonSet, Job, CronJob) and who owns them in managedFields, a Job's generated
 * selector, a namespace's finalizer and a write through scale, as recorded against the real
 * server (KUBEKIT_SERVER=real runs this file there too).
 */
import { TestClient } from './http-client';
import { startServerUnderTest, type ServerUnderTest } from './server-under-test';
import type { JsonMap } from './semantics/json';

let server: ServerUnderTest;
let client: TestClient;
let ns: string;
beforeAll(async () => {
  server = await startServerUnderTest({ embedded: { http: true } });
  client = new TestClient(server);
  ns = await server.namespace('workloads');
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

const apps = (resource: string) => `/apis/apps/v1/namespaces/${ns}/${resource}`;
const batch = (resource: string) => `/apis/batch/v1/namespaces/${ns}/${resource}`;
const merge = 'application/merge-patch+json';

const container = { name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] };
const template = { metadata: { labels: { app: 'x' } }, spec: { containers: [container] } };
const selector = { matchLabels: { app: 'x' } };

/** The pod template spec every workload gets from `container`, after the v1 defaults. */
const defaultedPodSpec = (restartPolicy = 'Always') => ({
  containers: [
    {
      ...container,
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
    },
  ],
  restartPolicy,
  terminationGracePeriodSeconds: 30,
  dnsPolicy: 'ClusterFirst',
  securityContext: {},
  schedulerName: 'default-scheduler',
});

/** What the creator owns of that pod template spec. */
const ownedPodSpec = {
  'f:containers': {
    'k:{"name":"main"}': {
      '.': {},
      'f:command': {},
      'f:image': {},
      'f:imagePullPolicy': {},
      'f:name': {},
      'f:resources': {},
      'f:terminationMessagePath': {},
      'f:terminationMessagePolicy': {},
    },
  },
  'f:dnsPolicy': {},
  'f:restartPolicy': {},
  'f:schedulerName': {},
  'f:securityContext': {},
  'f:terminationGracePeriodSeconds': {},
};
const ownedTemplate = {
  'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
  'f:spec': ownedPodSpec,
};

async function create(path: string, name: string, spec: JsonMap): Promise<JsonMap> {
  const res = await client.post(`${path}?fieldManager=creator`, { metadata: { name }, spec });
  expect(res.status).toBe(201);
  return res.body as JsonMap;
}

/** The entries of managedFields without their times. */
const entries = (obj: JsonMap) =>
  (obj.metadata.managedFields as JsonMap[]).map(({ time: _time, ...rest }) => rest);

const creatorEntry = (apiVersion: string, fieldsV1: JsonMap) => ({
  manager: 'creator',
  operation: 'Update',
  apiVersion,
  fieldsType: 'FieldsV1',
  fieldsV1,
});

describe('apps/v1 defaults', () => {
  it('gives a Deployment its strategy, limits, deadline and pod template defaults, owned by its creator', async () => {
    const d = await create(apps('deployments'), 'web', { selector, template });
    expect(d.spec).toEqual({
      replicas: 1,
      selector,
      template: { metadata: template.metadata, spec: defaultedPodSpec() },
      strategy: {
        type: 'RollingUpdate',
        rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' },
      },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    });
    expect(d.status).toEqual({});
    expect(entries(d)).toEqual([
      creatorEntry('apps/v1', {
        'f:spec': {
          'f:progressDeadlineSeconds': {},
          'f:replicas': {},
          'f:revisionHistoryLimit': {},
          'f:selector': {},
          'f:strategy': {
            'f:rollingUpdate': { '.': {}, 'f:maxSurge': {}, 'f:maxUnavailable': {} },
            'f:type': {},
          },
          'f:template': ownedTemplate,
        },
      }),
    ]);
  });

  it('leaves out rollingUpdate of a Recreate Deployment and defaults the volumes of its template', async () => {
    const d = await create(apps('deployments'), 'recreate', {
      strategy: { type: 'Recreate' },
      selector,
      template: {
        ...template,
        spec: {
          containers: [container],
          volumes: [
            { name: 's', secret: { secretName: 'x' } },
            { name: 'c', configMap: { name: 'y' } },
          ],
        },
      },
    });
    expect(d.spec.strategy).toEqual({ type: 'Recreate' });
    expect(d.spec.template.spec.volumes).toEqual([
      { name: 's', secret: { secretName: 'x', defaultMode: 420 } },
      { name: 'c', configMap: { name: 'y', defaultMode: 420 } },
    ]);
  });

  it('gives a ReplicaSet one replica and a status with replicas 0', async () => {
    const rs = await create(apps('replicasets'), 'rs', { selector, template });
    expect(rs.spec).toEqual({
      replicas: 1,
      selector,
      template: { metadata: template.metadata, spec: defaultedPodSpec() },
    });
    expect(rs.status).toEqual({ replicas: 0 });
    expect(entries(rs)).toEqual([
      creatorEntry('apps/v1', {
        'f:spec': { 'f:replicas': {}, 'f:selector': {}, 'f:template': ownedTemplate },
      }),
    ]);
  });

  it('gives a StatefulSet its policies and an empty serviceName nobody owns', async () => {
    const sts = await create(apps('statefulsets'), 'sts', { selector, template });
    expect(sts.spec).toEqual({
      replicas: 1,
      selector,
      template: { metadata: template.metadata, spec: defaultedPodSpec() },
      serviceName: '',
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
    });
    expect(sts.status).toEqual({ replicas: 0, availableReplicas: 0 });
    expect(entries(sts)[0]!.fieldsV1['f:spec']).toEqual({
      'f:persistentVolumeClaimRetentionPolicy': {
        '.': {},
        'f:whenDeleted': {},
        'f:whenScaled': {},
      },
      'f:podManagementPolicy': {},
      'f:replicas': {},
      'f:revisionHistoryLimit': {},
      'f:selector': {},
      'f:template': ownedTemplate,
      'f:updateStrategy': { 'f:rollingUpdate': { '.': {}, 'f:partition': {} }, 'f:type': {} },
    });
  });

  it('types the volume claim templates of a StatefulSet as PersistentVolumeClaims', async () => {
    const sts = await create(apps('statefulsets'), 'claims', {
      updateStrategy: { type: 'OnDelete' },
      selector,
      template,
      volumeClaimTemplates: [
        {
          metadata: { name: 'data' },
          spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
        },
      ],
    });
    expect(sts.spec.updateStrategy).toEqual({ type: 'OnDelete' });
    expect(sts.spec.volumeClaimTemplates).toEqual([
      {
        kind: 'PersistentVolumeClaim',
        apiVersion: 'v1',
        metadata: { name: 'data' },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: '1Gi' } },
          volumeMode: 'Filesystem',
        },
        status: { phase: 'Pending' },
      },
    ]);
    expect(entries(sts)[0]!.fieldsV1['f:spec']['f:volumeClaimTemplates']).toEqual({});
  });

  it('gives a DaemonSet its update strategy and template generation 1, bumped by nobody on a template change', async () => {
    const ds = await create(apps('daemonsets'), 'ds', { selector, template });
    expect(ds.metadata.annotations).toEqual({ 'deprecated.daemonset.template.generation': '1' });
    expect(ds.spec.updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxUnavailable: 1, maxSurge: 0 },
    });
    expect(ds.spec.revisionHistoryLimit).toBe(10);
    expect(ds.status).toEqual({
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    });
    const owned = entries(ds)[0]!.fieldsV1;
    expect(owned['f:metadata']).toEqual({
      'f:annotations': { '.': {}, 'f:deprecated.daemonset.template.generation': {} },
    });
    const patched = await client.patch(
      `${apps('daemonsets')}/ds?fieldManager=bob`,
      { spec: { template: { metadata: { labels: { app: 'x', v: '2' } } } } },
      merge,
    );
    expect(patched.status).toBe(200);
    expect(patched.body.metadata.annotations).toEqual({
      'deprecated.daemonset.template.generation': '2',
    });
    expect(patched.body.metadata.generation).toBe(2);
    const byManager = (a: JsonMap, b: JsonMap) => (a.manager < b.manager ? 1 : -1);
    expect(entries(patched.body).sort(byManager)).toEqual([
      creatorEntry('apps/v1', owned),
      {
        ...creatorEntry('apps/v1', {
          'f:spec': { 'f:template': { 'f:metadata': { 'f:labels': { 'f:v': {} } } } },
        }),
        manager: 'bob',
      },
    ]);
  });

  it('records a write through scale as its own entry without a time, listed first', async () => {
    await create(apps('deployments'), 'scaled', { selector, template });
    const scaled = await client.patch(
      `${apps('deployments')}/scaled/scale?fieldManager=creator`,
      { spec: { replicas: 3 } },
      merge,
    );
    expect(scaled.status).toBe(200);
    const d = (await client.get(`${apps('deployments')}/scaled`)).body as JsonMap;
    expect(d.spec.replicas).toBe(3);
    expect(d.metadata.generation).toBe(2);
    const managed = d.metadata.managedFields as JsonMap[];
    expect(managed.map((e) => [e.manager, e.subresource, e.time === undefined])).toEqual([
      ['creator', 'scale', true],
      ['creator', undefined, false],
    ]);
    expect(managed[0]!.fieldsV1).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(managed[1]!.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
  });
  it("prints the selector in a Scale's status as labels.Selector does (sorted by key)", async () => {
    await create(apps('deployments'), 'expr', {
      selector: {
        matchLabels: { z: '1', app: 'x' },
        matchExpressions: [
          { key: 'tier', operator: 'In', values: ['web', 'api'] },
          { key: 'b', operator: 'DoesNotExist' },
          { key: 'c', operator: 'Exists' },
          { key: 'd', operator: 'NotIn', values: ['q'] },
        ],
      },
      template: { ...template, metadata: { labels: { app: 'x', z: '1', tier: 'web', c: '1' } } },
    });
    const scale = await client.get(`${apps('deployments')}/expr/scale`);
    expect(scale.body.status).toEqual({
      replicas: 0,
      selector: 'app=x,!b,c,d notin (q),tier in (api,web),z=1',
    });
  });
});

describe('batch/v1 defaults', () => {
  const jobTemplate = (labels?: JsonMap) => ({
    ...(labels ? { metadata: { labels } } : {}),
    spec: { restartPolicy: 'Never', containers: [container] },
  });

  it('gives a Job its counts, policies and a selector on its uid that nobody owns', async () => {
    const job = await create(batch('jobs'), 'min', { template: jobTemplate() });
    const uid = job.metadata.uid as string;
    const generated = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'min',
      'controller-uid': uid,
      'job-name': 'min',
    };
    expect(job.metadata.labels).toEqual(generated);
    expect(job.spec).toEqual({
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } },
      manualSelector: false,
      template: { metadata: { labels: generated }, spec: defaultedPodSpec('Never') },
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    expect(job.status).toEqual({});
    expect(entries(job)).toEqual([
      creatorEntry('batch/v1', {
        'f:spec': {
          'f:backoffLimit': {},
          'f:completionMode': {},
          'f:completions': {},
          'f:manualSelector': {},
          'f:parallelism': {},
          'f:podReplacementPolicy': {},
          'f:suspend': {},
          'f:template': { 'f:spec': ownedPodSpec },
        },
      }),
    ]);
  });

  it('copies template labels to a Job without labels (owned) and adds the generated ones (not owned)', async () => {
    const job = await create(batch('jobs'), 'labelled', {
      parallelism: 2,
      template: jobTemplate({ app: 'x' }),
    });
    const uid = job.metadata.uid as string;
    expect(job.spec.completions).toBeUndefined();
    expect(job.metadata.labels).toEqual({
      app: 'x',
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'labelled',
      'controller-uid': uid,
      'job-name': 'labelled',
    });
    expect(entries(job)[0]!.fieldsV1['f:metadata']).toEqual({
      'f:labels': { '.': {}, 'f:app': {} },
    });
    const own = await client.post(batch('jobs'), {
      metadata: { name: 'own', labels: { own: '1' } },
      spec: { completions: 3, template: jobTemplate({ app: 'x' }) },
    });
    expect(own.status).toBe(201);
    expect(own.body.metadata.labels).toEqual({ own: '1' });
    expect(own.body.spec.parallelism).toBe(1);
  });

  it('keeps a manual selector and defaults the failure policy of an indexed Job', async () => {
    const manual = await create(batch('jobs'), 'manual', {
      manualSelector: true,
      selector,
      template: jobTemplate({ app: 'x' }),
    });
    expect(manual.spec.selector).toEqual(selector);
    expect(manual.metadata.labels).toEqual({ app: 'x' });
    expect(manual.spec.template.metadata.labels).toEqual({ app: 'x' });
    const indexed = await create(batch('jobs'), 'indexed', {
      completionMode: 'Indexed',
      completions: 2,
      podFailurePolicy: {
        rules: [{ action: 'FailJob', onPodConditions: [{ type: 'DisruptionTarget' }] }],
      },
      template: jobTemplate(),
    });
    expect(indexed.spec.podFailurePolicy.rules[0].onPodConditions).toEqual([
      { type: 'DisruptionTarget', status: 'True' },
    ]);
    expect(indexed.spec.podReplacementPolicy).toBe('Failed');
    expect(indexed.spec.parallelism).toBe(1);
  });

  it('gives a CronJob its policy and history limits, and its job template only pod defaults', async () => {
    const cj = await create(batch('cronjobs'), 'cron', {
      schedule: '*/5 * * * *',
      jobTemplate: {
        spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [container] } } },
      },
    });
    expect(cj.spec).toEqual({
      schedule: '*/5 * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      jobTemplate: {
        metadata: {},
        spec: { template: { metadata: {}, spec: defaultedPodSpec('OnFailure') } },
      },
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    expect(entries(cj)[0]!.fieldsV1['f:spec']['f:jobTemplate']).toEqual({
      'f:spec': { 'f:template': { 'f:spec': ownedPodSpec } },
    });
  });
});

describe('namespaces', () => {
  it('gives a namespace the kubernetes finalizer, owned by nobody', async () => {
    const name = `${ns}-child`;
    const res = await client.post('/api/v1/namespaces?fieldManager=creator', {
      metadata: { name },
    });
    try {
      expect(res.status).toBe(201);
      expect(res.body.spec).toEqual({ finalizers: ['kubernetes'] });
      expect(entries(res.body)).toEqual([
        creatorEntry('v1', {
          'f:metadata': { 'f:labels': { '.': {}, 'f:kubernetes.io/metadata.name': {} } },
        }),
      ]);
    } finally {
      await client.delete(`/api/v1/namespaces/${name}`);
    }
  });
});
