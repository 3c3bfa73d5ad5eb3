/**
 * scaffold: writes a ready operator project, generated client included.
 * @packageDocumentation
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { generateFromCrds, parseYamlDocuments, writeOutput } from '@kubekit/codegen';
import { operatorNames, type ScaffoldOptions } from './operator-options';
import { ScaffoldError } from './scaffold-error';
import { crdYaml, deploymentYaml, rbacYaml } from './templates/deploy-files';
import {
  dockerfile,
  dockerignore,
  gitignore,
  packageJson,
  readme,
  sampleYaml,
  tsconfigJson,
} from './templates/project-files';
import { controllerTestTs, controllerTs, mainTs } from './templates/source-files';
import { kubekitVersion } from './version';

/** The files of a new project (paths relative to its directory), generated client excluded. */
export function projectFiles(options: ScaffoldOptions): Map<string, string> {
  const n = operatorNames(options);
  return new Map([
    ['package.json', packageJson(n, { kubekit: kubekitVersion })],
    ['tsconfig.json', tsconfigJson()],
    ['Dockerfile', dockerfile()],
    ['.gitignore', gitignore()],
    ['.dockerignore', dockerignore()],
    ['README.md', readme(n)],
    ['deploy/crd.yaml', crdYaml(n)],
    ['deploy/rbac.yaml', rbacYaml(n)],
    ['deploy/deployment.yaml', deploymentYaml(n)],
    ['deploy/sample.yaml', sampleYaml(n)],
    ['src/controller.ts', controllerTs(n)],
    ['src/main.ts', mainTs(n)],
    ['src/controller.test.ts', controllerTestTs(n)],
  ]);
}

/**
 * Writes a new operator project into `directory` (created; must be absent or empty): the files
 * of {@link projectFiles} and the client kubekit-gen generates from its CRD into
 * `src/generated` (what the project's `npm run generate` regenerates).
 *
 * @throws {@link ScaffoldError} for bad options or a non-empty directory; CodegenError when
 *   the CRD cannot be generated from (a bug of the templates).
 * @example
 * ```ts
 * await scaffold('my-operator', { name: 'my-operator', group: 'example.com', kind: 'Widget' });
 * ```
 */
export async function scaffold(directory: string, options: ScaffoldOptions): Promise<string[]> {
  const files = projectFiles(options);
  if (existsSync(directory) && readdirSync(directory).length > 0)
    throw new ScaffoldError(`${directory} exists and is not empty; choose a new directory`);
  for (const [path, text] of files) {
    const target = join(directory, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, text);
  }
  const crd = parseYamlDocuments(files.get('deploy/crd.yaml')!, 'deploy/crd.yaml');
  const generated = await generateFromCrds(crd);
  await writeOutput(join(directory, 'src', 'generated'), generated);
  return [...files.keys(), ...generated.map((f) => `src/generated/${f.path}`)];
}
