import { isCelError, type CelResult } from '@bufbuild/cel';
import type { FieldError } from '@kubekit/apimachinery';
import { isJsonObject, jsonEqual } from '../../json';
import { childPath, duplicate, forbidden, indexPath, invalid, required } from '../field-error';
import {
  additionalPropertiesSchema,
  itemsSchema,
  type JSONSchemaProps,
} from '../json-schema-props';
import {
  CostLimitExceeded,
  metered,
  PerCallLimit,
  RuntimeCELCostBudget,
  type CostLimits,
} from './cel-cost';
import { normalizeFieldPath } from './cel-field-path';
import { compileExpression, type CompiledExpression, type ExpressionScope } from './cel-program';
import { readRule, type ValidationRule } from './validation-rule';
import { toCelValue } from './cel-values';
import { optionalOf } from './cel-optional';

/**
 * Evaluation of a custom resource's `x-kubernetes-validations` rules, as apiextensions-
 * apiserver's CEL validator runs them after the OpenAPI checks: every rule of every node that
 * holds a non-null value, with `self` the value at that node and, on update, `oldSelf` its
 * correlated old value (object fields and map keys always correlate, list items only in
 * `x-kubernetes-list-type: map` lists). A transition rule (one that uses `oldSelf`) runs only
 * where an old value correlates, unless `optionalOldSelf` makes `oldSelf` an optional value
 * (none on create). A failing rule gives a field error at the node (or at its
 * `fieldPath`) of its `reason`'s type (FieldValueInvalid by default), with its `message`,
 * `messageExpression` or `failed rule: <rule>`. On update, a failure of a rule that does not
 * use `oldSelf` at a value that did not change is dropped (CRD validation ratcheting).
 *
 * Evaluation is bounded (cel-cost.ts): a rule past its per-call limit, or an object past its
 * total budget, stops the evaluation with kube's errors.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apiserver/schema/cel/validation.go
 */

/** kube's `MaxEvaluatedMessageExpressionSizeBytes`. */
const MaxEvaluatedMessageExpressionSizeBytes = 5 * 1024;

const withRules = new WeakMap<JSONSchemaProps, boolean>();

/** Whether any node of `schema` carries x-kubernetes-validations rules (cached per schema). */
export function hasValidationRules(schema: JSONSchemaProps | undefined): boolean {
  if (!schema) return false;
  let found = withRules.get(schema);
  if (found === undefined) {
    found =
      (schema['x-kubernetes-validations']?.length ?? 0) > 0 ||
      [
        ...Object.values(schema.properties ?? {}),
        itemsSchema(schema),
        additionalPropertiesSchema(schema),
        ...(schema.allOf ?? []),
      ].some((s) => hasValidationRules(s));
    withRules.set(schema, found);
  }
  return found;
}

class Run {
  readonly errors: FieldError[] = [];
  remaining: number;
  stopped = false;

  constructor(
    private readonly isUpdate: boolean,
    private readonly limits: CostLimits,
  ) {
    this.remaining = limits.total;
  }

  node(
    schema: JSONSchemaProps,
    value: unknown,
    old: unknown,
    path: string,
    isRoot: boolean,
    unchanged: boolean,
  ): void {
    if (value === null || value === undefined || this.stopped) return;
    const oldValue = old === null ? undefined : old;
    const same = oldValue !== undefined ? jsonEqual(value, oldValue) : unchanged;
    this.rules(schema, value, oldValue, path, isRoot, same);
    for (const sub of schema.allOf ?? []) this.rules(sub, value, oldValue, path, isRoot, false);
    if (Array.isArray(value)) {
      const items = itemsSchema(schema);
      if (!items) return;
      const olds = correlatedItems(schema, oldValue);
      value.forEach((v, i) => this.node(items, v, olds(v), indexPath(path, i), false, same));
    } else if (isJsonObject(value)) {
      const oldMap = isJsonObject(oldValue) ? oldValue : {};
      const properties = schema.properties ?? {};
      const additional = additionalPropertiesSchema(schema);
      for (const [k, v] of Object.entries(value)) {
        const sub = Object.hasOwn(properties, k) ? properties[k] : additional;
        if (!sub || (isRoot && (k === 'metadata' || k === 'apiVersion' || k === 'kind'))) continue;
        const childField = sub === additional ? `${path}[${k}]` : childPath(path, k);
        const oldV = Object.hasOwn(oldMap, k) ? oldMap[k] : undefined;
        this.node(sub, v, oldV, childField, false, same);
      }
    }
  }

