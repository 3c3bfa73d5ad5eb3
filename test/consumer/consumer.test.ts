/**
 * kubekit as a user gets it (issue 16): the publishable packages are packed, installed from the
 * tarballs into a project in the OS temp directory (outside the workspace: no workspace links,
 * no `@kubekit/source` condition), whose tsconfig is the one `tsc --init` of TypeScript 5.9
 * writes (module nodenext, strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess,
 * verbatimModuleSyntax) with `skipLibCheck: false`. In it:
 *
 * - the installed `kubekit-gen` generates the client of a CRD (test/consumer/fixtures);
 * - every ```ts block of the package READMEs and guides (docs/code-blocks.md says how blocks
 *   are marked) is a module of the project, type-checked by the project's own tsc: a missing
 *   export, a wrong `files` entry, an undeclared dependency or a wrong example fails here;
 * - the blocks marked `run` are compiled and run with plain `node`, against an in-memory API
 *   server of the installed @kubekit/testing (KUBECONFIG);
 * - the same sources type-check as a bundler resolves them (`moduleResolution: bundler`);
 * - a CommonJS project (`"type": "commonjs"`) type-checks and runs the same generated client.
 *
 * skipLibCheck is false, so the .d.ts of every installed package (ours and their dependencies)
 * is checked too; @kubernetes/client-node is no longer a dependency of any published package
 * (issue 17), so no exception is made for it.
 *
 * Needs the packages built (`npm test` builds first); fails with a message saying so otherwise.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, promises as fs, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import {
  install,
  pack,
  publishablePackages,
  requireBuilds,
  root,
  run,
  succeed,
  typeCheck,
  writePackageJson,
} from './consumer-project';
import { docModules, type DocModule } from './doc-blocks';

/** Documents not checked here, with the reason (printed by the test). */
const notChecked = new Map([
  [
    'docs/guides/migrating-from-client-node.md',
    'compares with @kubernetes/client-node: test/packaging/migration-guide.test.ts checks it',
  ],
]);

/** Packages a program uses as tools (code generation, tests, scaffolding), not at run time. */
const tools = new Set(['@kubekit/codegen', '@kubekit/testing', 'create-kubekit-operator']);

/**
 * The third-party packages the runtime packages may bring in (docs/architecture.md, Third-party
 * dependencies: undici for HTTP, lru-cache for bounded caches, yaml for kubeconfig): adding one
 * is a decision, so it fails here until this list says so.
 */
const allowedRuntimeDependencies = ['lru-cache', 'undici', 'yaml'];

/**
 * The installed packages the `roots` bring in, by name (from npm's lockfile of the project:
 * dependencies and optional dependencies, peers left out).
 */
function dependencyClosure(project: string, roots: string[]): string[] {
  const lock = JSON.parse(
    readFileSync(join(project, 'node_modules', '.package-lock.json'), 'utf8'),
  ) as {
    packages: Record<
      string,
      { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }
    >;
  };
  const seen = new Set<string>();
  const todo = [...roots];
  for (let name = todo.pop(); name !== undefined; name = todo.pop()) {
    if (seen.has(name)) continue;
    seen.add(name);
    const entry = lock.packages[`node_modules/${name}`];
    if (!entry) throw new Error(`${name} is not installed at the top of node_modules`);
    todo.push(...Object.keys({ ...entry.dependencies, ...entry.optionalDependencies }));
  }
  return [...seen].sort();
}

