import { KubekitError } from './kubekit-error';

/**
 * A {@link KubekitError} that says machine-readably why it was thrown: the base of kubekit's
 * error classes that have a fixed set of reasons. A subclass declares its brand and its reason
 * union, and inherits `reason`, `name`, `message`, `cause` and `isInstance`:
 *
 * ```ts
 * export type StoreErrorReason = 'KeyFunc' | 'IndexFunc';
 * export class StoreError extends ReasonedError<StoreErrorReason> {
 *   static override readonly brand: string = '@kubekit/cache/StoreError';
 * }
 * throw new StoreError('KeyFunc', 'object has no name');
 * ```
 *
 * A subclass must not redeclare `reason` as a field (a class field without an initializer would
 * reset it to `undefined` after this constructor ran); it narrows the type through `R`.
 *
 * @typeParam R - the reasons of the subclass, a union of string literals.
 */
export class ReasonedError<R extends string = string> extends KubekitError {
  static override readonly brand: string = '@kubekit/apimachinery/ReasonedError';

  /** What went wrong, machine-readable: switch on it. */
  readonly reason: R;

  constructor(reason: R, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
