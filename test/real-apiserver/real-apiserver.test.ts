import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { apiRequest, type ApiTarget } from './api-request';
import { goCommand } from './build';
import {
  binariesIn,
  CONTROL_PLANE,
  findModuleDir,
  startRealApiServer,
  type RealApiServer,
} from './index';

const execFileAsync = promisify(execFile);

let server: RealApiServer;
let kubeconfigFile: string;
let admin: ApiTarget;

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('kubectl', ['--kubeconfig', kubeconfigFile, ...args]);
  return stdout;
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  server = await startRealApiServer({ build: false, components: CONTROL_PLANE });
  kubeconfigFile = join(server.workDir, 'kubeconfig');
  await writeFile(kubeconfigFile, server.kubeconfigYaml);
  admin = { url: server.url, caPem: server.caPem, token: server.token };
});

afterAll(async () => {
  await server?.stop();
});

/** GETs `path` as admin and returns the parsed body, or undefined unless it answers 200. */
async function getObject(path: string): Promise<any> {
  const res = await apiRequest(admin, { path });
  return res.status === 200 ? JSON.parse(res.body) : undefined;
}

async function post(path: string, body: unknown): Promise<any> {
  const res = await apiRequest(admin, { method: 'POST', path, body });
  expect(res.status).toBe(201);
  return JSON.parse(res.body);
}