/** Every checked Markdown file, relative to the root. */
function documents(): string[] {
  const readmes = readdirSync(join(root, 'packages'))
    .map((d) => `packages/${d}/README.md`)
    .filter((p) => existsSync(join(root, p)));
  const guides = readdirSync(join(root, 'docs', 'guides'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/guides/${f}`);
  return [...readmes, ...guides].filter((p) => !notChecked.has(p));
}

/** `packages/codegen/README.md` -> `codegen-readme`, `docs/guides/x.md` -> `guide-x`. */
const docId = (path: string) =>
  path.startsWith('packages/')
    ? `${path.split('/')[1]}-readme`
    : `guide-${path.split('/').pop()!.replace(/\.md$/, '')}`;

const modules: DocModule[] = documents().flatMap((p) =>
  docModules(readFileSync(join(root, p), 'utf8'), p, docId(p)),
);

const cjsMain = `// The CommonJS consumer: the generated client compiled to require() calls.
import { Scheme } from '@kubekit/apimachinery';
import { loadConfig } from '@kubekit/rest';
import { Clientset, addToScheme, type exampleV1 } from './generated/index.js';

async function main(): Promise<void> {
  const cs = Clientset.fromConfig(loadConfig());
  const cronTab: exampleV1.CronTab = {
    metadata: { name: 'from-commonjs' },
    spec: { cronSpec: '*/5 * * * *', replicas: 1 },
  };
  const created = await cs.exampleV1.cronTabs('default').create(cronTab);
  const namespace = await cs.coreV1.namespaces().get('default');
  addToScheme(new Scheme());
  console.log(JSON.stringify({ uid: created.metadata?.uid !== undefined, namespace: namespace.metadata?.name }));
  await cs.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
`;

/** The project's tsconfig over what `tsc --init` wrote (tsconfig.init.json). */
const tsconfig = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    extends: './tsconfig.init.json',
    compilerOptions: {
      rootDir: 'src',
      outDir: 'dist',
      types: ['node'],
      skipLibCheck: false,
      ...extra,
    },
    include: ['src'],
  });

/** Server processes started, stopped by afterAll whatever happened. */
const servers = new Set<ChildProcess>();

/** The in-memory API server of the installed @kubekit/testing, and its kubeconfig. */
async function startServer(dir: string): Promise<{ child: ChildProcess; kubeconfig: string }> {
  const kubeconfig = join(dir, 'kubeconfig.yaml');
  const child = spawn(process.execPath, ['serve.mjs', kubeconfig, 'crd.json'], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  servers.add(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve.mjs not ready:\n${output}`)), 60_000);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited (${code}):\n${output}`));
    });
  });
  return { child, kubeconfig };
}

describe('a consumer project built from the packed tarballs', () => {
  let base: string;
  let project: string;
  let cjs: string;
  let errors: Map<string, string[]>;
  let cjsErrors: Map<string, string[]>;
  let bundlerErrors: Map<string, string[]>;
  let server: { child: ChildProcess; kubeconfig: string } | undefined;
  const times: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T>): Promise<T> => {
    const start = Date.now();
    try {
      return await work();
    } finally {
      times[phase] = Date.now() - start;
    }
  };

  let started = 0;
  let runtimePackages: string[] = [];

  beforeAll(async () => {
    started = Date.now();
    const packages = publishablePackages();
    requireBuilds(packages);
    base = await fs.mkdtemp(join(tmpdir(), 'kubekit-consumer-'));
    project = join(base, 'project');
    cjs = join(project, 'cjs');
    await fs.mkdir(join(base, 'tarballs'));
    await fs.mkdir(cjs, { recursive: true });
    const tarballs = await timed('pack', () => pack(packages, join(base, 'tarballs')));
    runtimePackages = [...tarballs.keys()].filter((name) => !tools.has(name));
    await writePackageJson(project, tarballs, 'module');
    await timed('install', () => install(project));
    const tsc = join(project, 'node_modules', 'typescript', 'bin', 'tsc');
    await succeed('tsc --init', process.execPath, [tsc, '--init'], { cwd: project });
    await fs.rename(join(project, 'tsconfig.json'), join(project, 'tsconfig.init.json'));
    await fs.writeFile(join(project, 'tsconfig.json'), tsconfig());
    const crd = join(__dirname, 'fixtures', 'crontab-crd.yaml');
    await fs.mkdir(join(project, 'crd'));
    await fs.copyFile(crd, join(project, 'crd', 'crontab.yaml'));
    await fs.writeFile(
      join(project, 'crd.json'),
      JSON.stringify(parse(await fs.readFile(crd, 'utf8'))),
    );
    await fs.copyFile(join(__dirname, 'fixtures', 'serve.mjs'), join(project, 'serve.mjs'));
    const gen = join(project, 'node_modules', '.bin', 'kubekit-gen');
    await timed('kubekit-gen', () =>
      succeed('kubekit-gen', gen, ['crd', 'crd', '--out', 'src/generated'], { cwd: project }),
    );
    for (const m of modules) await fs.writeFile(join(project, 'src', `${m.name}.ts`), m.text);
    // CommonJS: its own package.json type and tsconfig, the same node_modules (one level up)
    await fs.writeFile(join(cjs, 'package.json'), JSON.stringify({ type: 'commonjs' }));
    await fs.copyFile(join(project, 'tsconfig.init.json'), join(cjs, 'tsconfig.init.json'));
    await fs.writeFile(join(cjs, 'tsconfig.json'), tsconfig({ verbatimModuleSyntax: false }));
    await fs.cp(join(project, 'src', 'generated'), join(cjs, 'src', 'generated'), {
      recursive: true,
    });
    await fs.writeFile(join(cjs, 'src', 'main.ts'), cjsMain);
    // bundlers: the same sources, resolved as a bundler does (the .d.ts were checked above)
    await fs.writeFile(
      join(project, 'tsconfig.bundler.json'),
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: {
          module: 'preserve',
          moduleResolution: 'bundler',
          noEmit: true,
          skipLibCheck: true,
        },
      }),
    );
    // the type-checks (nodenext and commonjs each check every installed .d.ts) in parallel
    [errors, cjsErrors, bundlerErrors, server] = await Promise.all([
      timed('tsc (nodenext)', () => typeCheck(project)),
      timed('tsc (commonjs)', () => typeCheck(cjs)),
      timed('tsc (bundler)', () => typeCheck(project, 'tsconfig.bundler.json')),
      timed('server start', () => startServer(project)),
    ]);
  }, 600_000);

  afterAll(async () => {
    for (const child of servers) child.kill('SIGTERM');
    times['total'] = Date.now() - started;
    console.log(
      `consumer project: ${Object.entries(times)
        .map(([phase, ms]) => `${phase} ${(ms / 1000).toFixed(1)} s`)
        .join(', ')}`,
    );
    if (base) await fs.rm(base, { recursive: true, force: true });
  });

  it('checks every package README and guide with an unskipped block, and says what it leaves out', () => {
    const unchecked = documents().filter((p) => {
      const text = readFileSync(join(root, p), 'utf8');
      const fences = text.match(/^```(ts|typescript)\b/gm)?.length ?? 0;
      const skipped = text.match(/<!--\s*check:\s*skip\b/g)?.length ?? 0;
      return fences > skipped && !modules.some((m) => m.source === p);
    });
    expect(unchecked).toEqual([]);
    for (const [doc, reason] of notChecked) console.log(`not checked here: ${doc}: ${reason}`);
  });

  it('type-checks the generated client and the whole project, node_modules included', () => {
    const outside = [...errors].filter(
      ([file]) => !file.startsWith('src/') || file.startsWith('src/generated/'),
    );
    expect(outside).toEqual([]);
  });

  describe.each(modules.map((m) => [`${m.source}:${m.line}`, m] as const))(
    'the block at %s',
    (_, m) => {
      it('type-checks', () => {
        expect(errors.get(`src/${m.name}.ts`) ?? []).toEqual([]);
      });

      if (!m.run) return; // type-checked only (docs/code-blocks.md)
      it('runs with node', async () => {
        const result = await timed(`run ${m.name}`, () =>
          run(process.execPath, [join('dist', `${m.name}.js`)], {
            cwd: project,
            env: { ...process.env, KUBECONFIG: server!.kubeconfig, KUBEKIT_SERVER: 'embedded' },
            timeoutMs: 60_000,
          }),
        );
        expect({ code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
          code: 0,
          stderr: '',
        });
      }, 90_000);
    },
  );

  it('type-checks the generated client and every block as a bundler resolves them', () => {
    expect([...bundlerErrors]).toEqual([]);
  });

  it('type-checks and runs the generated client as CommonJS', async () => {
    expect([...cjsErrors]).toEqual([]);
    const js = await fs.readFile(join(cjs, 'dist', 'generated', 'index.js'), 'utf8');
    expect(js).toContain('require("./clientset.js")');
    const result = await run(process.execPath, [join('dist', 'main.js')], {
      cwd: cjs,
      env: { ...process.env, KUBECONFIG: server!.kubeconfig },
      timeoutMs: 60_000,
    });
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual({ uid: true, namespace: 'default' });
  }, 90_000);

  it('brings in no third-party package at run time but those allowed', () => {
    const closure = dependencyClosure(project, runtimePackages);
    expect(closure.filter((name) => !name.startsWith('@kubekit/'))).toEqual(
      allowedRuntimeDependencies,
    );
    expect(closure.filter((name) => name.startsWith('@kubekit/'))).toEqual(
      [...runtimePackages].sort(),
    );
  });

  it('stays outside the workspace', () => {
    expect(relative(root, project).startsWith('..')).toBe(true);
  });
});