  private rules(
    schema: JSONSchemaProps,
    value: unknown,
    old: unknown,
    path: string,
    isRoot: boolean,
    unchanged: boolean,
  ): void {
    const rules = (schema['x-kubernetes-validations'] ?? []).map(readRule);
    if (rules.length === 0) return;
    const field = path === '' ? '<nil>' : path;
    const type = isRoot ? 'object' : (schema.type ?? '');
    if (this.remaining <= 0) return this.stop(invalid(field, type, outOfBudget));
    const self = toCelValue(value, schema);
    const oldSelf = old === undefined ? undefined : toCelValue(old, schema);
    for (const rule of rules) {
      const scope: ExpressionScope = { schema, isRoot, allowOldSelf: true };
      const compiled = compileExpression(rule.rule, scope);
      if (typeof compiled === 'string') {
        this.errors.push(invalid(field, type, `rule compile error: ${compiled}`));
        continue;
      }
      // A transition rule runs only where an old value correlates, unless it asks for an
      // optional oldSelf (none then).
      const optional = rule.optionalOldSelf === true;
      if (compiled.usesOldSelf && oldSelf === undefined && !optional) continue;
      const ruleOldSelf = optional ? optionalOf(oldSelf) : oldSelf;
      const run = metered(this.limits.perCall, () =>
        compiled.evaluate({ self, oldSelf: ruleOldSelf }),
      );
      const described = ruleErrorString(rule);
      if (run.exceeded)
        return this.stop(
          invalid(
            field,
            type,
            `'${new CostLimitExceeded().message}': no further validation rules will be run due to call cost exceeds limit for rule: ${described}`,
          ),
        );
      if (run.cost > this.remaining) return this.stop(invalid(field, type, outOfBudget));
      this.remaining -= run.cost;
      if (isCelError(run.result)) {
        this.errors.push(invalid(field, type, evaluationError(run.result.message, described)));
        continue;
      }
      if (run.result === true) continue;
      const at = rule.fieldPath ? fieldPathOf(path, rule.fieldPath, schema) : field;
      const message = this.message(rule, scope, self, oldSelf, at, type);
      if (message === undefined) return;
      const error = errorForReason(rule.reason, at, type, message);
      if (this.isUpdate && !compiled.usesOldSelf && unchanged) continue;
      this.errors.push(error);
    }
  }

  /** The rule's message: its messageExpression's value, else its message or the default. */
  private message(
    rule: ValidationRule,
    scope: ExpressionScope,
    self: ReturnType<typeof toCelValue>,
    oldSelf: ReturnType<typeof toCelValue> | undefined,
    at: string,
    type: string,
  ): string | undefined {
    const fallback = rule.message ? rule.message.trim() : `failed rule: ${ruleErrorString(rule)}`;
    if (!rule.messageExpression) return fallback;
    const compiled = compileExpression(rule.messageExpression, { ...scope, allowOldSelf: false });
    if (typeof compiled === 'string') return fallback;
    const run = metered(this.limits.perCall, () =>
      (compiled as CompiledExpression).evaluate({ self, oldSelf }),
    );
    if (run.exceeded || run.cost > this.remaining) {
      const detail = run.exceeded
        ? `no further validation rules will be run due to call cost exceeds limit for messageExpression: ${JSON.stringify(rule.messageExpression)}`
        : 'messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run';
      this.stop(invalid(at, type, detail));
      return undefined;
    }
    this.remaining -= run.cost;
    const text = messageText(run.result);
    return text ?? fallback;
  }

  private stop(error: FieldError): void {
    this.errors.push(error);
    this.stopped = true;
  }
}

const outOfBudget =
  'validation failed due to running out of cost budget, no further validation rules will be run';

function messageText(result: CelResult): string | undefined {
  if (typeof result !== 'string') return undefined;
  const trimmed = result.trim();
  if (trimmed === '' || trimmed.includes('\n')) return undefined;
  if (Buffer.byteLength(trimmed) > MaxEvaluatedMessageExpressionSizeBytes) return undefined;
  return trimmed;
}

function ruleErrorString(rule: ValidationRule): string {
  return rule.message?.trim() ? rule.message.trim() : rule.rule.trim();
}

/** cel-go's wording of the evaluation errors kube reports, where @bufbuild/cel words them otherwise. */
function evaluationError(message: string, rule: string): string {
  if (message.startsWith('found no matching overload'))
    return `'no such overload': call arguments did not match a supported operator, function or macro signature for rule: ${rule}`;
  const text = message.replace(/^field not found: /, 'no such key: ');
  return `${text} evaluating rule: ${rule}`;
}

function fieldPathOf(path: string, fieldPath: string, schema: JSONSchemaProps): string {
  const normalized = normalizeFieldPath(fieldPath, schema);
  if ('error' in normalized) return path === '' ? '<nil>' : path;
  return childPath(path, normalized.path);
}

function errorForReason(
  reason: string | undefined,
  field: string,
  type: string,
  message: string,
): FieldError {
  switch (reason) {
    case 'FieldValueForbidden':
      return forbidden(field, message);
    case 'FieldValueRequired':
      return required(field, message);
    case 'FieldValueDuplicate':
      return duplicate(field, type);
    default:
      return invalid(field, type, message);
  }
}

/** The old item each new item of a list correlates with (only `map` lists correlate). */
function correlatedItems(schema: JSONSchemaProps, old: unknown): (item: unknown) => unknown {
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  if (schema['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old) || keys.length === 0)
    return () => undefined;
  const keyOf = (v: unknown) =>
    isJsonObject(v) ? JSON.stringify(keys.map((k) => v[k] ?? null)) : undefined;
  const byKey = new Map(old.map((v) => [keyOf(v), v] as const));
  return (item) => byKey.get(keyOf(item));
}

/**
 * Runs every rule of `schema` against `obj` (and `old` on update); returns the field errors in
 * the order the rules ran (object fields in the object's order). `limits` bound the evaluation
 * (cel-cost.ts; the defaults are the server's).
 */
export function validateCelRules(
  obj: Record<string, unknown>,
  old: Record<string, unknown> | undefined,
  schema: JSONSchemaProps,
  limits: CostLimits = { perCall: PerCallLimit, total: RuntimeCELCostBudget },
): FieldError[] {
  const run = new Run(old !== undefined, limits);
  run.node(schema, obj, old, '', true, false);
  return run.errors;
}
