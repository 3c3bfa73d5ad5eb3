import { ReasonedError } from './reasoned-error';

/**
 * Why an identifier was rejected: `InvalidGroupVersion` (not `version` or `group/version`),
 * `MissingAPIVersion` / `MissingKind` (an object without `apiVersion` / `kind`).
 */
export type GroupVersionErrorReason = 'InvalidGroupVersion' | 'MissingAPIVersion' | 'MissingKind';

/** A malformed group/version string, or an object that does not say what it is. */
export class GroupVersionError extends ReasonedError<GroupVersionErrorReason> {
  static override readonly brand: string = '@kubekit/apimachinery/GroupVersionError';

  /** The rejected text (`''` when it was missing). */
  readonly input: string;

  constructor(reason: GroupVersionErrorReason, input: string, message: string) {
    super(reason, message);
    this.input = input;
  }
}
