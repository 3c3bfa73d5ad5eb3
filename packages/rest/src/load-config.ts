import type { RestConfig } from './config';
import { ConfigError } from './config-error';
import { configFromKubeconfig, type ConfigFromKubeconfigOptions } from './client-config';
import { inspectRedacted, redactConfig } from './internal/redact';
import { inClusterConfig, type InClusterConfigOptions } from './in-cluster-config';
import { kubeconfigPaths, loadKubeconfig, type LoadKubeconfigOptions } from './kubeconfig-loader';

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions extends LoadKubeconfigOptions, ConfigFromKubeconfigOptions {
  /** Passed to inClusterConfig() (service account folder). */
  serviceAccountDir?: InClusterConfigOptions['serviceAccountDir'];
}

/**
 * The config a program should use, found like controller-runtime's GetConfig: an explicit
 * `path`; else the files in KUBECONFIG; else the pod's service account when running in a
 * cluster; else ~/.kube/config.
 *
 * Errors: ConfigError from the source chosen; `NotFound` listing what was tried when there is
 * none.
 *
 * @example
 * ```ts
 * const client = new RESTClient(loadConfig({ context: process.env.KUBE_CONTEXT }));
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/client/config/config.go
 */
export function loadConfig(options: LoadConfigOptions = {}): RestConfig {
  const env = options.env ?? process.env;
  const fromKubeconfig = () => configFromKubeconfig(loadKubeconfig(options), options);
  if (options.path || env['KUBECONFIG']) return fromKubeconfig();
  if (env['KUBERNETES_SERVICE_HOST']) {
    const config = inClusterConfig({
      env,
      ...(options.serviceAccountDir ? { serviceAccountDir: options.serviceAccountDir } : {}),
    });
    return inspectRedacted(
      {
        ...config,
        ...(options.namespace ? { namespace: options.namespace } : {}),
        ...options.overrides,
      },
      redactConfig,
    );
  }
  const kc = loadKubeconfig(options);
  if (!kc.contexts?.length)
    throw new ConfigError(
      'NotFound',
      `no configuration found: KUBECONFIG is not set, not running in a cluster, and ${kubeconfigPaths(options).paths.join(', ')} has no context`,
    );
  return configFromKubeconfig(kc, options);
}
