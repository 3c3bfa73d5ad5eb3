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
import { Clientset, addToScheme, createInformerFactory, kubeflowV1, certManagerV1, monitoringV1 } from './generated/index.js';

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
  // one client object and one informer factory for built-in and generated groups
  await cs.coreV1.configMaps('default').get('settings');
  const factory = createInformerFactory({ client: cs.restClient });
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
