import { buildBinaries } from './build';
import { findModuleDir } from './module-dir';

/** Jest globalSetup of the real-API-server tier: one incremental `go build` for all suites. */
export default async function globalSetup(): Promise<void> {
  const started = performance.now();
  await buildBinaries({ moduleDir: findModuleDir() });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write(`\nreal-apiserver: kube-apiserver and etcd built in ${seconds} s\n`);
}
