/** The `Symbol.for` key every kubekit error stores its brands under (see `KubekitError`). */
const BRANDS = Symbol.for('@kubekit/error-brands');

/**
 * The brand of `@kubekit/apimachinery`'s `KubekitError`. Recorded on every WorkqueueError so that
 * `KubekitError.isInstance(err)` holds for it too, without this package importing apimachinery.
 */
const KUBEKIT_ERROR_BRAND = '@kubekit/apimachinery/KubekitError';

/**
 * Why a {@link WorkqueueError} was thrown.
 * - `InvalidOptions`: a constructor or helper was given options it cannot work with.
 */
export type WorkqueueErrorReason = 'InvalidOptions';

/**
 * The one error class of `@kubekit/workqueue`.
 *
 * Branded like every kubekit error: match it with {@link WorkqueueError.isInstance} (works across
 * the ESM and CJS copies of the package); `KubekitError.isInstance` from `@kubekit/apimachinery`
 * also matches it.
 *
 * @example
 * ```ts
 * try { newQueue({ ... }) } catch (err) {
 *   if (WorkqueueError.isInstance(err) && err.reason === 'InvalidOptions') { ... }
 * }
 * ```
 */
export class WorkqueueError extends Error {
  /** The brand that identifies this class across module copies. */
  static readonly brand: string = '@kubekit/workqueue/WorkqueueError';

  /** What went wrong, machine-readable. */
  readonly reason: WorkqueueErrorReason;

  declare readonly [BRANDS]: readonly string[];

  constructor(message: string, options: { reason: WorkqueueErrorReason; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.reason = options.reason;
    Object.defineProperty(this, BRANDS, {
      value: [WorkqueueError.brand, KUBEKIT_ERROR_BRAND],
      enumerable: false,
    });
    Object.defineProperty(this, 'name', {
      value: 'WorkqueueError',
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }

  /** True when `value` is a WorkqueueError from any copy of this package. */
  static isInstance(value: unknown): value is WorkqueueError {
    if (typeof value !== 'object' || value === null) return false;
    const brands = (value as { [BRANDS]?: readonly string[] })[BRANDS];
    return Array.isArray(brands) && brands.includes(WorkqueueError.brand);
  }
}

/** Throws an `InvalidOptions` WorkqueueError unless `ok`. */
export function checkOption(ok: boolean, message: string): void {
  if (!ok) throw new WorkqueueError(message, { reason: 'InvalidOptions' });
}
