import type { RestConfig } from './config';
import { ConfigError, type ConfigErrorLocation } from './config-error';
import { inspectRedacted, redactConfig, withoutUserinfo } from './internal/redact';
import {
  originOf,
  parseKubeconfig,
  type Kubeconfig,
  type KubeconfigCluster,
  type KubeconfigUser,
} from './kubeconfig';

/** Options of {@link configFromKubeconfig}. */
export interface ConfigFromKubeconfigOptions {
  /** The context to use instead of `current-context` (kubectl's `--context`). */
  context?: string;
  /** Overrides the namespace of the context. */
  namespace?: string;
  /** Settings merged over the result (qps, burst, timeoutMs, userAgent, warningHandler, ...). */
  overrides?: Partial<RestConfig>;
}

const execClusterExtension = 'client.authentication.k8s.io/exec';

function decodeBase64(value: string, where: ConfigErrorLocation): string {
  const text = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text))
    throw new ConfigError('Invalid', 'is not valid base64', where);
  return Buffer.from(text, 'base64').toString('utf8');
}

function clusterConfig(
  cluster: KubeconfigCluster,
  where: ConfigErrorLocation,
): Partial<RestConfig> {
  const at = (field: string): ConfigErrorLocation => ({ ...where, field });
  if (!cluster.server) throw new ConfigError('Invalid', 'the cluster has no server', at('server'));
  try {
    const url = new URL(cluster.server);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(url.protocol);
  } catch (err) {
    throw new ConfigError(
      'Invalid',
      `server ${JSON.stringify(withoutUserinfo(cluster.server))} is not an http(s) URL`,
      at('server'),
      {
        cause: err,
      },
    );
  }
  if (cluster['proxy-url'])
    throw new ConfigError(
      'Unsupported',
      `proxy-url is not supported by kubekit yet (got ${JSON.stringify(withoutUserinfo(cluster['proxy-url']))}); reach the server directly or through a tunnel`,
      at('proxy-url'),
    );
  const out: Partial<RestConfig> = { server: cluster.server };
  if (cluster['certificate-authority-data'])
    out.caData = decodeBase64(
      cluster['certificate-authority-data'],
      at('certificate-authority-data'),
    );
  else if (cluster['certificate-authority']) out.caFile = cluster['certificate-authority'];
  if (cluster['insecure-skip-tls-verify']) out.insecureSkipTLSVerify = true;
  if (cluster['tls-server-name']) out.tlsServerName = cluster['tls-server-name'];
  return out;
}

function userConfig(
  user: KubeconfigUser,
  cluster: KubeconfigCluster,
  where: ConfigErrorLocation,
): Partial<RestConfig> {
  const at = (field: string): ConfigErrorLocation => ({ ...where, field });
  const out: Partial<RestConfig> = {};
  if (user.token) out.bearerToken = user.token;
  else if (user.tokenFile) out.bearerTokenFile = user.tokenFile;
  if (user['client-certificate-data'])
    out.certData = decodeBase64(user['client-certificate-data'], at('client-certificate-data'));
  else if (user['client-certificate']) out.certFile = user['client-certificate'];
  if (user['client-key-data'])
    out.keyData = decodeBase64(user['client-key-data'], at('client-key-data'));
  else if (user['client-key']) out.keyFile = user['client-key'];
  const hasCert = out.certData !== undefined || out.certFile !== undefined;
  const hasKey = out.keyData !== undefined || out.keyFile !== undefined;
  if (hasCert !== hasKey)
    throw new ConfigError(
      'Invalid',
      'a client certificate needs both a certificate and a key',
      at(hasCert ? 'client-key' : 'client-certificate'),
    );
  if (user.username !== undefined) out.username = user.username;
  if (user.password !== undefined) out.password = user.password;
  if (user.as || user['as-groups']?.length || user['as-uid'] || user['as-user-extra'])
    out.impersonate = {
      ...(user.as ? { user: user.as } : {}),
      ...(user['as-uid'] ? { uid: user['as-uid'] } : {}),
      ...(user['as-groups']?.length ? { groups: user['as-groups'] } : {}),
      ...(user['as-user-extra'] ? { extra: user['as-user-extra'] } : {}),
    };
  if (user.exec) {
    const e = user.exec;
    if (!e.command) throw new ConfigError('Invalid', 'exec needs a command', at('exec.command'));
    if (!e.apiVersion)
      throw new ConfigError('Invalid', 'exec needs an apiVersion', at('exec.apiVersion'));
    out.exec = {
      command: e.command,
      apiVersion: e.apiVersion,
      ...(e.args ? { args: e.args } : {}),
      ...(e.env ? { env: e.env } : {}),
      ...(e.installHint ? { installHint: e.installHint } : {}),
      ...(e.provideClusterInfo ? { provideClusterInfo: true } : {}),
      ...(e.interactiveMode ? { interactiveMode: e.interactiveMode } : {}),
      clusterConfig: cluster.extensions?.find((x) => x.name === execClusterExtension)?.extension,
    };
  }
  if (user['auth-provider']) {
    const p = user['auth-provider'];
    if (!p.name)
      throw new ConfigError('Invalid', 'auth-provider needs a name', at('auth-provider.name'));
    out.authProvider = { name: p.name, ...(p.config ? { config: p.config } : {}) };
  }
  return out;
}

