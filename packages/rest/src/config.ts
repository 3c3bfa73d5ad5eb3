import type { WarningHandler } from './warnings';

/**
 * An exec credential plugin (kubeconfig `users[].user.exec`): a command that prints an
 * `ExecCredential` with a token or a client certificate.
 *
 * @see https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins
 */
export interface ExecConfig {
  /** The program; a relative path containing `/` is resolved against the kubeconfig's folder. */
  command: string;
  args?: string[];
  /** Extra environment variables for the plugin (added to this process's environment). */
  env?: { name: string; value: string }[];
  /** `client.authentication.k8s.io/v1` or `client.authentication.k8s.io/v1beta1`. */
  apiVersion: string;
  /** Printed in the error when the command is not found. */
  installHint?: string;
  /** Pass the cluster (server, CA, TLS server name) to the plugin in KUBERNETES_EXEC_INFO. */
  provideClusterInfo?: boolean;
  /** `Never`, `IfAvailable` or `Always`. kubekit never has a terminal for plugins: `Always` fails. */
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
  /** The cluster's `client.authentication.k8s.io/exec` extension, passed as `spec.cluster.config`. */
  clusterConfig?: unknown;
  /**
   * Kill the plugin (and what it started) when it has not finished after this many ms. Default
   * {@link DefaultExecTimeoutMs} (30 s).
   */
  timeoutMs?: number;
}

/**
 * A legacy kubeconfig `auth-provider` (oidc, gcp, azure). kubekit delegates these to
 * @kubernetes/client-node's KubeConfig, loaded lazily on the first request that needs it.
 */
export interface AuthProviderConfig {
  name: string;
  config?: Record<string, string>;
}

/** Impersonation headers (`Impersonate-User`, `-Group`, `-Uid`, `-Extra-*`). */
export interface ImpersonationConfig {
  user?: string;
  uid?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
}

/**
 * Everything needed to talk to one API server: where, how to trust it, who we are, and how
 * politely to call it. Build one by hand, or with `configFromKubeconfig()`, `inClusterConfig()`
 * or `loadConfig()`.
 *
 * Credentials precedence (as client-go): `bearerToken` / `bearerTokenFile`, then `exec`, then
 * `authProvider`, then `username` / `password`.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/rest/config.go
 */
export interface RestConfig {
  /** `https://host:port` (optionally with a path prefix), or `http://` for plain HTTP. */
  server: string;
  /** PEM CA bundle that signs the server certificate (replaces the system roots). */
  caData?: string | undefined;
  /** Path of a PEM CA bundle; read when the client is created. */
  caFile?: string | undefined;
  /** PEM client certificate for mutual TLS. */
  certData?: string | undefined;
  certFile?: string | undefined;
  /** PEM private key of the client certificate. */
  keyData?: string | undefined;
  keyFile?: string | undefined;
  /** Do not verify the server certificate. Incompatible with `caData` / `caFile`. */
  insecureSkipTLSVerify?: boolean | undefined;
  /** Server name for SNI and certificate verification, when it differs from the host. */
  tlsServerName?: string | undefined;
  /** A static bearer token. */
  bearerToken?: string | undefined;
  /** A file holding the bearer token; re-read every minute and after a 401 (token rotation). */
  bearerTokenFile?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  impersonate?: ImpersonationConfig | undefined;
  exec?: ExecConfig | undefined;
  authProvider?: AuthProviderConfig | undefined;
  /** The namespace of the selected context (or the pod's), `default` when unknown. */
  namespace?: string | undefined;
  /**
   * Sustained requests per second of the client-side rate limiter. Default 20 (burst 30), the
   * defaults controller-runtime chose over client-go's 5/10 because kube-apiserver's priority and
   * fairness now protects the server. 0 means the default; a negative value or `Infinity`
   * disables client-side limiting (as client-go).
   */
  qps?: number | undefined;
  /** Requests allowed at once after a quiet period. Default (and when 0) 30. */
  burst?: number | undefined;
  /**
   * Overall timeout of a request, retries included, in ms. Default 60 000 (kube-apiserver's own
   * limit for non-watch requests); 0 disables. For watches and streams it bounds only the wait
   * for the response headers: a healthy stream is never cut. When set, it is also sent as the
   * `timeout` query parameter of every request without its own `timeout(ms)`, as client-go sends
   * `rest.Config.Timeout`; the default is not sent.
   */
  timeoutMs?: number | undefined;
  /** Retries of a failed request (see RESTClient for which are retried). Default 10. */
  maxRetries?: number | undefined;
  /** The User-Agent header. Default `kubekit (<os>/<arch>) node/<version>`. */
  userAgent?: string | undefined;
  /**
   * Receives `Warning` headers. Default: each distinct warning printed once via
   * `process.emitWarning`. `null` ignores warnings.
   */
  warningHandler?: WarningHandler | null | undefined;
}

/** Default {@link RestConfig.qps}. */
export const DefaultQPS = 20;
/** Default {@link RestConfig.burst}. */
export const DefaultBurst = 30;
/** Default {@link RestConfig.timeoutMs}. */
export const DefaultTimeoutMs = 60_000;
/** Default {@link RestConfig.maxRetries} (client-go's). */
export const DefaultMaxRetries = 10;

/** Default {@link ExecConfig.timeoutMs}: an exec plugin still running after 30 s is killed. */
export const DefaultExecTimeoutMs = 30_000;
/**
 * The most an exec plugin may print on stdout (1 MiB; an ExecCredential with a certificate and
 * key is a few KiB): a plugin printing more is killed and the request fails.
 */
export const MaxExecOutputBytes = 1024 * 1024;

/** The User-Agent used when a config names none. */
export function defaultUserAgent(): string {
  return `kubekit (${process.platform}/${process.arch}) node/${process.version}`;
}
