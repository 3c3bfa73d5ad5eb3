/**
 * The package graph of docs/architecture.md, enforced: every @kubekit dependency is allowed by the
 * graph, declared in package.json, mirrored by a tsconfig reference, and the only way sources
 * reach another package.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

/**
 * The @kubekit packages each package depends on at runtime: exactly the graph of
 * docs/architecture.md (arrows point down the list). An edge a package does not use is as wrong
 * as one it is not allowed.
 */
const graph: Record<string, string[]> = {
  apimachinery: [],
  workqueue: [],
  testing: ['apimachinery'],
  rest: ['apimachinery'],
  cache: ['rest', 'apimachinery'],
  codegen: ['rest', 'apimachinery'],
  clientset: ['cache', 'rest', 'apimachinery'],
  leaderelection: ['rest', 'apimachinery'],
  record: ['rest', 'apimachinery'],
  'create-kubekit-operator': ['codegen'],
  controller: [
    'leaderelection',
    'record',
    'cache',
    'workqueue',
    'clientset',
    'rest',
    'apimachinery',
  ],
};

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
  sideEffects?: boolean;
  engines?: { node?: string };
}

const packages = readdirSync(join(root, 'packages')).filter((name) =>
  existsSync(join(root, 'packages', name, 'src', 'index.ts')),
);

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function kubekitDeps(deps: Record<string, string> | undefined): string[] {
  return Object.keys(deps ?? {})
    .filter((d) => d.startsWith('@kubekit/'))
    .map((d) => d.slice('@kubekit/'.length));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

describe.each(packages)('package %s', (name) => {
  const dir = join(root, 'packages', name);
  const pkg = readJson<PackageJson>(join(dir, 'package.json'));
  const runtime = kubekitDeps({ ...pkg.dependencies, ...pkg.peerDependencies });
  const dev = kubekitDeps(pkg.devDependencies);

  it('is a known node of the graph', () => {
    expect(Object.keys(graph)).toContain(name);
  });

  it('depends at runtime on exactly the packages of its edges in the graph', () => {
    expect([...runtime].sort()).toEqual([...graph[name]!].sort());
  });

  it('imports from its sources every package it depends on at runtime', () => {
    const imported = new Set<string>();
    const runtimeFiles = sourceFiles(join(dir, 'src')).filter(
      (f) => !f.endsWith('.test.ts') && !f.includes('/test-support/'),
    );
    for (const file of runtimeFiles)
      for (const match of readFileSync(file, 'utf8').matchAll(
        /^(?:import|export|\})[^'"\n]*from '@kubekit\/([a-z-]+)/gm,
      ))
        imported.add(match[1]!);
    expect(runtime.filter((d) => !imported.has(d))).toEqual([]);
  });

  it('uses in tests only allowed packages and the in-memory API server (which uses nothing it tests)', () => {
    const allowedDev = name === 'testing' ? graph.testing! : [...graph[name]!, 'testing'];
    expect(dev.filter((d) => !allowedDev.includes(d) || d === name)).toEqual([]);
  });

  it('has a tsconfig reference for every @kubekit dependency, and no other', () => {
    const tsconfig = readJson<{ references?: { path: string }[] }>(join(dir, 'tsconfig.json'));
    const refs = (tsconfig.references ?? []).map((r) => r.path.replace(/^\.\.\//, '')).sort();
    expect(refs).toEqual([...new Set([...runtime, ...dev])].sort());
  });

  it('imports other packages only through declared public entry points', () => {
    const declared = new Set([...runtime, ...dev]);
    const offending: string[] = [];
    for (const file of sourceFiles(join(dir, 'src'))) {
      // Test code: the tests and the helpers only they use (`src/test-support/`).
      const isTest = file.endsWith('.test.ts') || file.includes('/test-support/');
      // Statements start a line (`import ... from`, `export ... from`, `} from` of a multi-line
      // import); the same text indented or quoted is a string (code a generator or scaffold writes).
      for (const match of readFileSync(file, 'utf8').matchAll(
        /^(?:import|export|\})[^'"\n]*from '@kubekit\/([a-z-]+)(\/[^']*)?'/gm,
      )) {
        const [, target, subpath] = match;
        const ok =
          (isTest ? declared.has(target!) : runtime.includes(target!)) &&
          (!subpath || subpath === '/testing');
        if (!ok)
          offending.push(
            `${file.slice(root.length + 1)} imports @kubekit/${target}${subpath ?? ''}`,
          );
      }
    }
    expect(offending).toEqual([]);
  });

  it('publishes ESM and CJS with their own types, side-effect free, for Node >= 22', () => {
    const main = pkg.exports?.['.'] as Record<string, Record<string, string>>;
    expect(main.import).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(main.require).toEqual({ types: './dist/index.d.cts', default: './dist/index.cjs' });
    expect(pkg.exports?.['./package.json']).toBe('./package.json');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines?.node).toBe('>=22');
  });

  it('has a README', () => {
    expect(existsSync(join(dir, 'README.md'))).toBe(true);
  });
});
