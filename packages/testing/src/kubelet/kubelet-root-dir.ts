import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where a kubelet keeps its pods' directories (the kubelet's `--root-dir`). */
export interface KubeletRootDir {
  readonly path: string;
  /** Removes the directory if {@link kubeletRootDir} made it (a given one is kept). */
  release(): Promise<void>;
}

/**
 * The given root directory, or a fresh `kubekit-kubelet-*` directory under the OS temp dir that
 * `release()` removes with everything in it.
 */
export async function kubeletRootDir(given: string | undefined): Promise<KubeletRootDir> {
  if (given !== undefined) return { path: given, release: () => Promise.resolve() };
  const path = await mkdtemp(join(tmpdir(), 'kubekit-kubelet-'));
  return { path, release: () => rm(path, { recursive: true, force: true }) };
}
