import { randomUUID } from 'node:crypto';
import { isDNS1123Subdomain } from '@kubekit/apimachinery';

let lastMs = -1;
let sequence = 0;

/**
 * A fresh event name (client-go's `util.GenerateEventName`): `<object>.<hex nanoseconds>`, or a
 * random UUID when that is not a valid event name (a DNS-1123 subdomain of at most 253
 * characters), as for objects whose names contain `:` (RBAC roles), upper case, `/` or `!`, or
 * are too long to take the suffix. The clock gives milliseconds; a sequence restarting every
 * millisecond fills the sub-millisecond digits, so two events named in the same millisecond
 * still differ and a name depends only on the time and the events before it in that
 * millisecond (a simulation replays the same names).
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/record/util/util.go
 */
export function eventName(objectName: string, nowMs: number): string {
  const ms = Math.floor(nowMs);
  sequence = ms === lastMs ? (sequence + 1) % 1_000_000 : 0;
  lastMs = ms;
  const nanos = BigInt(ms) * 1_000_000n + BigInt(sequence);
  const name = `${objectName}.${nanos.toString(16)}`;
  return isDNS1123Subdomain(name).length === 0 ? name : randomUUID();
}
