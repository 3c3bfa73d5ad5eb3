/**
 * No package has a runtime import cycle among its own modules: a cycle makes module
 * initialisation order-dependent (a class or constant read before its module ran) and ties the
 * modules on it into one unit. Type-only imports (`import type`, `export type`) are erased and
 * do not count; an `import { type A }` does (verbatimModuleSyntax keeps the import).
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..', '..');

/** Module -> the modules of the same package it imports at runtime. */
type ImportGraph = Map<string, Set<string>>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') && !path.endsWith('.test.ts') ? [path] : [];
  });
}

/** Static imports and re-exports with a relative specifier, minus the type-only ones. */
const relativeImport =
  /^(?:import|export)(\s+type\b)?[^'";]*?\bfrom\s*'(\.{1,2}\/[^']*)'|^import\s+'(\.{1,2}\/[^']*)'/gm;

function resolveModule(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier.replace(/\.js$/, ''));
  return [`${base}.ts`, join(base, 'index.ts')].find((candidate) => existsSync(candidate));
}

function runtimeImportGraph(srcDir: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(srcDir)) {
    const targets = new Set<string>();
    for (const [, typeOnly, fromSpecifier, bareSpecifier] of readFileSync(file, 'utf8').matchAll(
      relativeImport,
    )) {
      if (typeOnly) continue;
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

const packages = readdirSync(join(root, 'packages')).filter((name) =>
  existsSync(join(root, 'packages', name, 'src', 'index.ts')),
);

describe.each(packages)('package %s', (name) => {
  it('has no runtime import cycle among its modules', () => {
    const srcDir = join(root, 'packages', name, 'src');
    const cycles = importCycles(runtimeImportGraph(srcDir)).map((cycle) =>
      cycle.map((file) => relative(srcDir, file)).join(' <-> '),
    );
    expect(cycles).toEqual([]);
  });
});
