import { stringify } from 'yaml';

/** A kubeconfig as plain data, with the keys a kubeconfig file has. */
export interface KubeConfigObject {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: { name: string; cluster: { server: string; 'certificate-authority-data': string } }[];
  users: { name: string; user: { token: string } }[];
  contexts: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  'current-context': string;
}

/** Options of {@link buildKubeConfig}. */
export interface KubeConfigOptions {
  readonly url: string;
  readonly caPem: string;
  /** Users by name, each a bearer token; the first is the current context. */
  readonly users: readonly { readonly name: string; readonly token: string }[];
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
          'certificate-authority-data': Buffer.from(options.caPem).toString('base64'),
        },
      },
    ],
    users: options.users.map((u) => ({ name: u.name, user: { token: u.token } })),
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
