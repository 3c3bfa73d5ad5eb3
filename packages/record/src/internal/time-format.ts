/** An RFC 3339 timestamp with second precision (metav1.Time), as core/v1 Events carry. */
export function rfc3339(ms: number): string {
  return `${new Date(Math.floor(ms)).toISOString().slice(0, 19)}Z`;
}

/** A MicroTime (`2006-01-02T15:04:05.000000Z`), as events.k8s.io/v1 Events carry. */
export function microTime(ms: number): string {
  return `${new Date(Math.floor(ms)).toISOString().slice(0, 23)}000Z`;
}

/** Milliseconds of an RFC 3339 or MicroTime string; `fallback` when absent or unparsable. */
export function parseTime(value: string | undefined, fallback: number): number {
  const ms = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(ms) ? fallback : ms;
}
