import { dirname, isAbsolute, resolve } from 'node:path';
import { parse } from 'yaml';
import { ConfigError } from './config-error';
import { inspectRedacted, redactKubeconfig } from './internal/redact';

/**
 * A kubeconfig file as a plain object, with exactly the YAML keys kubectl writes
 * (`clusters[].cluster.server`, `'certificate-authority-data'`, `users[].user.token`,
 * `contexts`, `'current-context'`, ...).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/clientcmd/api/v1/types.go
 */
export interface Kubeconfig {
  apiVersion?: string;
  kind?: string;
  clusters?: NamedKubeconfigCluster[];
  users?: NamedKubeconfigUser[];
  contexts?: NamedKubeconfigContext[];
  'current-context'?: string;
  preferences?: Record<string, unknown>;
  extensions?: unknown[];
}

/** A named entry of `clusters`. */
export interface NamedKubeconfigCluster {
  name: string;
  cluster: KubeconfigCluster;
}

/** How to reach and trust one API server. */
export interface KubeconfigCluster {
  server: string;
  /** Path of a PEM CA bundle (relative paths are relative to the kubeconfig file). */
  'certificate-authority'?: string;
  /** Base64 of a PEM CA bundle. */
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
  'tls-server-name'?: string;
  /** Not supported by kubekit: a ConfigError explains it. */
  'proxy-url'?: string;
  'disable-compression'?: boolean;
  extensions?: { name: string; extension: unknown }[];
}

/** A named entry of `users`. */
export interface NamedKubeconfigUser {
  name: string;
  user: KubeconfigUser;
}

/** Who the client is (kubeconfig `AuthInfo`). */
export interface KubeconfigUser {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  /** Base64 of a PEM certificate. */
  'client-certificate-data'?: string;
  'client-key'?: string;
  /** Base64 of a PEM key. */
  'client-key-data'?: string;
  username?: string;
  password?: string;
  as?: string;
  'as-uid'?: string;
  'as-groups'?: string[];
  'as-user-extra'?: Record<string, string[]>;
  exec?: KubeconfigExec;
  'auth-provider'?: { name: string; config?: Record<string, string> };
}

/** An exec credential plugin as written in a kubeconfig. */
export interface KubeconfigExec {
  command: string;
  args?: string[] | null;
  env?: { name: string; value: string }[] | null;
  apiVersion: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
}

/** A named entry of `contexts`. */
export interface NamedKubeconfigContext {
  name: string;
  context: { cluster: string; user: string; namespace?: string; extensions?: unknown[] };
}

/** The file each cluster / user / context entry was loaded from (for error messages). */
const origins = new WeakMap<object, string>();

/** The file `entry` (a cluster, user or context object) was read from, if known. */
export function originOf(entry: object | undefined): string | undefined {
  return entry ? origins.get(entry) : undefined;
}

function absolutize(base: string, path: string | undefined): string | undefined {
  return path === undefined || path === '' || isAbsolute(path) ? path : resolve(base, path);
}

function checkList(
  value: unknown,
  key: 'clusters' | 'users' | 'contexts',
  file: string | undefined,
): void {
  if (value === undefined || value === null) return;
  const inner = key.slice(0, -1);
  if (!Array.isArray(value))
    throw new ConfigError('Malformed', `"${key}" must be a list`, { file, field: key });
  for (const [i, entry] of value.entries()) {
    const e = entry as Record<string, unknown> | null;
    if (typeof e !== 'object' || e === null || typeof e['name'] !== 'string')
      throw new ConfigError('Malformed', `${key}[${i}] must have a string "name"`, {
        file,
        field: `${key}[${i}].name`,
      });
    if (typeof e[inner] !== 'object' || e[inner] === null)
      throw new ConfigError(
        'Malformed',
        `${key}[${i}] ("${e['name']}") must have a "${inner}" map`,
        {
          file,
          field: `${key}[${i}].${inner}`,
        },
      );
  }
}

/**
 * Parses kubeconfig YAML (or JSON) text. When `file` is given, relative paths inside
 * (certificate-authority, client-certificate, client-key, tokenFile, an exec command containing
 * `/`) are resolved against its folder, as kubectl does, and errors name the file.
 *
 * Errors: ConfigError `Malformed` for invalid YAML (with the line and column, never the text:
 * it may hold credentials) or a shape that is not a kubeconfig.
 */
export function parseKubeconfig(text: string, options: { file?: string } = {}): Kubeconfig {
  const { file } = options;
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    // The parser's message quotes the offending lines, which may hold a token or a password:
    // report only its code and position, and drop it as cause.
    const { code, linePos } = err as { code?: string; linePos?: { line: number; col: number }[] };
    const at = linePos?.[0];
    throw new ConfigError('Malformed', `invalid kubeconfig YAML${code ? ` (${code})` : ''}`, {
      file,
      ...(at ? { line: at.line, column: at.col } : {}),
    });
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new ConfigError('Malformed', 'a kubeconfig must be a YAML map', { file });
  const kc = doc as Kubeconfig;
  checkList(kc.clusters, 'clusters', file);
  checkList(kc.users, 'users', file);
  checkList(kc.contexts, 'contexts', file);
  if (file !== undefined) resolvePaths(kc, file);
  return inspectRedacted(kc, redactKubeconfig);
}

/** Makes the relative paths of `kc` absolute against `file`'s folder and records origins. */
function resolvePaths(kc: Kubeconfig, file: string): void {
  const base = dirname(file);
  for (const { cluster } of kc.clusters ?? []) {
    origins.set(cluster, file);
    const ca = absolutize(base, cluster['certificate-authority']);
    if (ca !== undefined) cluster['certificate-authority'] = ca;
  }
  for (const { user } of kc.users ?? []) {
    origins.set(user, file);
    for (const key of ['client-certificate', 'client-key', 'tokenFile'] as const) {
      const p = absolutize(base, user[key]);
      if (p !== undefined) user[key] = p;
    }
    if (user.exec?.command?.includes('/')) user.exec.command = absolutize(base, user.exec.command)!;
  }
  for (const { context } of kc.contexts ?? []) origins.set(context, file);
}
