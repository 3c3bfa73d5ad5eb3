#!/usr/bin/env node
// `npm run check:packages`: lint what npm would publish. For every packages/*/ that has a dist/
// (run `npm run build` first), pack the package once, then run
//   - publint (https://publint.dev) on the packed files: exports/main/types/bin point at published
//     files of the right format; errors and warnings fail, suggestions are printed;
//   - attw (@arethetypeswrong/cli) on the same tarball with the `node16` profile: TypeScript
//     resolves correct types from CJS and ESM under node16 and bundler resolution (node10 is
//     not checked: every package needs Node >= 22).
// Usage: node scripts/check-packages.mjs [name-or-dir...]   (default: every built packages/*/;
// a name is a directory under packages/, anything with a slash a package directory)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const attwBin = join(root, 'node_modules', '@arethetypeswrong', 'cli', 'dist', 'index.js');
/** attw resolution kinds we do not check (node10: kubekit packages require Node >= 22). */
const ignoredResolutions = new Set(['node10']);

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/** Runs `npm pack` into `dir`; returns the tarball's path and the paths of the files it holds. */
function pack(pkgDir, dir) {
  const result = spawnSync(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', dir],
    {
      cwd: pkgDir,
      encoding: 'utf8',
    },
  );
  if (result.status !== 0) throw new Error(`npm pack failed:\n${result.stderr}`);
  const [{ filename, files }] = JSON.parse(result.stdout);
  return { tarball: join(dir, filename), files: new Set(files.map((file) => file.path)) };
}

async function runPublint(tarball) {
  const buffer = readFileSync(tarball);
  const tarballData = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: tarballData }, level: 'suggestion' });
  return messages.map((message) => ({
    level: message.type,
    text: `${message.code}: ${formatMessage(message, pkg, { color: false }) ?? ''}`,
  }));
}

/** One attw problem on one line: its kind, then where (entry point, resolution, files). */
function describeAttwProblem({ kind, ...where }) {
  const details = Object.entries(where)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  return `${kind} (${details.join(', ')}); see https://github.com/arethetypeswrong/arethetypeswrong.github.io/blob/main/docs/problems/${kind}.md`;
}

function runAttw(tarball) {
  const result = spawnSync(
    process.execPath,
    [attwBin, tarball, '--profile', 'node16', '--format', 'json'],
    {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return [
      { level: 'error', text: `attw did not run (exit ${result.status}): ${result.stderr.trim()}` },
    ];
  }
  if (!report.analysis.types) return [{ level: 'error', text: 'attw: the package ships no types' }];
  return report.analysis.problems
    .filter((problem) => !ignoredResolutions.has(problem.resolutionKind))
    .map((problem) => ({ level: 'error', text: describeAttwProblem(problem) }));
}

/**
 * Export targets behind a custom condition that npm does not publish (e.g. `@kubekit/source` ->
 * ./src/index.ts). publint skips custom conditions by design; they are harmless to consumers
 * that never set the condition, so they are reported as a note only.
 */
function unpublishedCustomTargets(pkg, tarballFiles) {
  const notes = [];
  const walk = (value, path) => {
    if (typeof value === 'string') {
      const custom = path.slice(1).find((key) => key.startsWith('@'));
      if (custom && !tarballFiles.has(value.replace(/^\.\//, ''))) {
        notes.push({
          level: 'note',
          text: `exports${path.map((k) => `["${k}"]`).join('')} -> ${value} is not published`,
        });
      }
    } else if (value && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) walk(child, [...path, key]);
    }
  };
  walk(pkg.exports, []);
  return notes;
}

async function checkPackage(pkgDir, tmp) {
  const pkg = readJson(join(pkgDir, 'package.json'));
  const { tarball, files } = pack(pkgDir, tmp);
  const findings = [
    ...(await runPublint(tarball)).map((f) => ({ ...f, tool: 'publint' })),
    ...runAttw(tarball).map((f) => ({ ...f, tool: 'attw' })),
    ...unpublishedCustomTargets(pkg, files).map((f) => ({ ...f, tool: 'exports' })),
  ];
  return { name: pkg.name, findings };
}

const failing = new Set(['error', 'warning']);
const requested = process.argv
  .slice(2)
  .map((arg) => (arg.includes('/') ? resolve(arg) : join(root, 'packages', arg)));
const unknown = requested.filter((dir) => !existsSync(join(dir, 'package.json')));
if (unknown.length) {
  console.error(`not a package directory: ${unknown.join(', ')}`);
  process.exit(2);
}
const dirs = requested.length
  ? requested
  : readdirSync(join(root, 'packages'))
      .map((name) => join(root, 'packages', name))
      .filter((dir) => existsSync(join(dir, 'package.json')));
const unbuilt = dirs.filter((dir) => !existsSync(join(dir, 'dist')));
const built = dirs.filter((dir) => !unbuilt.includes(dir));
if (!built.length) {
  console.error('check:packages: no package has a dist/ yet; run `npm run build` first.');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'kubekit-check-packages-'));
let failed = 0;
try {
  for (const dir of built) {
    const { name: pkgName, findings } = await checkPackage(dir, tmp);
    const bad = findings.filter((f) => failing.has(f.level));
    if (bad.length) failed++;
    console.log(`${bad.length ? 'FAIL' : 'ok  '} ${pkgName}`);
    for (const f of findings)
      console.log(`     ${f.level.padEnd(10)} ${f.tool.padEnd(8)} ${f.text}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
if (unbuilt.length) {
  console.log(
    `\nnot built (no dist/, not checked): ${unbuilt.map((dir) => relative(root, dir)).join(', ')}`,
  );
}
console.log(
  `\n${built.length - failed}/${built.length} packages pass publint + attw (node16 profile)`,
);
if (failed || (requested.length && unbuilt.length)) process.exit(1);
