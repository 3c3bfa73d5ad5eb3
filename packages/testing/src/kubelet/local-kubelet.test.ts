import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '../api-server';
import { TestClient } from '../http-client';
import { eventually, podsOf } from '../test-support/kubelet-fixture';
import { LocalKubelet } from './local-kubelet';
import type { ScriptedPodState } from './scripted-pod';

let kubelet: LocalKubelet | undefined;
const logs: { hook?: LocalKubelet['podLogs'] } = {};
let server: ApiServer;
let client: TestClient;

beforeEach(async () => {
  server = await startApiServer({ http: true, podLogs: (req) => logs.hook?.(req) });
  client = new TestClient({ url: server.url, token: server.token });
});
afterEach(async () => {
  await kubelet?.stop();
  kubelet = undefined;
  await client.close();
  await server.stop();
});

const podWithPhase = (name: string, phase: string) =>
  podsOf(client).until(name, phase, (p) => p.status?.phase === phase);

const pod = (name: string, spec: Record<string, unknown>) => podsOf(client).create(name, spec);

const claim = (name: string) =>
  client.post('/api/v1/namespaces/default/persistentvolumeclaims', {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });

describe('LocalKubelet', () => {
  it('registers its node, binds pods and applies scripted phases on resync', async () => {
    let want: ScriptedPodState = { phase: 'Running' };
    kubelet = await LocalKubelet.start({ server, script: () => want });
    expect((await client.get('/api/v1/nodes/local-node')).status).toBe(200);
    await pod('a', { containers: [{ name: 'main', image: 'x' }] });
    const running = await podWithPhase('a', 'Running');
    expect(running.spec.nodeName).toBe('local-node');
    want = { phase: 'Failed', exitCode: 137, reason: 'OOMKilled' };
    await kubelet.resync();
    const failed = await podWithPhase('a', 'Failed');
    expect(failed.status.containerStatuses[0].state.terminated).toMatchObject({
      exitCode: 137,
      reason: 'OOMKilled',
    });
  });

  it('scripts a pod the kubelet took away: status reason and message, a DisruptionTarget condition', async () => {
    let want: ScriptedPodState = { phase: 'Running' };
    kubelet = await LocalKubelet.start({ server, script: () => want });
    await pod('evicted', { containers: [{ name: 'main', image: 'x' }] });
    const running = await podWithPhase('evicted', 'Running');
    const scheduled = running.status.conditions.find((c: any) => c.type === 'PodScheduled');
    const message = 'The node was low on resource: memory.';
    want = {
      phase: 'Failed',
      exitCode: 137,
      podReason: 'Evicted',
      podMessage: message,
      conditions: [{ type: 'DisruptionTarget', reason: 'TerminationByKubelet', message }],
    };
    await kubelet.resync();
    const failed = await podWithPhase('evicted', 'Failed');
    expect(failed.status).toMatchObject({ reason: 'Evicted', message });
    expect(failed.status.conditions).toEqual([
      scheduled, // the binding's, kept
      {
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'TerminationByKubelet',
        message,
        lastProbeTime: null,
        lastTransitionTime: expect.any(String),
      },
      expect.objectContaining({ type: 'Initialized', status: 'True' }),
      expect.objectContaining({ type: 'ContainersReady', status: 'False' }),
      expect.objectContaining({ type: 'Ready', status: 'False' }),
    ]);
    expect(failed.status.containerStatuses[0].state.terminated.exitCode).toBe(137);
  });

  it('runs containers as processes: env, exit code, restarts, logs and PVC dirs that outlive pods', async () => {
    kubelet = await LocalKubelet.start({ server, restartBackoffMs: 10 });
    logs.hook = kubelet.podLogs;
    const script =
      'const fs=require("fs");const f="data/count";' +
      'const n=fs.existsSync(f)?Number(fs.readFileSync(f,"utf8")):0;fs.writeFileSync(f,String(n+1));' +
      'console.log("run",n,process.env.TF_CONFIG);process.exit(n<1?3:0)';
    await claim('ckpt');
    await pod('p', {
      restartPolicy: 'OnFailure',
      containers: [
        {
          name: 'main',
          image: 'node',
          command: [process.execPath, '-e', script],
          env: [{ name: 'TF_CONFIG', value: '{"ps":["job-ps-0.default.svc:2222"]}' }],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
      ],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'ckpt' } }],
    });
    const done = await podWithPhase('p', 'Succeeded');
    const status = done.status.containerStatuses[0];
    expect(status.restartCount).toBe(1);
    expect(status.lastState.terminated.exitCode).toBe(3);
    expect(status.state.terminated.exitCode).toBe(0);
    const port = await kubelet.addresses.localPort('default', 'job-ps-0', 2222);
    const log = await client.get('/api/v1/namespaces/default/pods/p/log');
    expect(log.text).toContain(`run 1 {"ps":["127.0.0.1:${port}"]}`);
    const previous = await client.get('/api/v1/namespaces/default/pods/p/log?previous=true');
    expect(previous.text).toContain('run 0');
    await client.delete('/api/v1/namespaces/default/pods/p');
    await eventually(
      async () =>
        (await client.get('/api/v1/namespaces/default/pods/p')).status === 404 ? true : undefined,
      'pod gone',
    );
    expect(readFileSync(join(kubelet.rootDir, 'pvcs/default/ckpt/count'), 'utf8')).toBe('2');
  });

  it('answers logs --previous with 400 before any restart, as the kubelet does', async () => {
    kubelet = await LocalKubelet.start({ server, restartBackoffMs: 10 });
    logs.hook = kubelet.podLogs;
    await pod('once', {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'main',
          image: 'node',
          command: [process.execPath, '-e', 'console.log("a");console.log("only run")'],
        },
      ],
    });
    await podWithPhase('once', 'Succeeded');
    const base = '/api/v1/namespaces/default/pods/once/log';
    expect((await client.get(`${base}?tailLines=1`)).text).toBe('only run\n');
    const previous = await client.get(`${base}?previous=true`);
    expect(previous.status).toBe(400);
    expect(previous.body).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message: 'previous terminated container "main" in pod "once" not found',
    });
  });

  it('keeps a pod Pending in ContainerCreating until the PVC it claims exists', async () => {
    kubelet = await LocalKubelet.start({ server });
    logs.hook = kubelet.podLogs;
    await pod('needs-claim', {
      restartPolicy: 'Never',
      containers: [
        {
          name: 'main',
          image: 'node',
          command: [process.execPath, '-e', 'console.log("mounted")'],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
        },
      ],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'late' } }],
    });
    const event = await eventually(async () => {
      const list = await client.get('/api/v1/namespaces/default/events');
      return list.body.items.find((e: any) => e.involvedObject.name === 'needs-claim');
    }, 'FailedMount event');
    expect(event).toMatchObject({
      type: 'Warning',
      reason: 'FailedMount',
      source: { component: 'kubelet' },
      message:
        'Unable to attach or mount volumes: unmounted volumes=[data]: error processing PVC ' +
        'default/late: failed to fetch PVC from API server: persistentvolumeclaims "late" not found',
    });
    const pending = (await client.get('/api/v1/namespaces/default/pods/needs-claim')).body;
    expect(pending.status.phase).toBe('Pending');
    expect(pending.status.containerStatuses[0].state).toEqual({
      waiting: { reason: 'ContainerCreating' },
    });
    const log = await client.get('/api/v1/namespaces/default/pods/needs-claim/log');
    expect(log.status).toBe(400);
    expect(log.body.message).toBe(
      'container "main" in pod "needs-claim" is waiting to start: ContainerCreating',
    );
    expect((await claim('late')).status).toBe(201);
    await podWithPhase('needs-claim', 'Succeeded');
    expect((await client.get('/api/v1/namespaces/default/pods/needs-claim/log')).text).toBe(
      'mounted\n',
    );
  });

  it('with a namespace, takes only its own pods and completes their graceful deletion', async () => {
    const kubelets: LocalKubelet[] = [];
    try {
      for (const ns of ['team-a', 'team-b']) {
        await client.post('/api/v1/namespaces', { metadata: { name: ns } });
        kubelets.push(
          await LocalKubelet.start({ server, namespace: ns, script: () => ({ phase: 'Running' }) }),
        );
      }
      expect(kubelets.map((k) => k.nodeName)).toEqual(['local-node-team-a', 'local-node-team-b']);
      const spec = { containers: [{ name: 'main', image: 'x' }] };
      await pod('stray', spec);
      for (const ns of ['team-a', 'team-b'])
        await client.post(`/api/v1/namespaces/${ns}/pods`, { metadata: { name: 'p' }, spec });
      const running = async (ns: string) =>
        eventually(async () => {
          const res = await client.get(`/api/v1/namespaces/${ns}/pods/p`);
          return res.body?.status?.phase === 'Running' ? res.body : undefined;
        }, `${ns}/p Running`);
      expect((await running('team-a')).spec.nodeName).toBe('local-node-team-a');
      expect((await running('team-b')).spec.nodeName).toBe('local-node-team-b');
      await kubelets[0]!.resync();
      expect((await client.get('/api/v1/namespaces/default/pods/stray')).body.spec.nodeName).toBe(
        undefined,
      );
      // a bound pod is only marked (30 s grace) until its kubelet deletes it with grace 0
      const marked = await client.delete('/api/v1/namespaces/team-a/pods/p');
      expect(marked.body.metadata.deletionTimestamp).toBeDefined();
      await eventually(
        async () =>
          (await client.get('/api/v1/namespaces/team-a/pods/p')).status === 404 ? true : undefined,
        'team-a/p gone',
      );
      await kubelets[0]!.stop();
      expect((await client.get('/api/v1/nodes/local-node-team-a')).status).toBe(404);
      expect((await client.get('/api/v1/nodes/local-node-team-b')).status).toBe(200);
    } finally {
      await Promise.all(kubelets.map((k) => k.stop()));
    }
  });

  it('gives every service port its own local port, the same for every pod', async () => {
    kubelet = await LocalKubelet.start({ server, script: () => undefined });
    const text =
      'a-worker-0.ns.svc:2222,a-worker-1.ns.svc.cluster.local:2222,a-worker-0.ns.svc:2222';
    const rewritten = await kubelet.addresses.rewrite(text);
    const [w0, w1, again] = rewritten.split(',');
    expect(w0).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(w0).not.toBe(w1);
    expect(again).toBe(w0);
    expect(existsSync(kubelet.rootDir)).toBe(true);
  });
});
