import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RealApiServerError } from './real-apiserver-error';

/** Paths of the binaries {@link buildBinaries} produces. */
export interface Binaries {
  readonly kubeApiServer: string;
  readonly etcd: string;
  readonly kubeScheduler: string;
  readonly kubeControllerManager: string;
}

/** Options of {@link buildBinaries}. */
export interface BuildOptions {
  /** The Go module directory (test/real-apiserver). */
  readonly moduleDir: string;
  /** Where build progress goes (the go command's stderr); default: discarded. */
  readonly log?: (chunk: string) => void;
  readonly signal?: AbortSignal;
}

/** The go command: $GO, else `go` on PATH, else the toolchain's usual install path. */
export function goCommand(): string {
  if (process.env.GO) return process.env.GO;
  const onPath = (process.env.PATH ?? '')
    .split(':')
    .some((dir) => dir !== '' && existsSync(join(dir, 'go')));
  return onPath ? 'go' : '/usr/local/go/bin/go';
}

/** Where the binaries are written: `<moduleDir>/.out/` (git-ignored). */
export function binariesIn(moduleDir: string): Binaries {
  const out = join(moduleDir, '.out');
  return {
    kubeApiServer: join(out, 'kube-apiserver'),
    etcd: join(out, 'etcd'),
    kubeScheduler: join(out, 'kube-scheduler'),
    kubeControllerManager: join(out, 'kube-controller-manager'),
  };
}

/**
 * The `-ldflags` of the build: strip symbols (a faster link, a smaller binary) and stamp the
 * Kubernetes version that is compiled into the version packages, as Kubernetes's own build
 * does; unstamped, /version reports `v0.0.0-master+$Format:%H$`, which kubectl cannot parse.
 * The compiled version is the target of go.mod's `k8s.io/kubernetes => k8s.io/kubernetes vX`
 * replace when there is one (a dependency may require a newer, unserved patch), else the
 * required version.
 */
export function ldflags(moduleDir: string): string {
  const goMod = readFileSync(join(moduleDir, 'go.mod'), 'utf8');
  const version = String.raw`(v(\d+)\.(\d+)\.\d+)\s*$`;
  const match =
    new RegExp(String.raw`^\s*k8s\.io/kubernetes => k8s\.io/kubernetes ${version}`, 'm').exec(
      goMod,
    ) ?? new RegExp(String.raw`^\s*k8s\.io/kubernetes ${version}`, 'm').exec(goMod);
  if (!match)
    throw new RealApiServerError(
      'build-failed',
      `no k8s.io/kubernetes requirement in ${moduleDir}/go.mod`,
    );
  const [, gitVersion, gitMajor, gitMinor] = match;
  const vars = { gitVersion, gitMajor, gitMinor, gitTreeState: 'clean' };
  const stamps = ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version'].flatMap((pkg) =>
    Object.entries(vars).map(([name, value]) => `-X ${pkg}.${name}=${value}`),
  );
  return ['-s', '-w', ...stamps].join(' ');
}

/**
 * Builds kube-apiserver, etcd, kube-scheduler and kube-controller-manager with one `go build`
 * (incremental: seconds when nothing changed). A cold build (empty module and build caches) downloads the
 * modules and compiles Kubernetes: see README.md for measured times.
 *
 * @throws RealApiServerError with reason `build-failed`, carrying the go command's output.
 */
export async function buildBinaries(options: BuildOptions): Promise<Binaries> {
  const args = [
    'build',
    '-trimpath',
    // No VCS stamping: it needs git to accept the checkout's owner, and adds nothing here.
    '-buildvcs=false',
    `-ldflags=${ldflags(options.moduleDir)}`,
    '-o',
    '.out/',
    './cmd/...',
  ];
  const child = spawn(goCommand(), args, {
    cwd: options.moduleDir,
    stdio: ['ignore', 'pipe', 'pipe'],
    signal: options.signal,
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    const text = chunk.toString();
    output = (output + text).slice(-20_000);
    options.log?.(text);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  }).catch((cause: unknown) => {
    throw new RealApiServerError('build-failed', `cannot run ${goCommand()}: ${String(cause)}`, {
      cause,
    });
  });
  if (code !== 0) {
    throw new RealApiServerError(
      'build-failed',
      `go ${args.join(' ')} (in ${options.moduleDir}) exited with ${code}:\n${output}`,
    );
  }
  return binariesIn(options.moduleDir);
}
