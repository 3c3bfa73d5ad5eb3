import { realClock, type Clock } from './clock';
import type { Condition } from './meta';

/**
 * Status condition helpers (k8s.io/apimachinery/pkg/api/meta/conditions.go). They work on any
 * condition type with `type` and `status` (metav1.Condition, or a CRD's own condition type).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/meta/conditions.go
 */

/** `ms` since the epoch as a metav1.Time string: RFC 3339 in UTC with second precision. */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The condition of type `type`, if present. */
export function findCondition<C extends Pick<Condition, 'type'>>(
  conditions: readonly C[] | undefined,
  type: string,
): C | undefined {
  return conditions?.find((c) => c.type === type);
}

/** True when the condition of type `type` is present with status `True`. */
export function isConditionTrue(
  conditions: readonly Pick<Condition, 'type' | 'status'>[] | undefined,
  type: string,
): boolean {
  return findCondition(conditions, type)?.status === 'True';
}

/**
 * Adds or updates the condition of `condition.type`, in place (meta.SetStatusCondition).
 * `lastTransitionTime` changes only when the status changes (or the condition is new): to the
 * given one if set, else to the clock's now. Reason, message and observedGeneration are copied.
 *
 * @returns true when anything changed.
 */
export function setCondition<C extends Condition>(
  conditions: C[],
  condition: C,
  options: { clock?: Clock } = {},
): boolean {
  const now = (): string => formatTime((options.clock ?? realClock).now());
  const existing = conditions.find((c) => c.type === condition.type);
  if (!existing) {
    conditions.push({ ...condition, lastTransitionTime: condition.lastTransitionTime || now() });
    return true;
  }
  let changed = false;
  if (existing.status !== condition.status) {
    existing.status = condition.status;
    existing.lastTransitionTime = condition.lastTransitionTime || now();
    changed = true;
  }
  // absent and zero values are the same, as in Go
  for (const [field, zero] of [
    ['reason', ''],
    ['message', ''],
    ['observedGeneration', 0],
  ] as const) {
    if ((existing[field] ?? zero) !== (condition[field] ?? zero)) {
      Object.assign(existing, { [field]: condition[field] });
      changed = true;
    }
  }
  return changed;
}

/** Removes the condition of type `type`, in place. @returns true when one was removed. */
export function removeCondition(conditions: Pick<Condition, 'type'>[], type: string): boolean {
  const i = conditions.findIndex((c) => c.type === type);
  if (i < 0) return false;
  conditions.splice(i, 1);
  return true;
}
