/**
 * The cost bound of CEL evaluation. kube-apiserver charges every CEL operation and stops a rule
 * past `PerCallLimit` (1,000,000 units) and an object's rules past `RuntimeCELCostBudget`
 * (10,000,000 units). @bufbuild/cel has no cost accounting, so this evaluator charges one unit
 * per comprehension iteration (the compiler wraps every comprehension's loop condition in a
 * call that charges) and per list element the list functions walk, and stops a rule or an
 * object past its limits with kube's errors. An iteration costs kube at least about three units
 * (the step and its operands), so the limits here are a third of kube's: 333,333 iterations per
 * rule, 3,333,333 per object (at a few microseconds an iteration, seconds at worst, never a
 * hang). Evaluation is synchronous, so one meter at a time is active.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/apis/cel/config.go
 */

/** The most iterations one rule evaluation may run (kube's `PerCallLimit`, in iterations). */
export const PerCallLimit = 333_333;

/** The most iterations the rules of one object may run together (`RuntimeCELCostBudget`). */
export const RuntimeCELCostBudget = 3_333_333;

/** The limits of one object's evaluation (tests lower them). */
export interface CostLimits {
  perCall: number;
  total: number;
}

/** Thrown (and absorbed by CEL as an error value) when the running evaluation is over budget. */
export class CostLimitExceeded extends Error {
  constructor() {
    super('operation cancelled: actual cost limit exceeded');
  }
}

interface Meter {
  left: number;
  used: number;
  exceeded: boolean;
}

let active: Meter | undefined;

/** Charges one unit to the running evaluation; throws once it is over its limit. */
export function chargeIteration(): void {
  if (!active) return;
  active.used++;
  if (--active.left < 0) {
    active.exceeded = true;
    throw new CostLimitExceeded();
  }
}

/** What one metered evaluation returned and cost. */
export interface Metered<T> {
  result: T;
  cost: number;
  exceeded: boolean;
}

/** Runs `evaluate` with at most `limit` units. */
export function metered<T>(limit: number, evaluate: () => T): Metered<T> {
  const previous = active;
  const meter: Meter = { left: limit, used: 0, exceeded: false };
  active = meter;
  try {
    return { result: evaluate(), cost: meter.used, exceeded: meter.exceeded };
  } finally {
    active = previous;
  }
}
