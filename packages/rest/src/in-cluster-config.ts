import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RestConfig } from './config';
import { ConfigError } from './config-error';

/** Where a pod's service account credentials are mounted. */
export const ServiceAccountDir = '/var/run/secrets/kubernetes.io/serviceaccount';

/** Options of {@link inClusterConfig}. */
export interface InClusterConfigOptions {
  /** The environment holding KUBERNETES_SERVICE_HOST / _PORT. Default `process.env`. */
  env?: Record<string, string | undefined>;
  /** The service account folder (token, ca.crt, namespace). Default {@link ServiceAccountDir}. */
  serviceAccountDir?: string;
}

/**
 * The config of a process running in a pod: the API server from KUBERNETES_SERVICE_HOST and
 * KUBERNETES_SERVICE_PORT, trusted with the service account's `ca.crt`, authenticated with its
 * `token` file (re-read every minute and after a 401, so projected-token rotation is followed),
 * in the pod's namespace.
 *
 * Errors: ConfigError `NotInCluster` when the variables are not set, `FileNotFound` when the
 * token cannot be read.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/rest/config.go (InClusterConfig)
 */
export function inClusterConfig(options: InClusterConfigOptions = {}): RestConfig {
  const env = options.env ?? process.env;
  const dir = options.serviceAccountDir ?? ServiceAccountDir;
  const host = env['KUBERNETES_SERVICE_HOST'];
  const port = env['KUBERNETES_SERVICE_PORT'];
  if (!host || !port)
    throw new ConfigError(
      'NotInCluster',
      'not running in a cluster: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set',
      { field: host ? 'KUBERNETES_SERVICE_PORT' : 'KUBERNETES_SERVICE_HOST' },
    );
  const tokenFile = join(dir, 'token');
  try {
    readFileSync(tokenFile, 'utf8');
  } catch (err) {
    throw new ConfigError(
      'FileNotFound',
      'cannot read the service account token',
      { file: tokenFile },
      { cause: err },
    );
  }
  const caFile = join(dir, 'ca.crt');
  let namespace = 'default';
  try {
    namespace = readFileSync(join(dir, 'namespace'), 'utf8').trim() || 'default';
  } catch {
    // no namespace file: client-go falls back to "default" too
  }
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    server: `https://${hostPart}:${port}`,
    bearerTokenFile: tokenFile,
    ...(existsSync(caFile) ? { caFile } : {}),
    namespace,
  };
}
