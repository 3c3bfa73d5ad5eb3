import type { RestConfig } from '../config';
import { CredentialError } from '../credential-error';
import type { Authenticator } from './authenticator';

/** The part of client-node's KubeConfig this module uses. */
interface ClientNodeKubeConfig {
  loadFromString(text: string): void;
  applyToHTTPSOptions(opts: { headers?: Record<string, unknown> }): Promise<void>;
}

/**
 * Delegates a legacy `auth-provider` (oidc, gcp, azure) to @kubernetes/client-node's KubeConfig,
 * imported lazily on first use so that loading kubekit never loads client-node. The KubeConfig
 * is kept, so tokens a provider refreshes are reused by later requests.
 */
export function authProviderAuthenticator(config: RestConfig): Authenticator {
  const provider = config.authProvider!;
  let kubeConfig: Promise<ClientNodeKubeConfig> | undefined;
  const load = async (): Promise<ClientNodeKubeConfig> => {
    let clientNode: { KubeConfig: new () => ClientNodeKubeConfig };
    try {
      clientNode = (await import('@kubernetes/client-node')) as unknown as typeof clientNode;
    } catch (err) {
      throw new Error(
        `cannot load @kubernetes/client-node, the optional peer dependency auth-provider users need (npm install @kubernetes/client-node): ${(err as Error)?.message ?? String(err)}`,
        { cause: err },
      );
    }
    const { KubeConfig } = clientNode;
    const kc = new KubeConfig();
    kc.loadFromString(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        // Only the user's credentials are taken from this KubeConfig; client-node refuses
        // plain-HTTP clusters, so an HTTPS server stands in for ours.
        clusters: [{ name: 'c', cluster: { server: 'https://kubekit.invalid' } }],
        users: [
          {
            name: 'u',
            user: { 'auth-provider': { name: provider.name, config: provider.config ?? {} } },
          },
        ],
        contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'x',
      }),
    );
    return kc;
  };
  const authorization = async (): Promise<string | undefined> => {
    try {
      kubeConfig ??= load();
      const opts: { headers: Record<string, unknown> } = { headers: {} };
      await (await kubeConfig).applyToHTTPSOptions(opts);
      const value = opts.headers['Authorization'] ?? opts.headers['authorization'];
      return value === undefined ? undefined : String(value);
    } catch (err) {
      kubeConfig = undefined;
      throw new CredentialError(
        'AuthProvider',
        `auth-provider ${provider.name} (delegated to @kubernetes/client-node) failed: ${(err as Error)?.message ?? String(err)}`,
        { cause: err },
      );
    }
  };
  return {
    authorization,
    async refresh(used) {
      return (await authorization()) !== used;
    },
  };
}
