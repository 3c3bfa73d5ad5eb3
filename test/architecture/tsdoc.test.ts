/**
 * "TSDoc on every export" (docs/architecture.md, Conventions), enforced. One TypeScript
 * Program over every public entry point (each `@kubekit/source` target of each package's exports
 * map); every exported symbol is followed through re-exports to its declarations, and at least
 * one of them must carry a `/** ... *\/` comment with a non-empty summary. A file-level comment
 * (`@packageDocumentation`, `@module`, `@file`) does not count for the declaration below it.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..');
const fileLevelTags = new Set(['packageDocumentation', 'module', 'file', 'fileoverview']);

interface Entry {
  pkg: string;
  subpath: string;
  file: string;
}

/** Every public entry point's source file, from the `@kubekit/source` export conditions. */
function entries(): Entry[] {
  return readdirSync(join(root, 'packages')).flatMap((dir) => {
    const pkgPath = join(root, 'packages', dir, 'package.json');
    if (!existsSync(pkgPath)) return [];
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
      name: string;
      exports?: Record<string, string | Record<string, unknown>>;
    };
    return Object.entries(pkg.exports ?? {}).flatMap(([subpath, target]) => {
      const source = typeof target === 'object' ? target['@kubekit/source'] : undefined;
      return typeof source === 'string'
        ? [{ pkg: pkg.name, subpath, file: join(root, 'packages', dir, source) }]
        : [];
    });
  });
}

function commentText(comment: string | ts.NodeArray<ts.JSDocComment> | undefined): string {
  if (comment === undefined) return '';
  return typeof comment === 'string' ? comment : comment.map((part) => part.text).join('');
}

/** True when the node has a JSDoc block of its own with a non-empty summary. */
function hasTsDoc(declaration: ts.Node): boolean {
  return ts
    .getJSDocCommentsAndTags(declaration)
    .filter(ts.isJSDoc)
    .some(
      (doc) =>
        !(doc.tags ?? []).some((tag) => fileLevelTags.has(tag.tagName.text)) &&
        commentText(doc.comment).trim() !== '',
    );
}

/**
 * A namespace (`export * as coreV1 from './core/v1'`) is declared by a whole module: its TSDoc
 * goes on the statement that names it, anywhere along the re-export chain.
 */
function namespaceStatements(checker: ts.TypeChecker, exported: ts.Symbol): ts.Node[] {
  const statements: ts.Node[] = [];
  for (let alias: ts.Symbol | undefined = exported; alias && alias.flags & ts.SymbolFlags.Alias;) {
    for (const d of alias.declarations ?? []) {
      if (ts.isNamespaceExport(d)) statements.push(d.parent);
      else if (ts.isNamespaceImport(d)) statements.push(d.parent.parent);
      else statements.push(d);
    }
    alias = checker.getImmediateAliasedSymbol(alias);
  }
  return statements;
}

function location(declaration: ts.Node): string {
  const file = declaration.getSourceFile();
  const { line } = file.getLineAndCharacterOfPosition(declaration.getStart(file));
  return `${relative(root, file.fileName)}:${line + 1}`;
}

/** `package[/subpath]  Name  file:line` for every export of `entry` without TSDoc. */
function undocumentedExports(checker: ts.TypeChecker, program: ts.Program, entry: Entry): string[] {
  const source = program.getSourceFile(entry.file);
  if (!source)
    return [`${entry.pkg}${entry.subpath.slice(1)}: entry point ${entry.file} not found`];
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) return [];
  return checker.getExportsOfModule(moduleSymbol).flatMap((exported) => {
    const symbol =
      exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    let declarations: ts.Node[] = symbol.declarations ?? [];
    if (declarations.every(ts.isSourceFile)) {
      const statements = namespaceStatements(checker, exported);
      declarations = [
        ...statements.filter((d) => ts.isExportDeclaration(d) || ts.isImportDeclaration(d)),
        ...declarations,
      ];
    }
    if (declarations.length === 0 || declarations.some(hasTsDoc)) return [];
    return [
      `${entry.pkg}${entry.subpath.slice(1)}  ${exported.name}  ${location(declarations[0]!)}`,
    ];
  });
}

/** The undocumented exports of `entries`, from one Program over all of them. */
function check(all: Entry[]): string[] {
  const program = ts.createProgram({
    rootNames: all.map((e) => e.file),
    options: {
      target: ts.ScriptTarget.ES2023,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      customConditions: ['@kubekit/source'],
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
  });
  const checker = program.getTypeChecker();
  return all.flatMap((entry) => undocumentedExports(checker, program, entry));
}

describe('TSDoc on every export', () => {
  it('every symbol exported by a package entry point has a TSDoc summary', () => {
    const all = entries();
    expect(all.length).toBeGreaterThan(0);
    const missing = check(all);
    const message = missing.length
      ? `${missing.length} exports have no TSDoc:\n  ${missing.join('\n  ')}`
      : '';
    expect(message).toBe('');
  }, 120_000);

  it('finds undocumented declarations behind re-exports, and ignores file-level comments', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kubekit-tsdoc-'));
    try {
      const files: Record<string, string> = {
        'index.ts': [
          `/** The fixture package. @packageDocumentation */`,
          `export { documented, bare, blank } from './a';`,
          `export type { Shape } from './a';`,
          `export * from './b';`,
          `/** The a module as a namespace. */`,
          `export * as aSpace from './a';`,
          `export * as bSpace from './b';`,
          `/** Local and documented. */`,
          `export const local = 1;`,
        ].join('\n'),
        'a.ts': [
          `/** Says what it does. */`,
          `export function documented(): void {}`,
          `// a line comment is not TSDoc`,
          `export function bare(): void {}`,
          `/** */`,
          `export const blank = 2;`,
          `export interface Shape { x: number }`,
        ].join('\n'),
        'b.ts': [`/**`, ` * The module.`, ` * @module`, ` */`, `export class Lonely {}`].join('\n'),
      };
      for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
      const names = check([{ pkg: '@fixture/pkg', subpath: '.', file: join(dir, 'index.ts') }])
        .map((line) => line.split(/\s+/)[1])
        .sort();
      expect(names).toEqual(['Lonely', 'Shape', 'bSpace', 'bare', 'blank']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
