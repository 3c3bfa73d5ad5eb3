/**
 * Real kubectl (a client nobody here wrote) against the in-memory API server: get / list /
 * -o json / -w / create / apply (client-side and --server-side) / patch / label / scale /
 * delete / api-resources, with a CRD. Skipped when kubectl is not installed.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApiServer, type ApiServer } from '@kubekit/testing';

const kubectlPath = process.env.KUBECTL ?? '/usr/bin/kubectl';
const hasKubectl =
  spawnSync(kubectlPath, ['version', '--client'], { stdio: 'ignore' }).status === 0;
const describeIf = hasKubectl ? describe : describe.skip;
if (!hasKubectl) console.warn(`kubectl interop suite skipped: ${kubectlPath} not found`);

const crdYaml = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - name: v1
    served: true
    storage: true
    subresources: {status: {}}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: State, type: string, jsonPath: '.status.conditions[-1:].type'}
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer, minimum: 1}
          status: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;

const deployment = (name: string, replicas: number) => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers: [{name: main, image: "nginx:1.27"}]
`;

describeIf('kubectl against the in-memory API server', () => {
  let server: ApiServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  const kubectl = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(kubectlPath, args, { env, timeout: 30_000 }, (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });
  const ok = async (...args: string[]): Promise<string> => {
    const r = await kubectl(...args);
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`);
    return r.stdout;
  };
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(async () => {
    server = await startApiServer();
    dir = mkdtempSync(join(tmpdir(), 'kubekit-kubectl-'));
    env = { ...process.env, KUBECONFIG: file('kubeconfig', server.kubeconfigYaml), HOME: dir };
  });
  afterAll(async () => {
    await server.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists namespaces and API resources', async () => {
    expect(await ok('get', 'namespaces', '-o', 'name')).toBe(
      'namespace/default\nnamespace/kube-node-lease\nnamespace/kube-public\nnamespace/kube-system\n',
    );
    const resources = await ok('api-resources', '--api-group=apps', '-o', 'name');
    expect(resources.split('\n')).toEqual(
      expect.arrayContaining(['deployments.apps', 'statefulsets.apps']),
    );
  });

  it('creates (imperatively, over protobuf), gets as JSON, labels and patches', async () => {
    expect(await ok('create', 'namespace', 'team')).toContain('namespace/team created');
    expect(await ok('create', 'secret', 'generic', 's', '--from-literal=p=q')).toContain(
      'secret/s created',
    );
    expect(await ok('get', 'secret', 's', '-o', 'jsonpath={.data.p}')).toBe(
      Buffer.from('q').toString('base64'),
    );
    expect(await ok('create', 'configmap', 'demo', '--from-literal=a=1')).toContain(
      'configmap/demo created',
    );
    expect(await ok('label', 'configmap', 'demo', 'tier=web')).toContain('labeled');
    await ok('patch', 'configmap', 'demo', '-p', '{"data":{"b":"2"}}');
    await ok(
      'patch',
      'configmap',
      'demo',
      '--type=json',
      '-p',
      '[{"op":"add","path":"/data/c","value":"3"}]',
    );
    const cm = JSON.parse(await ok('get', 'configmap', 'demo', '-o', 'json'));
    expect(cm.data).toEqual({ a: '1', b: '2', c: '3' });
    expect(cm.metadata.labels).toEqual({ tier: 'web' });
    expect(await ok('get', 'configmaps')).toMatch(/^NAME\s+DATA\s+AGE\ndemo\s+3\s+\d+s\n$/);
  });

  it('applies client-side and server-side, scales and deletes deployments', async () => {
    expect(await ok('apply', '-f', file('d1.yaml', deployment('web', 2)))).toContain(
      'deployment.apps/web created',
    );
    expect(await ok('apply', '-f', file('d1.yaml', deployment('web', 3)))).toContain(
      'deployment.apps/web configured',
    );
    expect(await ok('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).toBe('3');
    expect(
      await ok('apply', '--server-side', '-f', file('d2.yaml', deployment('api', 1))),
    ).toContain('serverside-applied');
    expect(
      await ok('apply', '--server-side', '-f', file('d2.yaml', deployment('api', 4))),
    ).toContain('serverside-applied');
    const api = JSON.parse(await ok('get', 'deploy', 'api', '-o', 'json', '--show-managed-fields'));
    expect(api.spec.replicas).toBe(4);
    expect(api.metadata.managedFields[0]).toMatchObject({ manager: 'kubectl', operation: 'Apply' });
    await ok('scale', 'deploy', 'web', '--replicas=5');
    expect(await ok('get', 'deploy', 'web', '-o', 'jsonpath={.spec.replicas}')).toBe('5');
    expect(await ok('delete', 'deploy', 'web', 'api')).toContain('deployment.apps "web" deleted');
    expect(await ok('get', 'deploy', '-o', 'name')).toBe('');
  });

  it('watches with -w and sees changes', async () => {
    await ok('create', 'configmap', 'watched');
    const child = spawn(
      kubectlPath,
      ['get', 'configmap', 'watched', '-w', '-o', 'jsonpath={.metadata.name}={.data.v}{"\\n"}'],
      { env },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const until = async (text: string): Promise<void> => {
      const deadline = Date.now() + 60_000;
      while (!out.includes(text) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50));
    };
    await until('watched=');
    await ok('patch', 'configmap', 'watched', '-p', '{"data":{"v":"2"}}');
    await until('watched=2');
    child.kill();
    expect(out.split('\n')).toEqual(expect.arrayContaining(['watched=', 'watched=2']));
  });

  it('serves a CRD: established, short names, printer columns, validation, apply and delete', async () => {
    await ok('apply', '-f', file('crd.yaml', crdYaml));
    await ok('wait', '--for=condition=Established', 'crd/widgets.example.com', '--timeout=20s');
    const widget = (size: number) =>
      `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w1}\nspec: {size: ${size}}\n`;
    expect(await ok('apply', '-f', file('w.yaml', widget(2)))).toContain(
      'widget.example.com/w1 created',
    );
    expect(await ok('get', 'wd')).toMatch(/^NAME\s+SIZE\s+STATE\nw1\s+2\s*\n$/);
    const conditions = '{"status":{"conditions":[{"type":"Created"},{"type":"Running"}]}}';
    await ok('patch', 'wd', 'w1', '--subresource=status', '--type=merge', '-p', conditions);
    expect(await ok('get', 'wd')).toMatch(/^NAME\s+SIZE\s+STATE\nw1\s+2\s+Running\n$/);
    // switching from client-side to server-side apply with a changed value conflicts, as in kube
    const conflict = await kubectl('apply', '--server-side', '-f', file('w.yaml', widget(3)));
    expect(conflict.stderr).toContain('conflict with "kubectl-client-side-apply"');
    const forced = await ok(
      'apply',
      '--server-side',
      '--force-conflicts',
      '-f',
      file('w.yaml', widget(3)),
    );
    expect(forced).toContain('serverside-applied');
    const invalid = await kubectl('apply', '-f', file('bad.yaml', widget(0)));
    expect(invalid.code).not.toBe(0);
    expect(invalid.stderr).toContain(
      'spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1',
    );
    await ok('patch', 'wd', 'w1', '--type=merge', '-p', '{"spec":{"size":7}}');
    expect(await ok('get', 'widget', 'w1', '-o', 'jsonpath={.spec.size}')).toBe('7');
    expect(await ok('delete', 'crd', 'widgets.example.com')).toContain('deleted');
    await server.settle();
    const gone = await kubectl('get', 'widgets');
    expect(gone.code).not.toBe(0);
  });
});
