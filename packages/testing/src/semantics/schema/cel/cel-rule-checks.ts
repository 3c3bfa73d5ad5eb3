import type { FieldError } from '@kubekit/apimachinery';
import { invalid, notSupported, required } from '../field-error';
import type { JSONSchemaProps } from '../json-schema-props';
import { normalizeFieldPath } from './cel-field-path';
import { compileExpression } from './cel-program';
import { goRuleValue, readRule, type ValidationRule } from './validation-rule';

/**
 * The checks kube-apiserver runs on the `x-kubernetes-validations` of a CRD version's schema
 * when the CRD is written: each rule is present, its message has no line break (and exists
 * when the rule spans lines), its reason is supported, its fieldPath names a declared field;
 * then, when all that holds, its rule and messageExpression compile, `oldSelf` is used only
 * where old values correlate (not under atomic or set lists) and `optionalOldSelf` only with
 * `oldSelf`. Field paths are the CRD's, like
 * `spec.versions[0].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule`.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apis/apiextensions/validation/validation.go
 */

const supportedReasons = [
  'FieldValueDuplicate',
  'FieldValueForbidden',
  'FieldValueInvalid',
  'FieldValueRequired',
];

interface Found {
  schemaErrors: FieldError[];
  celErrors: FieldError[];
}

/** The errors of every rule in `schema` (rooted at `path`): static ones first, then CEL's. */
export function validateSchemaRules(schema: JSONSchemaProps, path: string): FieldError[] {
  const found: Found = { schemaErrors: [], celErrors: [] };
  visit(schema, path, true, undefined, found);
  return [...found.schemaErrors, ...found.celErrors];
}

function visit(
  s: JSONSchemaProps,
  path: string,
  isRoot: boolean,
  uncorrelatable: string | undefined,
  found: Found,
): void {
  for (const [k, v] of Object.entries(s.properties ?? {}))
    visit(v, `${path}.properties[${k}]`, false, uncorrelatable, found);
  if (s.items && !Array.isArray(s.items)) {
    const listPath =
      s['x-kubernetes-list-type'] === 'map' ? uncorrelatable : (uncorrelatable ?? path);
    visit(s.items, `${path}.items`, false, listPath, found);
  }
  if (typeof s.additionalProperties === 'object')
    visit(s.additionalProperties, `${path}.additionalProperties`, false, uncorrelatable, found);
  s.allOf?.forEach((v, i) => visit(v, `${path}.allOf[${i}]`, isRoot, uncorrelatable, found));
  const rules = (s['x-kubernetes-validations'] ?? []).map(readRule);
  const before = found.schemaErrors.length;
  rules.forEach((rule, i) =>
    staticChecks(rule, s, `${path}.x-kubernetes-validations[${i}]`, found),
  );
  if (found.schemaErrors.length > before) return;
  rules.forEach((rule, i) =>
    compileChecks(rule, s, isRoot, uncorrelatable, `${path}.x-kubernetes-validations[${i}]`, found),
  );
}

const hasNewlines = (s: string) => s.includes('\n');

function staticChecks(rule: ValidationRule, s: JSONSchemaProps, at: string, found: Found): void {
  const errs = found.schemaErrors;
  const rawMessage = rule.message ?? '';
  const message = rawMessage.trim();
  const text = rule.rule.trim();
  if (text === '') errs.push(required(`${at}.rule`, 'rule is not specified'));
  else if (rawMessage.length > 0 && message === '')
    errs.push(invalid(`${at}.message`, rawMessage, 'must be non-empty if specified'));
  else if (hasNewlines(message))
    errs.push(invalid(`${at}.message`, rawMessage, 'must not contain line breaks'));
  else if (hasNewlines(text) && message === '')
    errs.push(required(`${at}.message`, 'message must be specified if rule contains line breaks'));
  const messageExpression = rule.messageExpression ?? '';
  if (messageExpression.length > 0 && messageExpression.trim() === '') {
    errs.push(
      required(`${at}.messageExpression`, 'messageExpression must be non-empty if specified'),
    );
  }
  if (rule.reason !== undefined && !supportedReasons.includes(rule.reason))
    errs.push(notSupported(`${at}.reason`, rule.reason, supportedReasons));
  const fieldPath = rule.fieldPath ?? '';
  if (fieldPath.length > 0 && fieldPath.trim() === '')
    errs.push(invalid(`${at}.fieldPath`, fieldPath, 'must be non-empty if specified'));
  if (hasNewlines(fieldPath))
    errs.push(invalid(`${at}.fieldPath`, fieldPath, 'must not contain line breaks'));
  if (fieldPath.length > 0 && 'error' in normalizeFieldPath(fieldPath, s))
    errs.push(invalid(`${at}.fieldPath`, fieldPath, 'must be a valid path'));
}

function invalidRule(field: string, rule: ValidationRule, detail: string): FieldError {
  return {
    type: 'FieldValueInvalid',
    field,
    detail: `Invalid value: ${goRuleValue(rule)}: ${detail}`,
  };
}

function compileChecks(
  rule: ValidationRule,
  schema: JSONSchemaProps,
  isRoot: boolean,
  uncorrelatable: string | undefined,
  at: string,
  found: Found,
): void {
  const errs = found.celErrors;
  const compiled = compileExpression(rule.rule, { schema, isRoot, allowOldSelf: true });
  if (typeof compiled === 'string') errs.push(invalidRule(`${at}.rule`, rule, compiled));
  if (rule.messageExpression) {
    const message = compileExpression(rule.messageExpression, {
      schema,
      isRoot,
      allowOldSelf: false,
    });
    if (typeof message === 'string')
      errs.push(
        invalidRule(
          `${at}.messageExpression`,
          rule,
          message.replace(/^compilation failed: /, 'messageExpression compilation failed: '),
        ),
      );
  }
  if (typeof compiled === 'string') return;
  if (compiled.usesOldSelf && uncorrelatable !== undefined) {
    errs.push(
      invalid(
        `${at}.rule`,
        rule.rule,
        `oldSelf cannot be used on the uncorrelatable portion of the schema within ${uncorrelatable}`,
      ),
    );
  } else if (!compiled.usesOldSelf && rule.optionalOldSelf !== undefined) {
    errs.push(
      invalid(
        `${at}.optionalOldSelf`,
        rule.optionalOldSelf,
        'may not be set if oldSelf is not used in rule',
      ),
    );
  }
}
