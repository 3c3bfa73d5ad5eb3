/**
 * Generated code compiles under the strictest tsconfig (`strict`, `exactOptionalPropertyTypes`,
 * `noUncheckedIndexedAccess`) in a project of its own, in every module flavour a consumer uses
 * (Node ESM with nodenext resolution, bundler resolution, CommonJS), and its types reject wrong
 * objects.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';

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

const nodenext = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
};

/**
 * The module settings of each flavour (`type`: the project's package.json `type`): Node ESM as
 * `tsc --init` sets it up, bundlers, and CommonJS (where `import` compiles to `require`).
 */
const flavours: Record<string, { type: string; options: ts.CompilerOptions }> = {
  nodenext: { type: 'module', options: { ...nodenext, verbatimModuleSyntax: true } },
  bundler: {
    type: 'module',
    options: {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      verbatimModuleSyntax: true,
    },
  },
  commonjs: { type: 'commonjs', options: { ...nodenext, verbatimModuleSyntax: false } },
};

/**
 * A compiler host resolving imports of the project's own files under the flavour's rules, and
 * imports inside the workspace packages (reached through the `@kubekit/source` condition, whose
 * sources use extensionless imports) under bundler rules, as their own tsconfig does: the
 * nodenext and commonjs flavours then check what a consumer of the built packages sees.
 */
function hostFor(dir: string, options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const workspace: ts.CompilerOptions = {
    ...options,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
  };
  const cache = ts.createModuleResolutionCache(dir, (f) => f, workspace);
  host.resolveModuleNameLiterals = (literals, containingFile, redirect, opts, sourceFile) =>
    literals.map((literal) => {
      const own = containingFile.startsWith(dir);
      const mode = ts.getModeForUsageLocation(sourceFile, literal, opts);
      return ts.resolveModuleName(
        literal.text,
        containingFile,
        own ? opts : workspace,
        host,
        own ? undefined : cache,
        redirect,
        own ? mode : undefined,
      );
    });
  return host;
}

async function diagnostics(dir: string, names: string[], flavour: string): Promise<string[]> {
  const { type, options } = flavours[flavour]!;
  await fs.writeFile(join(dir, 'package.json'), JSON.stringify({ type }));
  const all: ts.CompilerOptions = {
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2023,
    lib: ['lib.es2023.d.ts'],
    ...options,
    customConditions: ['@kubekit/source'],
    types: ['node'],
    skipLibCheck: true,
  };
  const program = ts.createProgram(names, all, hostFor(dir, all));
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file?.fileName.startsWith(dir))
    .map(
      (d) =>
        `${d.file!.fileName.slice(dir.length + 1)} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
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
