/**
 * Durations in Go's `time.Duration.String()` form (`1s`, `1.5s`, `500ms`, `1m30s`, `1h0m0s`):
 * what client-go sends as the `timeout` query parameter and what the kubelet writes in its
 * back-off messages, so servers, logs and tests read the same text from either side; and
 * `time.ParseDuration`'s syntax, which the API server reads that parameter with.
 *
 * @see https://pkg.go.dev/time#Duration.String
 */

/** `n / unit` with the fraction's trailing zeros dropped (`1500, 1000` -> `1.5`); n and unit are integers. */
function decimal(n: number, unit: number): string {
  const whole = Math.floor(n / unit);
  const rest = n % unit;
  if (rest === 0) return String(whole);
  const digits = String(unit).length - 1;
  return `${whole}.${String(rest).padStart(digits, '0').replace(/0+$/, '')}`;
}

const second = 1e9;
const minute = 60 * second;
const hour = 60 * minute;

/**
 * Formats `ms` milliseconds (rounded to whole nanoseconds) as Go's `Duration.String` does:
 * `0s`, `1.5ms`, `10s`, `1m20s`, `1h2m3.004s`, `-2s`.
 */
export function formatGoDuration(ms: number): string {
  const signed = Math.round(ms * 1e6);
  const ns = Math.abs(signed);
  const sign = signed < 0 ? '-' : '';
  if (ns === 0) return '0s';
  if (ns < 1e3) return `${sign}${ns}ns`;
  if (ns < 1e6) return `${sign}${decimal(ns, 1e3)}µs`;
  if (ns < second) return `${sign}${decimal(ns, 1e6)}ms`;
  const h = Math.floor(ns / hour);
  const m = Math.floor((ns % hour) / minute);
  const units = h > 0 ? `${h}h${m}m` : m > 0 ? `${m}m` : '';
  return `${sign}${units}${decimal(ns % minute, second)}s`;
}

/** Milliseconds per unit of Go's duration syntax (both spellings of the micro sign). */
const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1e3,
  m: 60e3,
  h: 3600e3,
};
const component = /^(\d*)(?:\.(\d*))?([^\d.]*)/;
/** Go's Duration is an int64 of nanoseconds. */
const maxMs = 9_223_372_036_854.775807;

/**
 * Parses Go's duration syntax as `time.ParseDuration` accepts it (`300ms`, `-1.5h`, `2h45m`,
 * `1.s`, `.5us`, a bare `0`) into milliseconds: what kube-apiserver reads from the `timeout`
 * query parameter.
 *
 * Errors: a plain Error naming the text and what is wrong with it (an empty text, a number
 * without a unit, an unknown unit, more than Go's int64 nanoseconds hold).
 *
 * @see https://pkg.go.dev/time#ParseDuration
 */
export function parseGoDuration(text: string): number {
  const bad = (why: string) => new Error(`"${text}" is not a duration: ${why}`);
  let rest = text;
  let sign = 1;
  if (rest[0] === '-' || rest[0] === '+') {
    sign = rest[0] === '-' ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw bad('no number');
  let ms = 0;
  while (rest !== '') {
    const [all, whole, fraction, unit] = component.exec(rest)!;
    if (!whole && !fraction) throw bad('each unit needs a number before it');
    if (!unit) throw bad('a unit (ns, us, ms, s, m, h) must follow each number');
    const scale = unitMs[unit!];
    if (scale === undefined) throw bad(`unknown unit "${unit}"`);
    ms += Number(`${whole || '0'}.${fraction || '0'}`) * scale;
    rest = rest.slice(all.length);
  }
  if (ms > maxMs) throw bad('longer than 2^63-1 nanoseconds');
  return sign * ms;
}
