/**
 * Type-checking a consumer project in every module flavour a consumer uses (Node ESM with
 * nodenext resolution, bundler resolution, CommonJS) under the strictest tsconfig (`strict`,
 * `exactOptionalPropertyTypes`, `noUncheckedIndexedAccess` and the rest of @tsconfig/strictest:
 * no unused locals or parameters, `override`, no property access from index signatures), shared by the suites that compile
 * generated code.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import * as ts from 'typescript';

const nodenext = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
};

/**
 * The module settings of each flavour (`type`: the project's package.json `type`): Node ESM as
 * `tsc --init` sets it up, bundlers, and CommonJS (where `import` compiles to `require`).
 */
export const flavours: Record<string, { type: string; options: ts.CompilerOptions }> = {
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

export async function diagnostics(
  dir: string,
  names: string[],
  flavour: string,
): Promise<string[]> {
  const { type, options } = flavours[flavour]!;
  await fs.writeFile(join(dir, 'package.json'), JSON.stringify({ type }));
  const all: ts.CompilerOptions = {
    // @tsconfig/strictest's checks
    strict: true,
    exactOptionalPropertyTypes: true,
    noUncheckedIndexedAccess: true,
    noImplicitOverride: true,
    noImplicitReturns: true,
    noPropertyAccessFromIndexSignature: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    noFallthroughCasesInSwitch: true,
    allowUnusedLabels: false,
    allowUnreachableCode: false,
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
