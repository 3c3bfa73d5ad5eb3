import { existsSync } from 'node:fs';
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
 * Errors: ConfigError from the source chosen; `NotFound` when there is none, naming every file
 * looked at (the KUBECONFIG list, or ~/.kube/config) and whether it does not exist or defines no
 * context, and that KUBERNETES_SERVICE_HOST is not set.
 *
 * @example
 * ```ts
 * const client = new RESTClient(loadConfig({ context: process.env.KUBE_CONTEXT }));
 * ```
 * @see https://github.com/kubernetes-sigs/controller-runtime/blob/main/pkg/client/config/config.go
 */
export function loadConfig(options: LoadConfigOptions = {}): RestConfig {
  const env = options.env ?? process.env;
  if (!options.path && !env['KUBECONFIG'] && env['KUBERNETES_SERVICE_HOST']) {
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
  if (!kc.contexts?.length && !options.path) throw nothingFound(options, env);
  return configFromKubeconfig(kc, options);
}

/** The NotFound error saying every place that was looked at, and what was found there. */
function nothingFound(
  options: LoadConfigOptions,
  env: Record<string, string | undefined>,
): ConfigError {
  const files = kubeconfigPaths(options)
    .paths.map((p) => `${p} ${existsSync(p) ? 'defines no context' : 'does not exist'}`)
    .join(', ');
  const where = env['KUBECONFIG']
    ? `KUBECONFIG=${env['KUBECONFIG']} lists no usable file (${files})`
    : `KUBECONFIG is not set, ${files}, and this is not a pod (KUBERNETES_SERVICE_HOST is not set)`;
  return new ConfigError(
    'NotFound',
    `no Kubernetes configuration found: ${where}; point KUBECONFIG at a kubeconfig file, or run in a cluster`,
  );
}
