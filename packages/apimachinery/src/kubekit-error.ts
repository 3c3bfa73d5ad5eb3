const BRANDS = Symbol.for('@kubekit/error-brands');

/**
 * Base of every error kubekit throws. `instanceof` breaks when the ESM and the CJS build of a
 * package are both loaded (two copies of each class), so every class carries a brand string
 * and {@link KubekitError.isInstance} matches on brands instead.
 *
 * Subclasses declare `static override readonly brand = '@kubekit/<package>/<ClassName>'`.
 *
 * @example
 * ```ts
 * if (StatusError.isInstance(err) && err.code === 404) { ... }
 * ```
 */
export class KubekitError extends Error {
  /** The brand that identifies this class across module copies. */
  static readonly brand: string = '@kubekit/apimachinery/KubekitError';

  declare readonly [BRANDS]: readonly string[];

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const brands: string[] = [];
    for (
      let c: unknown = new.target;
      typeof c === 'function' && c !== Error;
      c = Object.getPrototypeOf(c)
    ) {
      if (Object.hasOwn(c, 'brand')) brands.push((c as unknown as { brand: string }).brand);
    }
    Object.defineProperty(this, BRANDS, { value: brands, enumerable: false });
    Object.defineProperty(this, 'name', {
      value: new.target.name,
      enumerable: false,
      configurable: true,
      writable: true,
    });
  }

  /** True when `value` is an instance of this class (or a subclass), from any copy of kubekit. */
  static isInstance<T>(this: { readonly brand: string; prototype: T }, value: unknown): value is T {
    if (typeof value !== 'object' || value === null) return false;
    const brands = (value as { [BRANDS]?: readonly string[] })[BRANDS];
    return Array.isArray(brands) && brands.includes(this.brand);
  }
}