/**
 * Turns a kubeconfig (an object, or YAML text) into a {@link RestConfig} for one context:
 * `options.context`, else `current-context`. Certificate data is base64-decoded to PEM; file
 * paths are kept (read when a client is created). The namespace is the context's, else
 * `default`. `util.inspect()` of the result prints credentials as `[REDACTED]`.
 *
 * Errors: ConfigError naming the file, context, cluster, user and field: `NotFound` for a
 * missing context / cluster / user or no context selected, `Invalid` for a missing server or
 * bad data, `Unsupported` for `proxy-url`.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/clientcmd/client_config.go
 */
export function configFromKubeconfig(
  kubeconfig: Kubeconfig | string,
  options: ConfigFromKubeconfigOptions = {},
): RestConfig {
  const kc = typeof kubeconfig === 'string' ? parseKubeconfig(kubeconfig) : kubeconfig;
  const contextName = options.context ?? kc['current-context'];
  if (!contextName)
    throw new ConfigError(
      'NotFound',
      'no context selected: the kubeconfig has no current-context and none was given',
      {
        field: 'current-context',
      },
    );
  const context = kc.contexts?.find((c) => c.name === contextName)?.context;
  if (!context)
    throw new ConfigError('NotFound', `context "${contextName}" does not exist`, {
      context: contextName,
      ...(options.context === undefined ? { field: 'current-context' } : {}),
    });
  const file = originOf(context);
  const base: ConfigErrorLocation = { ...(file ? { file } : {}), context: contextName };
  if (!context.cluster)
    throw new ConfigError('Invalid', 'the context names no cluster', { ...base, field: 'cluster' });
  const cluster = kc.clusters?.find((c) => c.name === context.cluster)?.cluster;
  if (!cluster)
    throw new ConfigError('NotFound', `cluster "${context.cluster}" does not exist`, {
      ...base,
      cluster: context.cluster,
    });
  const user = context.user ? kc.users?.find((u) => u.name === context.user)?.user : {};
  if (!user)
    throw new ConfigError('NotFound', `user "${context.user}" does not exist`, {
      ...base,
      user: context.user,
    });
  const clusterFile = originOf(cluster);
  const userFile = originOf(user);
  const config = {
    ...clusterConfig(cluster, {
      ...base,
      ...(clusterFile ? { file: clusterFile } : {}),
      cluster: context.cluster,
    }),
    ...userConfig(user, cluster, {
      ...base,
      ...(userFile ? { file: userFile } : {}),
      user: context.user,
    }),
    namespace: options.namespace || context.namespace || 'default',
    ...options.overrides,
  } as RestConfig;
  return inspectRedacted(config, redactConfig);
}
