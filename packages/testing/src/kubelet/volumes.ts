import { mkdir, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a pod the volume mapping reads. */
export interface PodVolumesSpec {
  namespace: string;
  uid: string;
  volumes?: {
    name: string;
    emptyDir?: unknown;
    hostPath?: { path: string };
    persistentVolumeClaim?: { claimName: string };
  }[];
}

/**
 * Local directories standing in for a pod's volumes, under `root`:
 * - `emptyDir` -> `pods/{uid}/volumes/{name}` (removed with the pod),
 * - `hostPath` -> `host/{path}` (shared by every pod naming the path; the real path is never touched),
 * - `persistentVolumeClaim` -> `pvcs/{namespace}/{claimName}` (outlives pods: checkpoints survive restarts).
 * Other volume types get an empty directory. Returns volume name -> directory.
 */
export async function prepareVolumes(
  root: string,
  pod: PodVolumesSpec,
): Promise<Map<string, string>> {
  const dirs = new Map<string, string>();
  for (const v of pod.volumes ?? []) {
    let dir: string;
    if (v.persistentVolumeClaim)
      dir = join(root, 'pvcs', pod.namespace, v.persistentVolumeClaim.claimName);
    else if (v.hostPath) dir = join(root, 'host', v.hostPath.path);
    else dir = join(root, 'pods', pod.uid, 'volumes', v.name);
    await mkdir(dir, { recursive: true });
    dirs.set(v.name, dir);
  }
  return dirs;
}

/**
 * Makes each volume mount visible in a container's working directory: mount path `/a/b` is a
 * symlink `{workDir}/a/b` to the volume's directory (processes cannot be given a private root,
 * so containers use paths relative to their working directory, or the `KUBEKIT_MOUNT_*` env).
 */
export async function linkMounts(
  workDir: string,
  mounts: { name: string; mountPath: string; subPath?: string }[],
  dirs: Map<string, string>,
): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  for (const m of mounts) {
    const source = dirs.get(m.name);
    if (!source) continue;
    const target = join(source, m.subPath ?? '');
    await mkdir(target, { recursive: true });
    const link = join(workDir, m.mountPath.replace(/^\/+/, ''));
    await mkdir(join(link, '..'), { recursive: true });
    await rm(link, { recursive: true, force: true });
    await symlink(target, link, 'dir');
    env[`KUBEKIT_MOUNT_${m.name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`] = target;
  }
  return env;
}

/** Removes the pod's own directories (emptyDirs, working dirs); PVC and hostPath dirs stay. */
export async function removePodDirs(root: string, uid: string): Promise<void> {
  await rm(join(root, 'pods', uid), { recursive: true, force: true });
}
