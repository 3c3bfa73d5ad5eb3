/**
 * Resource quantities (`500m`, `64Mi`, `1.5`, `2e3`) as exact fractions, compared and printed
 * as resource.Quantity's canonical `String()` (decimal values with the largest SI suffix that
 * keeps the number whole; binary ones with the largest power of 1024, or decimal below 1024).
 * Enough for validation messages; precision below nano units is not rounded as kube rounds it.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/resource/quantity.go
 */

/** A parsed quantity: `num / den`, and the notation it was written in. */
export interface Quantity {
  num: bigint;
  den: bigint;
  format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
}

const decimalSuffixes: Record<string, number> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const quantityRe = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE]|[eE][+-]?\d+)?$/;

const pow = (base: bigint, exp: number): bigint => base ** BigInt(exp);

/** Parses a quantity (a string or a JSON number); undefined when it is not one. */
export function parseQuantity(value: unknown): Quantity | undefined {
  const m = quantityRe.exec(typeof value === 'number' ? String(value) : String(value ?? ''));
  if (!m) return undefined;
  const [, sign, digits = '', suffix = ''] = m;
  const [whole = '', fraction = ''] = digits.split('.');
  let num = BigInt(`${whole || '0'}${fraction}`) * (sign === '-' ? -1n : 1n);
  let den = pow(10n, fraction.length);
  let format: Quantity['format'] = 'DecimalSI';
  if (suffix in binarySuffixes) {
    num *= pow(1024n, binarySuffixes[suffix]!);
    format = 'BinarySI';
  } else {
    const exp = suffix in decimalSuffixes ? decimalSuffixes[suffix]! : Number(suffix.slice(1));
    if (!(suffix in decimalSuffixes)) format = 'DecimalExponent';
    if (exp >= 0) num *= pow(10n, exp);
    else den *= pow(10n, -exp);
  }
  return { num, den, format };
}

/** -1, 0 or 1 as `a` is less than, equal to or greater than `b`. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  const d = a.num * b.den - b.num * a.den;
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

const decimalBySuffix = Object.entries(decimalSuffixes).sort((p, q) => q[1] - p[1]);

/** The canonical text of a quantity, as resource.Quantity prints it. */
export function formatQuantity(q: Quantity): string {
  const sign = q.num < 0n ? '-' : '';
  const abs = q.num < 0n ? -q.num : q.num;
  if (abs === 0n) return '0';
  if (q.format === 'BinarySI' && abs >= 1024n * q.den && abs % q.den === 0n) {
    let whole = abs / q.den;
    let power = 0;
    while (power < 6 && whole % 1024n === 0n) {
      whole /= 1024n;
      power++;
    }
    const suffix = Object.keys(binarySuffixes).find((k) => binarySuffixes[k] === power) ?? '';
    return `${sign}${whole}${suffix}`;
  }
  // nano units, rounded up
  const nanos = (abs * 10n ** 9n + q.den - 1n) / q.den;
  for (const [suffix, exp] of decimalBySuffix) {
    const unit = pow(10n, exp + 9);
    if (nanos % unit !== 0n) continue;
    const mantissa = nanos / unit;
    if (q.format === 'DecimalExponent') return `${sign}${mantissa}${exp ? `e${exp}` : ''}`;
    return `${sign}${mantissa}${suffix}`;
  }
  return `${sign}${nanos}n`;
}
