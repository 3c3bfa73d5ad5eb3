/** A Kubernetes MicroTime string (`2006-01-02T15:04:05.000000Z`) for a millisecond timestamp. */
export function microTime(ms: number): string {
  return new Date(Math.floor(ms)).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
