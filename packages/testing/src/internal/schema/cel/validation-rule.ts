/**
 * One entry of a schema node's `x-kubernetes-validations` (apiextensions.k8s.io/v1
 * `ValidationRule`).
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apis/apiextensions/v1/types_jsonschema.go
 */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

/** Reads a rule from its JSON (fields of the wrong type read as unset). */
export function readRule(raw: unknown): ValidationRule {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const rule: ValidationRule = { rule: str(r.rule) ?? '' };
  for (const key of ['message', 'messageExpression', 'reason', 'fieldPath'] as const) {
    const v = str(r[key]);
    if (v !== undefined) rule[key] = v;
  }
  if (typeof r.optionalOldSelf === 'boolean') rule.optionalOldSelf = r.optionalOldSelf;
  return rule;
}

/**
 * The rule as Go's `%#v` prints apiextensions' internal ValidationRule: the bad value of the
 * compile errors kube reports when a CRD is written.
 */
export function goRuleValue(rule: ValidationRule): string {
  const q = (s: string | undefined) => JSON.stringify(s ?? '');
  const ptr = (type: string, v: string | boolean | undefined) =>
    v === undefined ? `(*${type})(nil)` : `(*${type})(0xc000000000)`;
  return (
    `apiextensions.ValidationRule{Rule:${q(rule.rule)}, Message:${q(rule.message)}, ` +
    `MessageExpression:${q(rule.messageExpression)}, ` +
    `Reason:${ptr('apiextensions.FieldValueErrorReason', rule.reason)}, ` +
    `FieldPath:${q(rule.fieldPath)}, OptionalOldSelf:${ptr('bool', rule.optionalOldSelf)}}`
  );
}
