/**
 * Server-side tables of pods, the workload kinds, leases, PVCs and pod disruption budgets: the
 * columns and cells kube-apiserver v1.34 prints, as recorded against the real server
 * (KUBEKIT_SERVER=real runs it there too). Age cells are checked for their shape only.
 */
import { columnsOf, rowOf, useTableSession } from './test-support/table-session';

const s = useTableSession('workload-tables');

/** The columns (wide ones marked `+`), Age-masked cells and row conditions of one object. */
async function printed(group: string, resource: string, name: string, ageAt: number) {
  const t = await s.table(s.path(group, resource, name));
  return { columns: columnsOf(t), cells: rowOf(t, ageAt), conditions: t.rows[0]!.conditions };
}

const ago = (ms: number): string => new Date(Date.now() - ms).toISOString().replace(/\.\d+Z$/, 'Z');
const template = (app: string, ...images: string[]) => ({
  metadata: { labels: { app } },
  spec: {
    restartPolicy: app === 'job' ? 'Never' : 'Always',
    containers: images.map((image, i) => ({ name: `c${i + 1}`, image })),
  },
});
const podColumns = [
  'Name',
  'Ready',
  'Status',
  'Restarts',
  'Age',
  '+IP',
  '+Node',
  '+Nominated Node',
  '+Readiness Gates',
];

