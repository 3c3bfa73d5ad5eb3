/**
 * Durations in Go's `time.Duration.String()` form (`1s`, `1.5s`, `500ms`, `1m30s`, `1h0m0s`):
 * what client-go sends as the `timeout` query parameter and what the kubelet writes in its
 * back-off messages, so servers, logs and tests read the same text from either side.
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
