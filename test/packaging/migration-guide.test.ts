/**
 * Keeps docs/guides/migrating-from-client-node.md honest: every ```ts block of the guide is
 * type-checked, as its own module, against the real packages (kubekit through its sources,
 * client-node 2.x through its published types) with the workspace's compiler options. A renamed
 * export, a changed option or a wrong result type in the guide fails this test. The guide's Jest
 * example is also run, against @kubekit/testing's in-memory API server.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const root = join(__dirname, '..', '..');
const guidePath = join(root, 'docs', 'guides', 'migrating-from-client-node.md');
const guide = readFileSync(guidePath, 'utf8');

interface Block {
  file: string;
  line: number;
  text: string;
}

/** The guide's ```ts blocks, each as a virtual module file beside this test. */
const blocks: Block[] = [...guide.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((match, i) => ({
  file: join(__dirname, `migration-guide-block-${i + 1}.ts`),
  line: guide.slice(0, match.index).split('\n').length + 1,
  text: match[1]!,
}));

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.base.json');
  const { config } = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config, ts.sys, root, undefined, configPath);
  return {
    ...options,
    noEmit: true,
    composite: false,
    declaration: false,
    declarationMap: false,
    emitDeclarationOnly: false,
    sourceMap: false,
    skipLibCheck: true,
  };
}

/** Type errors of every block, as `guide line N: message`, by block file. */
function typeErrors(blocks: Block[]): Map<string, string[]> {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const virtual = new Map(blocks.map((b) => [b.file, b]));
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (name) => virtual.has(name) || fileExists.call(host, name);
  host.readFile = (name) => virtual.get(name)?.text ?? readFile.call(host, name);
  host.getSourceFile = (name, languageVersion, ...rest) => {
    const block = virtual.get(name);
    return block
      ? ts.createSourceFile(name, block.text, languageVersion, true)
      : getSourceFile.call(host, name, languageVersion, ...rest);
  };
  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  return new Map(
    blocks.map((block) => {
      const source = program.getSourceFile(block.file)!;
      const diagnostics = [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ];
      return [
        block.file,
        diagnostics.map((d) => {
          const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
          const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
          return `guide line ${block.line + line}: ${message}`;
        }),
      ];
    }),
  );
}

/** A block that must not compile: proves the check can fail. */
const probe: Block = {
  file: join(__dirname, 'migration-guide-block-probe.ts'),
  line: 1,
  text: "import { loadKubeConfigFromDefault } from '@kubekit/rest';\nloadKubeConfigFromDefault();\n",
};

describe('docs/guides/migrating-from-client-node.md', () => {
  it('shows client-node and kubekit side by side', () => {
    const clientNode = blocks.filter((b) => b.text.startsWith('// client-node\n'));
    expect(clientNode.length).toBeGreaterThanOrEqual(5);
    expect(blocks.length - clientNode.length).toBeGreaterThanOrEqual(8);
    for (const block of clientNode) expect(block.text).toContain("from '@kubernetes/client-node'");
  });

  let errors = new Map<string, string[]>();
  beforeAll(() => {
    errors = typeErrors([...blocks, probe]);
  }, 180_000);

  it('has only code blocks that type-check against the real packages', () => {
    expect(blocks.flatMap((b) => errors.get(b.file) ?? [`${b.file} not checked`])).toEqual([]);
  });

  it('reports a block that uses an API that does not exist', () => {
    expect(errors.get(probe.file)?.join('\n')).toMatch(/loadKubeConfigFromDefault/);
  });

  it('has a Jest example that passes against the in-memory API server', async () => {
    const jestBlocks = blocks.filter((b) => /^test\(/m.test(b.text));
    expect(jestBlocks).toHaveLength(1);
    const { outputText } = ts.transpileModule(jestBlocks[0]!.text, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2023 },
    });
    const tests: Array<() => Promise<void>> = [];
    const define = (_name: string, fn: () => Promise<void>) => tests.push(fn);
    new Function('require', 'exports', 'test', 'expect', outputText)(require, {}, define, expect);
    expect(tests).toHaveLength(1);
    await tests[0]!();
  });
});
