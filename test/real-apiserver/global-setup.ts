import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBinaries } from './build';
import { findModuleDir } from './module-dir';
import { startRealApiServer, type RealApiServer } from './index';

/** Where globalSetup leaves the shared server for globalTeardown (same process). */
export const sharedServerKey = Symbol.for('@kubekit/tests/real-apiserver');

/**
 * Jest globalSetup of the real-API-server tier. With KUBEKIT_SERVER=kubeconfig the suites use
 * the cluster of KUBECONFIG as it is. Otherwise (KUBEKIT_SERVER=real, the default of this
 * config) it runs one incremental `go build`, starts one kube-apiserver + etcd +
 * kube-controller-manager shared by every suite, and points KUBECONFIG at it; the jest workers inherit both variables (the smoke suite
 * starts servers of its own).
 */
export default async function globalSetup(): Promise<void> {
  // Read here, not with @kubekit/testing's testServerKind(): jest loads globalSetup without the
  // @kubekit/source condition, so a workspace import would need a build.
  const kind = (process.env.KUBEKIT_SERVER ||= 'real');
  if (kind === 'kubeconfig') {
    if (!process.env.KUBECONFIG) throw new Error('KUBEKIT_SERVER=kubeconfig needs KUBECONFIG');
    process.stderr.write(`\nreal-apiserver: using the cluster of ${process.env.KUBECONFIG}\n`);
    return;
  }
  if (kind !== 'real')
    throw new Error(`the real tier runs with KUBEKIT_SERVER=real or kubeconfig, not ${kind}`);
  const started = performance.now();
  const moduleDir = findModuleDir();
  await buildBinaries({ moduleDir });
  const built = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`\nreal-apiserver: the control plane built in ${built} s\n`);

  const server: RealApiServer = await startRealApiServer({
    build: false,
    moduleDir,
    // No kube-scheduler here: it would mark every pod no node fits (LocalKubelet's nodes carry
    // the not-ready taint) PodScheduled=False and race LocalKubelet's status writes, changing
    // the exact pod answers the suites pin. The smoke suite runs it.
    components: ['kube-controller-manager'],
  });
  // in the server's work directory, which stop() removes in globalTeardown
  const kubeconfigPath = join(server.workDir, 'shared.kubeconfig');
  writeFileSync(kubeconfigPath, server.kubeconfigYaml, { mode: 0o600 });
  process.env.KUBECONFIG = kubeconfigPath;
  // The shared cluster runs kube-controller-manager: the garbage-collection suite runs too.
  process.env.KUBEKIT_CONFORMANCE_CONTROLLERS = '1';
  (globalThis as Record<symbol, unknown>)[sharedServerKey] = server;
  const ready = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`real-apiserver: shared server ready at ${server.url} (${ready} s)\n`);
}
