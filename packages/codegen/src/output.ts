/**
 * Reading inputs and writing (or verifying) the output directory. Writes are all-or-nothing:
 * the files go to a temporary sibling directory that then replaces the output by rename.
 * @packageDocumentation
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { CodegenError } from './codegen-error';
import { GeneratedHeader } from './generate';
import type { GeneratedFile } from './model';
import { unifiedDiff } from './unified-diff';
import { parseYamlDocuments, type YamlDocument } from './yaml-documents';

const isYaml = (name: string) => /\.ya?ml$/i.test(name);

async function walk(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((e) =>
        e.isDirectory() ? walk(join(dir, e.name)) : Promise.resolve([join(dir, e.name)]),
      ),
  );
  return nested.flat();
}

function io(message: string, file: string, err: unknown): CodegenError {
  return new CodegenError('Io', `${message}: ${(err as Error).message}`, { file }, { cause: err });
}

/** `paths` as given when files, searched (recursively, sorted) for names passing `match` when directories. */
async function inputFiles(
  paths: readonly string[],
  match: (name: string) => boolean,
): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let stat;
    try {
      stat = await fs.stat(path);
    } catch (err) {
      throw io('cannot read input', path, err);
    }
    if (stat.isDirectory()) files.push(...(await walk(path)).filter(match));
    else files.push(path);
  }
  return files;
}

/**
 * The YAML documents of `paths`: files as given, directories searched (recursively, sorted) for
 * `*.yaml` / `*.yml`.
 *
 * @throws {@link CodegenError} `Io` (unreadable path, or no YAML file found) or `InvalidYaml`.
 */
export async function readYamlInputs(paths: readonly string[]): Promise<YamlDocument[]> {
  const files = await inputFiles(paths, isYaml);
  if (files.length === 0)
    throw new CodegenError('Io', 'no YAML file (*.yaml, *.yml) found', { file: paths.join(', ') });
  const docs: YamlDocument[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      throw io('cannot read input', file, err);
    }
    docs.push(...parseYamlDocuments(text, file));
  }
  return docs;
}

/**
 * The JSON documents of `paths`: files as given, directories searched (recursively, sorted)
 * for `*.json`, leaving out `exclude` (paths as given).
 *
 * @throws {@link CodegenError} `Io` (unreadable path, or no JSON file found) or `InvalidOpenApi`
 *   (a file is not JSON).
 */
export async function readJsonInputs(
  paths: readonly string[],
  exclude: readonly string[] = [],
): Promise<{ source: string; value: unknown }[]> {
  const skip = new Set(exclude.map((p) => resolve(p)));
  const files = await inputFiles(paths, (f) => f.endsWith('.json'));
  const inputs = files.filter((f) => !skip.has(resolve(f)));
  if (inputs.length === 0)
    throw new CodegenError('Io', 'no JSON file (*.json) found', { file: paths.join(', ') });
  return Promise.all(inputs.map(readJson));
}

/** One JSON file. @throws {@link CodegenError} `Io` or `InvalidOpenApi`. */
export async function readJson(file: string): Promise<{ source: string; value: unknown }> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    throw io('cannot read input', file, err);
  }
  try {
    return { source: file, value: JSON.parse(text) };
  } catch (err) {
    throw new CodegenError('InvalidOpenApi', `not JSON: ${(err as Error).message}`, { file });
  }
}

/** The files under `dir` as a map from `/`-separated relative path to text; empty when `dir` is absent. */
async function readTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let files: string[];
  try {
    files = await walk(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw io('cannot read the output directory', dir, err);
  }
  for (const file of files)
    out.set(relative(dir, file).split(sep).join('/'), await fs.readFile(file, 'utf8'));
  return out;
}

/**
 * Replaces `outDir` with exactly `files`, atomically: either the old output or the new one is
 * there, never a mix. Only a directory whose every file carries the generated header is
 * replaced.
 *
 * @throws {@link CodegenError} `UnsafeOutput` when `outDir` holds other files, `Io` on failure.
 */
export async function writeOutput(outDir: string, files: readonly GeneratedFile[]): Promise<void> {
  const existing = await readTree(outDir);
  for (const [path, text] of existing)
    if (!text.startsWith(GeneratedHeader))
      throw new CodegenError(
        'UnsafeOutput',
        `${path} was not generated by kubekit-gen; refusing to replace ${outDir} (kubekit-gen owns its output directory)`,
        { file: join(outDir, path) },
      );
  const suffix = randomBytes(4).toString('hex');
  const temp = join(dirname(outDir), `.${basename(outDir)}.kubekit-gen-${suffix}`);
  const old = join(dirname(outDir), `.${basename(outDir)}.old-${suffix}`);
  try {
    for (const f of files) {
      const path = join(temp, ...f.path.split('/'));
      await fs.mkdir(dirname(path), { recursive: true });
      await fs.writeFile(path, f.content);
    }
    await fs.mkdir(dirname(outDir), { recursive: true });
    const hadOutput = await fs.stat(outDir).then(
      () => true,
      () => false,
    );
    if (hadOutput) await fs.rename(outDir, old);
    await fs.rename(temp, outDir);
    if (hadOutput) await fs.rm(old, { recursive: true, force: true });
  } catch (err) {
    await fs.rm(temp, { recursive: true, force: true });
    throw io('cannot write the output', outDir, err);
  }
}

/**
 * Compares `outDir` with `files`: `''` when it holds exactly them, else a unified diff from
 * the committed files to the generated ones (missing files diff against nothing, extra files
 * against nothing the other way).
 */
export async function verifyOutput(
  outDir: string,
  files: readonly GeneratedFile[],
): Promise<string> {
  const existing = await readTree(outDir);
  const wanted = new Map(files.map((f) => [f.path, f.content]));
  const paths = [...new Set([...existing.keys(), ...wanted.keys()])].sort();
  return paths
    .map((p) => {
      const name = join(outDir, p);
      const before = existing.get(p);
      const after = wanted.get(p);
      return unifiedDiff(
        before === undefined ? '/dev/null' : `${name} (committed)`,
        after === undefined ? '/dev/null' : `${name} (generated)`,
        before ?? '',
        after ?? '',
      );
    })
    .join('');
}
