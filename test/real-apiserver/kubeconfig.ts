import { stringify } from 'yaml';

/** A kubeconfig as plain data, with the keys a kubeconfig file has. */
export interface KubeConfigObject {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: KubeConfigCredentials }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  'current-context': string;
}

/** A user's credentials: a bearer token, or a client certificate and key (base64 PEM). */
export type KubeConfigCredentials =
  { token: string } | { 'client-certificate-data': string; 'client-key-data': string };

/** A user of {@link buildKubeConfig}: a bearer token, or a client certificate (PEM). */
export type KubeConfigUser =
  | { readonly name: string; readonly token: string }
  | { readonly name: string; readonly certPem: string; readonly keyPem: string };

const base64 = (text: string) => Buffer.from(text).toString('base64');

function credentials(user: KubeConfigUser): KubeConfigCredentials {
  return 'token' in user
    ? { token: user.token }
    : { 'client-certificate-data': base64(user.certPem), 'client-key-data': base64(user.keyPem) };
}

/** Options of {@link buildKubeConfig}. */
export interface KubeConfigOptions {
  readonly url: string;
  readonly caPem: string;
  /** Users by name; the first is the current context. */
  readonly users: readonly KubeConfigUser[];
}

const CLUSTER = 'kubekit-real';

/**
 * A kubeconfig with one cluster and one context per user (context name = user name), the
 * first user current, namespace `default`.
 */
export function buildKubeConfig(options: KubeConfigOptions): KubeConfigObject {
  const first = options.users[0];
  if (!first) throw new Error('buildKubeConfig needs at least one user');
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: CLUSTER,
        cluster: {
          server: options.url,
          'certificate-authority-data': base64(options.caPem),
        },
      },
    ],
    users: options.users.map((u) => ({ name: u.name, user: credentials(u) })),
    contexts: options.users.map((u) => ({
      name: u.name,
      context: { cluster: CLUSTER, user: u.name, namespace: 'default' },
    })),
    'current-context': first.name,
  };
}

/** The kubeconfig as YAML text, ready for a file or KUBECONFIG. */
export function kubeConfigToYaml(config: KubeConfigObject): string {
  return stringify(config);
}