describe('real kube-apiserver', () => {
  test('kubectl reads /readyz with the written kubeconfig', async () => {
    expect((await kubectl('get', '--raw', '/readyz')).trim()).toBe('ok');
  });

  test('/version reports the Kubernetes release that is compiled in', async () => {
    // the go command's answer: go.mod's replace of k8s.io/kubernetes, else its requirement
    const format = '{{with .Replace}}{{.Version}}{{else}}{{.Version}}{{end}}';
    const args = ['list', '-m', '-f', format, 'k8s.io/kubernetes'];
    const { stdout } = await execFileAsync(goCommand(), args, { cwd: findModuleDir() });
    const pinned = stdout.trim();
    expect(pinned).toMatch(/^v1\.\d+\.\d+$/);
    const version = JSON.parse(await kubectl('get', '--raw', '/version')) as { gitVersion: string };
    expect(version.gitVersion).toBe(pinned);
  });

  test('kubectl api-resources lists the built-in groups', async () => {
    const out = await kubectl('api-resources', '-o', 'name');
    const names = out.split('\n');
    for (const name of [
      'pods',
      'configmaps',
      'leases.coordination.k8s.io',
      'customresourcedefinitions.apiextensions.k8s.io',
    ]) {
      expect(names).toContain(name);
    }
  });

  test('a ConfigMap is created, read and deleted over HTTP', async () => {
    const path = '/api/v1/namespaces/default/configmaps';
    const created = await apiRequest(admin, {
      method: 'POST',
      path,
      body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'smoke' }, data: { a: '1' } },
    });
    expect(created.status).toBe(201);

    const got = await apiRequest(admin, { path: `${path}/smoke` });
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body)).toMatchObject({ metadata: { name: 'smoke' }, data: { a: '1' } });

    expect((await apiRequest(admin, { method: 'DELETE', path: `${path}/smoke` })).status).toBe(200);
    const gone = await apiRequest(admin, { path: `${path}/smoke` });
    expect(gone.status).toBe(404);
    expect(JSON.parse(gone.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 });
  });

  test('a CustomResourceDefinition becomes Established and its resource is served', async () => {
    const crd = {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.smoke.kubekit.dev' },
      spec: {
        group: 'smoke.kubekit.dev',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: {
              openAPIV3Schema: {
                type: 'object',
                properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
              },
            },
          },
        ],
      },
    };
    const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
    expect((await apiRequest(admin, { method: 'POST', path: crdPath, body: crd })).status).toBe(
      201,
    );

    const widgets = '/apis/smoke.kubekit.dev/v1/namespaces/default/widgets';
    await eventually('the widgets resource', async () => {
      const res = await apiRequest(admin, { path: widgets });
      return res.status === 200 ? true : undefined;
    });
    const created = await apiRequest(admin, {
      method: 'POST',
      path: widgets,
      body: {
        apiVersion: 'smoke.kubekit.dev/v1',
        kind: 'Widget',
        metadata: { name: 'w' },
        spec: { size: 3 },
      },
    });
    expect(created.status).toBe(201);
    expect(await kubectl('get', 'widgets', 'w', '-o', 'jsonpath={.spec.size}')).toBe('3');
  });

  test('tfjob-controller may list pods but is forbidden to read secrets', async () => {
    const tfjob: ApiTarget = { ...admin, token: server.tfjobControllerToken };
    expect((await apiRequest(tfjob, { path: '/api/v1/namespaces/default/pods' })).status).toBe(200);
    const secrets = await apiRequest(tfjob, { path: '/api/v1/namespaces/default/secrets' });
    expect(secrets.status).toBe(403);
    expect(JSON.parse(secrets.body)).toMatchObject({ reason: 'Forbidden' });
  });

  test('kube-scheduler binds a pod to the node it fits on', async () => {
    const resources = { cpu: '2', memory: '4Gi', pods: '10' };
    await post('/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'smoke-node', labels: { 'kubernetes.io/hostname': 'smoke-node' } },
      status: {
        capacity: resources,
        allocatable: resources,
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
      },
    });
    const pods = '/api/v1/namespaces/default/pods';
    await post(pods, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'scheduled' },
      spec: {
        containers: [{ name: 'c', image: 'busybox', resources: { requests: { cpu: '1' } } }],
        // Admission taints every new node not-ready; only node lifecycle (not run) lifts it.
        tolerations: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }],
      },
    });
    const bound = await eventually('the pod bound', async () => {
      const pod = await getObject(`${pods}/scheduled`);
      return pod?.spec.nodeName ? pod : undefined;
    });
    expect(bound.spec.nodeName).toBe('smoke-node');
    expect(bound.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'True' }),
    );
  });

  test('kube-controller-manager collects garbage, as a service account of its own', async () => {
    const ns = '/api/v1/namespaces/default';
    const owner = await post(`${ns}/configmaps`, { metadata: { name: 'gc-owner' } });
    const ownerReferences = [
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'gc-owner', uid: owner.metadata.uid },
    ];
    await post(`${ns}/secrets`, { metadata: { name: 'gc-dependent', ownerReferences } });
    const deleted = await apiRequest(admin, {
      method: 'DELETE',
      path: `${ns}/configmaps/gc-owner`,
    });
    expect(deleted.status).toBe(200);
    await eventually('the dependent collected', async () =>
      (await getObject(`${ns}/secrets/gc-dependent`)) ? undefined : true,
    );
    // --use-service-account-credentials: the collector ran as kube-system's generic-garbage-collector.
    const account = await getObject(
      '/api/v1/namespaces/kube-system/serviceaccounts/generic-garbage-collector',
    );
    expect(account).toMatchObject({ metadata: { name: 'generic-garbage-collector' } });
  });

  test('stop() ends every process and removes the work directory', async () => {
    const { pids, workDir } = server;
    expect(pids.kubeScheduler).toEqual(expect.any(Number));
    expect(pids.kubeControllerManager).toEqual(expect.any(Number));
    await server.stop();
    for (const pid of Object.values(pids)) {
      expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
    }
    expect(existsSync(workDir)).toBe(false);
  });
});

describe('etcd binary', () => {
  test('exits cleanly once its stdin closes (its parent went away)', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'kubekit-etcd-'));
    try {
      const etcd = spawn(binariesIn(findModuleDir()).etcd, ['--data-dir', dataDir], {
        env: { ...process.env, REALAPISERVER_STOP_ON_STDIN_EOF: '1' },
        stdio: ['pipe', 'pipe', 'ignore'],
      });
      const exited = new Promise<number | null>((resolve) => etcd.once('exit', resolve));
      const ready = await new Promise<string>((resolve) =>
        etcd.stdout.on('data', (chunk: Buffer) => resolve(chunk.toString())),
      );
      expect(JSON.parse(ready)).toEqual({
        clientURL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
      });
      etcd.stdin.end();
      expect(await exited).toBe(0);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
