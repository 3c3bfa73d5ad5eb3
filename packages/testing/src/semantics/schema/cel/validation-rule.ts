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

/** JSON as Go's encoding/json writes it: `<`, `>` and `&` escaped. */
function goJson(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026');
}

/**
 * The rule as kube-apiserver prints apiextensions' internal ValidationRule as the bad value of
 * the compile errors it reports when a CRD is written: Go's JSON of the struct.
 */
export function goRuleValue(rule: ValidationRule): string {
  return goJson({
    Rule: rule.rule,
    Message: rule.message ?? '',
    MessageExpression: rule.messageExpression ?? '',
    Reason: rule.reason ?? null,
    FieldPath: rule.fieldPath ?? '',
    OptionalOldSelf: rule.optionalOldSelf ?? null,
  });
}
