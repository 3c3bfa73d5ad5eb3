/**
 * @kubekit/rest: the Kubernetes REST client. Configuration from kubeconfig or the pod's service
 * account, a RESTClient over one keep-alive undici pool per server with a fluent request
 * builder, client-side rate limiting, retries honouring Retry-After, timeouts, watches as async
 * iterables, list pagination, discovery and a dynamic client.
 * @packageDocumentation
 */
// First: fails with a clear message on an unsupported Node.js (undici loads on first use).
export { MinNodeMajor } from './internal/node-version';
export type { RestConfig, ExecConfig, AuthProviderConfig, ImpersonationConfig } from './config';
export {
  DefaultQPS,
  DefaultBurst,
  DefaultTimeoutMs,
  DefaultMaxRetries,
  DefaultExecTimeoutMs,
  MaxExecOutputBytes,
  defaultUserAgent,
} from './config';
export type { ConfigErrorReason, ConfigErrorLocation } from './config-error';
export { ConfigError } from './config-error';
export type { CredentialErrorReason } from './credential-error';
export { CredentialError } from './credential-error';
export type { RequestErrorReason } from './request-error';
export { RequestError } from './request-error';
export type { TokenBucketOptions } from './token-bucket';
export { TokenBucketRateLimiter } from './token-bucket';
export type { Warning, WarningHandler } from './warnings';
export { deduplicateWarnings, defaultWarningHandler, parseWarningHeaders } from './warnings';
export { PatchType } from './patch-type';
export type {
  ParamValue,
  RawResponse,
  RequestSpec,
  RequestExecutor,
  RetryAttempt,
} from './request';
export { Request } from './request';
export type { RateLimiter, RESTClientOptions } from './rest-client-options';
export type { HttpTransport, HttpTransportRequest, HttpTransportResponse } from './http-transport';
export { RESTClient } from './rest-client';
export type { WatchEndReason, WatchOptions, WatchStream } from './watch';
export { MaxWatchBatchLength, MaxWatchFrameLength } from './watch';
export type { WatchErrorReason } from './watch-error';
export { WatchError } from './watch-error';
export type { ListPagesOptions, ListAllOptions } from './pager';
export { listPages, listAll, DefaultPageSize } from './pager';
export type {
  Kubeconfig,
  NamedKubeconfigCluster,
  KubeconfigCluster,
  NamedKubeconfigUser,
  KubeconfigUser,
  KubeconfigExec,
  NamedKubeconfigContext,
} from './kubeconfig';
export { parseKubeconfig } from './kubeconfig';
export type { LoadKubeconfigOptions } from './kubeconfig-loader';
export { loadKubeconfig, kubeconfigPaths } from './kubeconfig-loader';
export type { ConfigFromKubeconfigOptions } from './client-config';
export { configFromKubeconfig } from './client-config';
export type { InClusterConfigOptions } from './in-cluster-config';
export { inClusterConfig, ServiceAccountDir } from './in-cluster-config';
export type { LoadConfigOptions } from './load-config';
export { loadConfig } from './load-config';
export type {
  CallOptions,
  ListOptions,
  GetOptions,
  WriteOptions,
  PatchOptions,
  ApplyOptions,
  DeleteOptions,
} from './meta-options';
export {
  applyCallOptions,
  applyListOptions,
  applyWriteOptions,
  deleteOptionsBody,
} from './meta-options';
export type { DynamicResourceClient, NamespaceableDynamicResourceClient } from './dynamic-client';
export { DynamicClient } from './dynamic-client';
export type {
  VersionInfo,
  GroupVersionForDiscovery,
  APIGroup,
  APIGroupList,
  APIResource,
  APIResourceList,
  ResourceMapping,
  DiscoveryClientOptions,
} from './discovery-client';
export { DiscoveryClient } from './discovery-client';
export type { DiscoveryErrorReason } from './discovery-error';
export { DiscoveryError } from './discovery-error';
