import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBinaries } from './build';
import { findModuleDir } from './module-dir';
import { startRealApiServer, type RealApiServer } from './index';

/** Where globalSetup leaves the shared server for globalTeardown (same process). */
export const sharedServerKey = Symbol.for('@kubekit/tests/real-apiserver');

/**
 * Jest globalSetup of the real-API-server tier: one incremental `go build` for all suites, then
 * one kube-apiserver + etcd for the conformance suite, which finds it through KUBECONFIG (the
 * smoke suite starts servers of its own).
 */
export default async function globalSetup(): Promise<void> {
  const started = performance.now();
  const moduleDir = findModuleDir();
  await buildBinaries({ moduleDir });
  const built = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`\nreal-apiserver: kube-apiserver and etcd built in ${built} s\n`);

  const server: RealApiServer = await startRealApiServer({ build: false, moduleDir });
  const kubeconfigPath = join(mkdtempSync(join(tmpdir(), 'kubekit-real-')), 'kubeconfig');
  writeFileSync(kubeconfigPath, server.kubeconfigYaml, { mode: 0o600 });
  process.env.KUBECONFIG = kubeconfigPath;
  (globalThis as Record<symbol, unknown>)[sharedServerKey] = server;
  const ready = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`real-apiserver: conformance server ready at ${server.url} (${ready} s)\n`);
}
