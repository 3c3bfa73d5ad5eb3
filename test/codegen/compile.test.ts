/**
 * Generated code compiles under the strictest tsconfig (`strict`, `exactOptionalPropertyTypes`,
 * `noUncheckedIndexedAccess`) in a project of its own, in every module flavour a consumer uses
 * (Node ESM with nodenext resolution, bundler resolution, CommonJS), and its types reject wrong
 * objects.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnostics, flavours } from './tsc-flavours';

const root = join(__dirname, '..', '..');

const usage = `
import { Scheme } from '@kubekit/apimachinery';
import { PatchType } from '@kubekit/rest';
import { Clientset, addToScheme, newInformerFactory, kubeflowV1, certManagerV1, monitoringV1 } from './generated/index.js';

export async function use(cs: Clientset): Promise<string | undefined> {
  const job: kubeflowV1.TFJob = {
    metadata: { name: 'mnist' },
    spec: {
      runPolicy: { cleanPodPolicy: 'Running' },
      tfReplicaSpecs: { Worker: { replicas: 2, restartPolicy: 'OnFailure', template: { spec: {} } } },
    },
  };
  const created = await cs.kubeflowV1.tfJobs('default').create(job);
  await cs.kubeflowV1.tfJobs('default').updateStatus(created);
  const issuer: certManagerV1.ClusterIssuer = { metadata: { name: 'ca' }, spec: { acme: { server: 'x', anything: 1 } } };
  await cs.certManagerV1.clusterIssuers().apply(issuer, { fieldManager: 'me' });
  const sm: monitoringV1.ServiceMonitor = { spec: { selector: {}, endpoints: [{ targetPort: 8080 }, { targetPort: 'http' }] } };
  await cs.monitoringV1.serviceMonitors('default').create(sm);
  // patch bodies typed from the object: null deletes, arrays are given whole
  const jobs = cs.kubeflowV1.tfJobs('default');
  await jobs.patch('mnist', { metadata: { labels: { team: 'ml', old: null } }, spec: { successPolicy: null } });
  await jobs.patch('mnist', PatchType.MergePatch, { spec: { runPolicy: { backoffLimit: 3 } } });
  await jobs.patch('mnist', [{ op: 'replace', path: '/spec/runPolicy/backoffLimit', value: 2 }, { op: 'remove', path: '/metadata/labels' }]);
  await jobs.patchStatus('mnist', { status: { conditions: [{ type: 'Created', status: 'True' }] } });
  await jobs.patch('mnist', PatchType.ApplyPatch, { metadata: { name: 'mnist' } }, { fieldManager: 'me' });
  await cs.appsV1.deployments('default').patch('web', PatchType.StrategicMergePatch, {
    spec: { template: { spec: { containers: [{ name: 'app', image: 'app:2' }], $setElementOrder: [] } } },
  });
  // one client object and one informer factory for built-in and generated groups
  await cs.coreV1.configMaps('default').get('settings');
  const factory = newInformerFactory({ client: cs.restClient });
  factory.coreV1.pods();
  const cached: kubeflowV1.TFJob | undefined = factory.kubeflowV1.tfJobs().lister.namespace('default').get('mnist');
  addToScheme(new Scheme());
  return cached?.status?.conditions?.[0]?.type;
}
`;

/** Wrong uses the generated types must reject, each with the error code tsc reports. */
const misuses: [string, string][] = [
  [
    "const a: kubeflowV1.TFJob = { spec: { tfReplicaSpecs: {}, runPolicy: { cleanPodPolicy: 'Sometimes' } } };",
    'TS2322',
  ],
  ["const b: certManagerV1.Certificate = { spec: { secretName: 's' } };", 'TS2741'],
  ["const c = (cs: Clientset) => cs.monitoringV1.serviceMonitors('x').updateStatus;", 'TS2339'],
  ["const d = (cs: Clientset) => cs.kubeflowV1.tfJobs('x').getScale;", 'TS2339'],
  // a misspelt field of a merge patch, a wrong value type, an incomplete JSON Patch operation
  [
    "const e = (cs: Clientset) => cs.kubeflowV1.tfJobs('x').patch('a', { spec: { runPolcy: {} } });",
    'TS2769',
  ],
  [
    "const f = (cs: Clientset) => cs.appsV1.deployments('x').patch('d', PatchType.MergePatch, { spec: { replicas: '3' } });",
    'TS2769',
  ],
  [
    "const g = (cs: Clientset) => cs.coreV1.pods('x').patch('p', [{ op: 'replace', path: '/a' }]);",
    'TS2769',
  ],
];

async function project(files: Record<string, string>): Promise<{ dir: string; names: string[] }> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'kubekit-gen-tsc-'));
  await fs.cp(join(__dirname, 'generated'), join(dir, 'generated'), { recursive: true });
  await fs.symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [name, text] of Object.entries(files)) await fs.writeFile(join(dir, name), text);
  const names: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await fs.readdir(d, { withFileTypes: true })) {
      if (e.name === 'node_modules') continue;
      if (e.isDirectory()) await walk(join(d, e.name));
      else if (e.name.endsWith('.ts')) names.push(join(d, e.name));
    }
  };
  await walk(dir);
  return { dir, names };
}

describe('generated CRD clients under strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess', () => {
  let dir: string;
  const found: Record<string, string[]> = {};

  beforeAll(async () => {
    const misuse =
      `import { PatchType } from '@kubekit/rest';\n` +
      `import type { Clientset, kubeflowV1, certManagerV1 } from './generated/index.js';\n` +
      misuses.map(([code]) => `export ${code}`).join('\n');
    const p = await project({ 'usage.ts': usage, 'misuse.ts': `${misuse}\n` });
    dir = p.dir;
    for (const flavour of Object.keys(flavours))
      found[flavour] = await diagnostics(p.dir, p.names, flavour);
  }, 300_000);

  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it.each(Object.keys(flavours))(
    'compile as %s modules, with a program using every generated module',
    (flavour) => {
      expect(found[flavour]!.filter((d) => !d.startsWith('misuse.ts'))).toEqual([]);
    },
  );

  it('reject wrong enum values, missing required fields and unserved subresources', () => {
    const codes = found['nodenext']!.filter((d) => d.startsWith('misuse.ts')).map(
      (d) => d.split(' ')[1],
    );
    expect(codes).toEqual(misuses.map(([, code]) => `${code}:`));
  });
});
