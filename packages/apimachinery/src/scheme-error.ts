import { ReasonedError } from './reasoned-error';

/**
 * Why the scheme refused:
 * - `NotRegistered`: the kind, resource or short name is unknown.
 * - `NoConversion`: no chain of registered conversions leads to the requested version.
 * - `AlreadyRegistered`: the kind, or its resource in that group version, is registered already.
 * - `InvalidRegistration`: a registration misses its kind, version or plural.
 * - `InvalidObject`: the object has no (or a malformed) `apiVersion` / `kind`.
 */
export type SchemeErrorReason =
  'NotRegistered' | 'NoConversion' | 'AlreadyRegistered' | 'InvalidRegistration' | 'InvalidObject';

/** An error of a {@link Scheme} operation. */
export class SchemeError extends ReasonedError<SchemeErrorReason> {
  static override readonly brand: string = '@kubekit/apimachinery/SchemeError';
}