describe('pod tables', () => {
  it('print a pending pod', async () => {
    await s.create('', 'pods', {
      metadata: { name: 'pending' },
      spec: template('x', 'nginx').spec,
    });
    const t = await printed('', 'pods', 'pending', 4);
    expect(t.columns).toEqual(podColumns);
    expect(t.cells).toEqual([
      'pending',
      '0/1',
      'Pending',
      '0',
      'AGE',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
    expect(t.conditions).toBeUndefined();
  });

  it('count sidecars as containers, show the last waiting reason and restarts with their age', async () => {
    await s.create('', 'pods', {
      metadata: { name: 'crashing' },
      spec: {
        initContainers: [
          { name: 'init', image: 'busybox' },
          { name: 'side', image: 'envoy', restartPolicy: 'Always' },
        ],
        containers: [
          { name: 'c1', image: 'nginx' },
          { name: 'c2', image: 'nginx' },
        ],
        readinessGates: [{ conditionType: 'example.com/gate' }],
      },
    });
    await s.patchStatus('', 'pods', 'crashing', {
      phase: 'Running',
      podIP: '10.1.0.9',
      podIPs: [{ ip: '10.1.0.9' }],
      nominatedNodeName: 'node9',
      conditions: [
        { type: 'example.com/gate', status: 'True' },
        { type: 'Initialized', status: 'True' },
      ],
      initContainerStatuses: [
        {
          name: 'init',
          image: 'busybox',
          imageID: '',
          ready: false,
          restartCount: 1,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
        {
          name: 'side',
          image: 'envoy',
          imageID: '',
          ready: true,
          started: true,
          restartCount: 2,
          state: { running: {} },
        },
      ],
      containerStatuses: [
        {
          name: 'c1',
          image: 'nginx',
          imageID: '',
          ready: true,
          restartCount: 3,
          state: { running: {} },
          lastState: { terminated: { exitCode: 1, finishedAt: ago(27 * 60_000) } },
        },
        {
          name: 'c2',
          image: 'nginx',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { waiting: { reason: 'CrashLoopBackOff' } },
        },
      ],
    });
    const t = await printed('', 'pods', 'crashing', 4);
    expect(t.cells).toEqual([
      'crashing',
      '2/3',
      'CrashLoopBackOff',
      '5 (27m ago)',
      'AGE',
      '10.1.0.9',
      '<none>',
      'node9',
      '1/1',
    ]);
  });

  it('mark a pod that succeeded Completed, with a row condition', async () => {
    await s.create('', 'pods', { metadata: { name: 'done' }, spec: template('x', 'nginx').spec });
    await s.patchStatus('', 'pods', 'done', {
      phase: 'Succeeded',
      containerStatuses: [
        {
          name: 'c1',
          image: 'nginx',
          imageID: '',
          ready: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: 'Completed' } },
        },
      ],
    });
    const t = await printed('', 'pods', 'done', 4);
    expect(t.cells.slice(0, 4)).toEqual(['done', '0/1', 'Completed', '0']);
    expect(t.conditions).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
  });
});

describe('workload tables', () => {
  it('deployments, replica sets, stateful sets and daemon sets print replicas, containers and selectors', async () => {
    const selector = (app: string) => ({ matchLabels: { app } });
    await s.create('apps/v1', 'deployments', {
      metadata: { name: 'web' },
      spec: {
        replicas: 3,
        selector: selector('web'),
        template: template('web', 'nginx', 'busybox'),
      },
    });
    expect(await printed('apps/v1', 'deployments', 'web', 4)).toEqual({
      columns: [
        'Name',
        'Ready',
        'Up-to-date',
        'Available',
        'Age',
        '+Containers',
        '+Images',
        '+Selector',
      ],
      cells: ['web', '0/3', 0, 0, 'AGE', 'c1,c2', 'nginx,busybox', 'app=web'],
      conditions: undefined,
    });
    await s.create('apps/v1', 'replicasets', {
      metadata: { name: 'rs' },
      spec: { replicas: 2, selector: selector('rs'), template: template('rs', 'nginx') },
    });
    expect(await printed('apps/v1', 'replicasets', 'rs', 4)).toMatchObject({
      columns: [
        'Name',
        'Desired',
        'Current',
        'Ready',
        'Age',
        '+Containers',
        '+Images',
        '+Selector',
      ],
      cells: ['rs', 2, 0, 0, 'AGE', 'c1', 'nginx', 'app=rs'],
    });
    await s.create('apps/v1', 'statefulsets', {
      metadata: { name: 'db' },
      spec: {
        replicas: 2,
        serviceName: 'db',
        selector: selector('db'),
        template: template('db', 'postgres'),
      },
    });
    expect(await printed('apps/v1', 'statefulsets', 'db', 2)).toMatchObject({
      columns: ['Name', 'Ready', 'Age', '+Containers', '+Images'],
      cells: ['db', '0/2', 'AGE', 'c1', 'postgres'],
    });
    const ds = template('ds', 'fluentd');
    await s.create('apps/v1', 'daemonsets', {
      metadata: { name: 'ds' },
      spec: {
        selector: selector('ds'),
        template: { ...ds, spec: { ...ds.spec, nodeSelector: { disk: 'ssd' } } },
      },
    });
    expect(await printed('apps/v1', 'daemonsets', 'ds', 7)).toMatchObject({
      columns: [
        'Name',
        'Desired',
        'Current',
        'Ready',
        'Up-to-date',
        'Available',
        'Node Selector',
        'Age',
        '+Containers',
        '+Images',
        '+Selector',
      ],
      cells: ['ds', 0, 0, 0, 0, 0, 'disk=ssd', 'AGE', 'c1', 'fluentd', 'app=ds'],
    });
  });

  it('jobs print status, completions and duration; cron jobs their schedule', async () => {
    const job = await s.create('batch/v1', 'jobs', {
      metadata: { name: 'job' },
      spec: { completions: 3, template: template('job', 'perl') },
    });
    const selector = `batch.kubernetes.io/controller-uid=${job.metadata.uid}`;
    const columns = [
      'Name',
      'Status',
      'Completions',
      'Duration',
      'Age',
      '+Containers',
      '+Images',
      '+Selector',
    ];
    expect(await printed('batch/v1', 'jobs', 'job', 4)).toMatchObject({
      columns,
      cells: ['job', 'Running', '0/3', '', 'AGE', 'c1', 'perl', selector],
    });
    await s.patchStatus('batch/v1', 'jobs', 'job', { startTime: ago(116 * 60_000), succeeded: 1 });
    expect((await printed('batch/v1', 'jobs', 'job', 4)).cells.slice(1, 4)).toEqual([
      'Running',
      '1/3',
      '116m',
    ]);

    await s.create('batch/v1', 'cronjobs', {
      metadata: { name: 'cron' },
      spec: {
        schedule: '*/5 * * * *',
        timeZone: 'Etc/UTC',
        jobTemplate: {
          spec: {
            template: { spec: { ...template('job', 'busybox').spec, restartPolicy: 'OnFailure' } },
          },
        },
      },
    });
    expect(await printed('batch/v1', 'cronjobs', 'cron', 6)).toMatchObject({
      columns: [
        'Name',
        'Schedule',
        'Timezone',
        'Suspend',
        'Active',
        'Last Schedule',
        'Age',
        '+Containers',
        '+Images',
        '+Selector',
      ],
      cells: [
        'cron',
        '*/5 * * * *',
        'Etc/UTC',
        'False',
        0,
        '<none>',
        'AGE',
        'c1',
        'busybox',
        '<none>',
      ],
    });
  });

  it('leases print their holder; PVCs their phase and volume; PDBs their budget', async () => {
    await s.create('coordination.k8s.io/v1', 'leases', {
      metadata: { name: 'lease' },
      spec: { holderIdentity: 'me', leaseDurationSeconds: 15 },
    });
    expect(await printed('coordination.k8s.io/v1', 'leases', 'lease', 2)).toMatchObject({
      columns: ['Name', 'Holder', 'Age'],
      cells: ['lease', 'me', 'AGE'],
    });
    await s.create('', 'persistentvolumeclaims', {
      metadata: { name: 'claim' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    expect(await printed('', 'persistentvolumeclaims', 'claim', 7)).toMatchObject({
      columns: [
        'Name',
        'Status',
        'Volume',
        'Capacity',
        'Access Modes',
        'StorageClass',
        'VolumeAttributesClass',
        'Age',
        '+VolumeMode',
      ],
      cells: ['claim', 'Pending', '', '', '', '', '<unset>', 'AGE', 'Filesystem'],
    });
    await s.create('policy/v1', 'poddisruptionbudgets', {
      metadata: { name: 'budget' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    });
    expect(await printed('policy/v1', 'poddisruptionbudgets', 'budget', 4)).toMatchObject({
      columns: ['Name', 'Min Available', 'Max Unavailable', 'Allowed Disruptions', 'Age'],
      cells: ['budget', '1', 'N/A', 0, 'AGE'],
    });
  });
});
