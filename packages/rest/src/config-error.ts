import { ReasonedError } from '@kubekit/apimachinery';

/** Why a configuration could not be used; see {@link ConfigError.reason}. */
export type ConfigErrorReason =
  /** A file (kubeconfig, CA, certificate, key, token) does not exist or cannot be read. */
  | 'FileNotFound'
  /** A kubeconfig is not valid YAML or not a kubeconfig. */
  | 'Malformed'
  /** A named context, cluster or user is absent, or no context is selected. */
  | 'NotFound'
  /** A required field is missing or has a bad value. */
  | 'Invalid'
  /** The configuration uses a feature kubekit does not implement (e.g. `proxy-url`). */
  | 'Unsupported'
  /** `inClusterConfig()` outside a pod: KUBERNETES_SERVICE_HOST/PORT are not set. */
  | 'NotInCluster';

/** Where in a kubeconfig (or which option) a {@link ConfigError} points. */
export interface ConfigErrorLocation {
  /** The kubeconfig (or other) file at fault. */
  file?: string;
  context?: string;
  cluster?: string;
  user?: string;
  /** The field that is missing or bad, e.g. `server` or `client-key`. */
  field?: string;
  /** The line (1-based) of a syntax error in the file. */
  line?: number;
  /** The column (1-based) of a syntax error in the file. */
  column?: number;
}

/**
 * A configuration cannot be loaded or used: names the file, the context / cluster / user and the
 * field at fault, so the message alone tells the user what to fix. Never quotes a credential
 * (token, password, key, auth-provider config, exec plugin output).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/clientcmd/validation.go
 */
export class ConfigError extends ReasonedError<ConfigErrorReason> {
  static override readonly brand: string = '@kubekit/rest/ConfigError';

  /** Where: file, context, cluster, user, field (each only when known). */
  readonly location: ConfigErrorLocation;

  constructor(
    reason: ConfigErrorReason,
    message: string,
    location: ConfigErrorLocation = {},
    options?: { cause?: unknown },
  ) {
    super(reason, `${message}${formatLocation(location)}`, options);
    this.location = location;
  }
}

function formatLocation(loc: ConfigErrorLocation): string {
  const parts: string[] = [];
  if (loc.field !== undefined) parts.push(`field "${loc.field}"`);
  if (loc.user !== undefined) parts.push(`user "${loc.user}"`);
  if (loc.cluster !== undefined) parts.push(`cluster "${loc.cluster}"`);
  if (loc.context !== undefined) parts.push(`context "${loc.context}"`);
  if (loc.file !== undefined) parts.push(`file ${loc.file}`);
  if (loc.line !== undefined) parts.push(`line ${loc.line}, column ${loc.column ?? 1}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}
