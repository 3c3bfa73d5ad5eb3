import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { ConfigError } from './config-error';
import { inspectRedacted, redactKubeconfig } from './internal/redact';
import { parseKubeconfig, type Kubeconfig } from './kubeconfig';

/** Options of {@link loadKubeconfig}. */
export interface LoadKubeconfigOptions {
  /**
   * One explicit file (kubectl's `--kubeconfig`): it must exist, and KUBECONFIG and
   * ~/.kube/config are not read.
   */
  path?: string;
  /** The environment to read KUBECONFIG and HOME from. Default `process.env`. */
  env?: Record<string, string | undefined>;
}

/** Where kubeconfig files are looked for, in precedence order. */
export function kubeconfigPaths(options: LoadKubeconfigOptions = {}): {
  paths: string[];
  explicit: boolean;
} {
  if (options.path) return { paths: [resolve(options.path)], explicit: true };
  const env = options.env ?? process.env;
  const list = env['KUBECONFIG'];
  if (list) {
    const seen = new Set<string>();
    const paths = list
      .split(delimiter)
      .filter((p) => p !== '')
      .map((p) => resolve(p))
      .filter((p) => !seen.has(p) && seen.add(p));
    return { paths, explicit: false };
  }
  return { paths: [join(env['HOME'] || homedir(), '.kube', 'config')], explicit: false };
}

function mergeNamed<T extends { name: string }>(into: T[], from: T[] | undefined): void {
  const names = new Set(into.map((e) => e.name));
  for (const entry of from ?? []) {
    if (names.has(entry.name)) continue;
    names.add(entry.name);
    into.push(entry);
  }
}

/**
 * Loads kubeconfig with client-go's default loading rules: the files listed in KUBECONFIG
 * (separated by `:`, `;` on Windows; missing files are skipped), else ~/.kube/config (may be
 * missing: an empty config results). Several files merge as client-go does: the first file to
 * define a cluster / user / context name wins, and the first file that sets
 * `current-context` sets it. Relative paths are resolved against the file they appear in.
 *
 * Errors: ConfigError `FileNotFound` for a missing explicit `path` or an unreadable file,
 * `Malformed` (naming the file) for invalid content.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/clientcmd/loader.go
 */
export function loadKubeconfig(options: LoadKubeconfigOptions = {}): Kubeconfig {
  const { paths, explicit } = kubeconfigPaths(options);
  const merged: Required<Pick<Kubeconfig, 'clusters' | 'users' | 'contexts'>> & Kubeconfig = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [],
    users: [],
    contexts: [],
  };
  for (const file of paths) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if (!explicit && (err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new ConfigError('FileNotFound', 'cannot read kubeconfig', { file }, { cause: err });
    }
    const kc = parseKubeconfig(text, { file });
    mergeNamed(merged.clusters, kc.clusters);
    mergeNamed(merged.users, kc.users);
    mergeNamed(merged.contexts, kc.contexts);
    if (merged['current-context'] === undefined && kc['current-context'])
      merged['current-context'] = kc['current-context'];
    if (merged.preferences === undefined && kc.preferences) merged.preferences = kc.preferences;
  }
  return inspectRedacted(merged, redactKubeconfig);
}
