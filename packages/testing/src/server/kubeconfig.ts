import { stringify } from 'yaml';

/** A kubeconfig file's content, with exactly the YAML keys kubectl and client libraries read. */
export interface KubeConfigFile {
  apiVersion: 'v1';
  kind: 'Config';
  clusters: Array<{
    name: string;
    cluster: { server: string; 'certificate-authority-data'?: string };
  }>;
  users: Array<{ name: string; user: { token: string } }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string; namespace?: string } }>;
  'current-context': string;
}

/** The kubeconfig that reaches a server at `server` with a bearer token (and the CA for HTTPS). */
export function buildKubeConfig(opts: {
  server: string;
  token: string;
  caPem?: string;
  name?: string;
}): KubeConfigFile {
  const name = opts.name ?? 'kubekit';
  const cluster: KubeConfigFile['clusters'][number]['cluster'] = { server: opts.server };
  if (opts.caPem)
    cluster['certificate-authority-data'] = Buffer.from(opts.caPem).toString('base64');
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name, user: { token: opts.token } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: 'default' } }],
    'current-context': name,
  };
}

/** The YAML text of a kubeconfig. */
export function kubeConfigYaml(config: KubeConfigFile): string {
  return stringify(config);
}
