import { ReasonedError } from '@kubekit/apimachinery';

/** Which credential source failed; see {@link CredentialError.reason}. */
export type CredentialErrorReason =
  /** The exec plugin could not run, exited non-zero or printed something that is not an ExecCredential. */
  | 'ExecFailed'
  /** The bearer token file could not be read or is empty. */
  | 'TokenFile'
  /** The auth-provider delegated to @kubernetes/client-node failed. */
  | 'AuthProvider';

/**
 * Credentials could not be obtained at request time (as opposed to {@link ConfigError}, raised
 * when a configuration is loaded). The message carries the plugin's stderr or the file name.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/plugin/pkg/client/auth/exec/exec.go
 */
export class CredentialError extends ReasonedError<CredentialErrorReason> {
  static override readonly brand: string = '@kubekit/rest/CredentialError';
}
