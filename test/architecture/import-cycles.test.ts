/**
 * No package has a runtime import cycle among its own modules: a cycle makes module
 * initialisation order-dependent (a class or constant read before its module ran) and ties the
 * modules on it into one unit. Type-only imports (`import type`, `export type`) are erased and
 * do not count; an `import { type A }` does (verbatimModuleSyntax keeps the import).
 *
 * Layers inside a package point one way: a lower folder imports nothing, not even a type, from
 * the folders above it (in @kubekit/testing the server reads and writes through the storage,
 * and the built-in kinds plug their rules into it, never the reverse).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..', '..');

/** Module -> the modules of the same package it imports at runtime. */
type ImportGraph = Map<string, Set<string>>;

function sourceFiles(dir: string, withTests = false): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path, withTests);
    return path.endsWith('.ts') && (withTests || !path.endsWith('.test.ts')) ? [path] : [];
  });
}

/** Static imports and re-exports with a relative specifier, minus the type-only ones. */
const relativeImport =
  /^(?:import|export)(\s+type\b)?[^'";]*?\bfrom\s*'(\.{1,2}\/[^']*)'|^import\s+'(\.{1,2}\/[^']*)'/gm;

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

/** The relative imports of each module; type-only ones too when `withTypes`. */
function importGraph(files: string[], withTypes: boolean): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of files) {
    const targets = new Set<string>();
    for (const [, typeOnly, fromSpecifier, bareSpecifier] of readFileSync(file, 'utf8').matchAll(
      relativeImport,
    )) {
      if (typeOnly && !withTypes) continue;
      const target = resolveModule(file, (fromSpecifier ?? bareSpecifier)!);
      if (target) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected components with more than one module, or one importing itself (Tarjan). */
function importCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || graph.get(node)?.has(node)) cycles.push(component.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe('importCycles', () => {
  it('finds a cycle through several modules and a module importing itself, and nothing else', () => {
    const graph: ImportGraph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a', 'd'])],
      ['d', new Set<string>()],
      ['e', new Set(['e', 'd'])],
    ]);
    expect(importCycles(graph)).toEqual([['a', 'b', 'c'], ['e']]);
  });
});

/** The imports of modules under `lower` that reach a module under `upper`, as `a -> b`. */
function upwardImports(graph: ImportGraph, lower: string, upper: string): string[] {
  const under = (file: string, dir: string) => !relative(dir, file).startsWith('..');
  return [...graph].flatMap(([file, targets]) =>
    under(file, lower)
      ? [...targets].filter((t) => under(t, upper)).map((t) => `${file} -> ${t}`)
      : [],
  );
}

describe('upwardImports', () => {
  it('lists the imports from the lower folder into the upper one, and nothing else', () => {
    const graph: ImportGraph = new Map([
      ['/p/storage/a.ts', new Set(['/p/storage/b.ts', '/p/server/h.ts'])],
      ['/p/storage/b.ts', new Set(['/p/go/x.ts'])],
      ['/p/server/h.ts', new Set(['/p/storage/a.ts'])],
    ]);
    expect(upwardImports(graph, '/p/storage', '/p/server')).toEqual([
      '/p/storage/a.ts -> /p/server/h.ts',
    ]);
  });
});

/** [package, lower folder of its src, a folder above it]. */
const layers: [string, string, string][] = [
  ['testing', 'storage', 'server'],
  ['testing', 'storage', 'builtins'],
];

describe.each(layers)('package %s', (name, lower, upper) => {
  it(`${lower}/ imports nothing from ${upper}/ (tests included)`, () => {
    const srcDir = join(root, 'packages', name, 'src');
    const files = sourceFiles(srcDir, true);
    const upward = upwardImports(
      importGraph(files, true),
      join(srcDir, lower),
      join(srcDir, upper),
    ).map((edge) => edge.replaceAll(`${srcDir}/`, ''));
    expect(upward).toEqual([]);
  });
});

const packages = readdirSync(join(root, 'packages')).filter((name) =>
  existsSync(join(root, 'packages', name, 'src', 'index.ts')),
);

describe.each(packages)('package %s', (name) => {
  it('has no runtime import cycle among its modules', () => {
    const srcDir = join(root, 'packages', name, 'src');
    const cycles = importCycles(importGraph(sourceFiles(srcDir), false)).map((cycle) =>
      cycle.map((file) => relative(srcDir, file)).join(' <-> '),
    );
    expect(cycles).toEqual([]);
  });
});
