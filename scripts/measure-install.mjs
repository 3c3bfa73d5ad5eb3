#!/usr/bin/env node
// `npm run measure:install`: what installing kubekit's runtime packages costs a user. Packs every
// built runtime package (all of packages/* but codegen, testing and create-kubekit-operator, which
// are development tools; run `npm run build` first), installs the tarballs together into an empty
// project with `npm install --omit=dev --ignore-scripts` (third-party dependencies come from the
// registry), and prints the size of node_modules, its package count and each package's size.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tools = new Set(['codegen', 'testing', 'create-kubekit-operator']);

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed in ${cwd}:\n${r.stderr}`);
  return r.stdout;
}

function size(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.size;
  return readdirSync(path).reduce((n, name) => n + size(join(path, name)), 0);
}

const work = mkdtempSync(join(tmpdir(), 'kubekit-install-'));
try {
  const tarballs = [];
  for (const dir of readdirSync(join(root, 'packages')).sort()) {
    const pkg = join(root, 'packages', dir);
    if (tools.has(dir) || !existsSync(join(pkg, 'package.json'))) continue;
    if (!existsSync(join(pkg, 'dist')))
      throw new Error(`packages/${dir} is not built: run npm run build`);
    const [{ filename }] = JSON.parse(
      run('npm', ['pack', '--json', '--pack-destination', work], pkg),
    );
    tarballs.push(join(work, filename));
  }
  const project = join(work, 'project');
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    '{"name":"measure","version":"1.0.0","private":true}\n',
  );
  run(
    'npm',
    ['install', ...tarballs, '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'],
    project,
  );
  const modules = join(project, 'node_modules');
  const lock = JSON.parse(readFileSync(join(project, 'package-lock.json'), 'utf8'));
  const installed = Object.keys(lock.packages).filter((p) => p.startsWith('node_modules/'));
  const rows = installed
    .map((p) => ({ name: p.replace(/^.*node_modules\//, ''), bytes: size(join(project, p)) }))
    .sort((a, b) => b.bytes - a.bytes);
  const mb = (n) => `${(n / 1e6).toFixed(1)} MB`;
  console.log(
    `${tarballs.length} runtime packages: ${mb(size(modules))} installed, ${installed.length} packages`,
  );
  for (const r of rows) console.log(`  ${mb(r.bytes).padStart(8)}  ${r.name}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
