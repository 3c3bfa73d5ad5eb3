let sequence = 0;

/**
 * A fresh event name, `<object>.<hex nanoseconds>` as client-go makes them. The clock gives
 * milliseconds; a per-process sequence fills the sub-millisecond digits so two events named in
 * the same millisecond still differ.
 */
export function eventName(objectName: string, nowMs: number): string {
  sequence = (sequence + 1) % 1_000_000;
  const nanos = BigInt(Math.floor(nowMs)) * 1_000_000n + BigInt(sequence);
  return `${objectName}.${nanos.toString(16)}`;
}
