import type { FieldError } from '@kubekit/apimachinery';
import { childPath, forbidden, indexPath, invalid, required } from './schema/field-error';
import { isLabelValue, isQualifiedName } from './schema/name-validation';
import { validateLabels } from './object-meta';
import { isJsonMap, type JsonMap, jsonMapsOf } from './json';

/**
 * metav1.LabelSelector as kube-apiserver validates and evaluates it for workloads:
 * ValidateLabelSelector (label keys and values, operators and their values) with kube's
 * messages, whether LabelSelectorAsSelector would fail, and matching a label set (a missing
 * selector matches nothing, an empty one everything).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/apis/meta/v1/validation/validation.go
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/apis/meta/v1/helpers.go
 */

/** A Go map as encoding/json writes it (keys sorted), for error values. */
export function sortedMap(map: unknown): unknown {
  if (!isJsonMap(map)) return null;
  return Object.fromEntries(
    Object.keys(map)
      .sort()
      .map((k) => [k, map[k]]),
  );
}

/** A LabelSelector as Go writes it in an error value (empty fields omitted, map keys sorted). */
export function goLabelSelector(selector: JsonMap): JsonMap {
  const out: JsonMap = {};
  if (isJsonMap(selector.matchLabels) && Object.keys(selector.matchLabels).length)
    out.matchLabels = sortedMap(selector.matchLabels);
  const exprs = jsonMapsOf(selector.matchExpressions);
  if (exprs.length) {
    out.matchExpressions = exprs.map((e) => ({
      key: e.key ?? '',
      operator: e.operator ?? '',
      ...(jsonMapsOf(e.values).length ? { values: e.values } : {}),
    }));
  }
  return out;
}

/** True for a selector without requirements (`{}`), which selects everything. */
export function isEmptySelector(selector: JsonMap): boolean {
  return (
    Object.keys(isJsonMap(selector.matchLabels) ? selector.matchLabels : {}).length +
      jsonMapsOf(selector.matchExpressions).length ===
    0
  );
}

const operators = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

/** ValidateLabelSelector with strict label values, at `path`. */
export function validateLabelSelector(selector: JsonMap, path: string): FieldError[] {
  const errs = validateLabels(
    isJsonMap(selector.matchLabels) ? selector.matchLabels : {},
    childPath(path, 'matchLabels'),
  );
  jsonMapsOf(selector.matchExpressions).forEach((expr, i) => {
    const at = indexPath(childPath(path, 'matchExpressions'), i);
    const values = jsonMapsOf(expr.values) as unknown[];
    if (expr.operator === 'In' || expr.operator === 'NotIn') {
      if (!values.length)
        errs.push(
          required(childPath(at, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"),
        );
    } else if (expr.operator === 'Exists' || expr.operator === 'DoesNotExist') {
      if (values.length)
        errs.push(
          forbidden(
            childPath(at, 'values'),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
    } else {
      errs.push(
        invalid(childPath(at, 'operator'), expr.operator ?? '', 'not a valid selector operator'),
      );
    }
    for (const msg of isQualifiedName(String(expr.key ?? '')))
      errs.push(invalid(childPath(at, 'key'), expr.key ?? '', msg));
    values.forEach((v, j) => {
      for (const msg of isLabelValue(String(v)))
        errs.push(invalid(indexPath(childPath(at, 'values'), j), v, msg));
    });
  });
  return errs;
}

/** True when LabelSelectorAsSelector would reject `selector` (the checks of its requirements). */
export function isUnparsableSelector(selector: JsonMap | undefined): boolean {
  return selector !== undefined && validateLabelSelector(selector, '').length > 0;
}

/** Whether `selector` (undefined: none, which matches nothing) selects `labels`. */
export function selectorMatches(selector: JsonMap | undefined, labels: unknown): boolean {
  if (!selector) return false;
  const set: JsonMap = isJsonMap(labels) ? labels : {};
  const has = (k: string) => Object.hasOwn(set, k);
  for (const [k, v] of Object.entries(isJsonMap(selector.matchLabels) ? selector.matchLabels : {}))
    if (!has(k) || set[k] !== v) return false;
  return jsonMapsOf(selector.matchExpressions).every((e) => {
    const values = jsonMapsOf(e.values) as unknown[];
    if (!operators.includes(e.operator)) return false;
    if (e.operator === 'Exists') return has(e.key);
    if (e.operator === 'DoesNotExist') return !has(e.key);
    const inValues = has(e.key) && values.includes(set[e.key]);
    return e.operator === 'In' ? inValues : !inValues;
  });
}

/**
 * The selector as labels.Selector's String() prints it (a Scale's status.selector): requirements
 * sorted by key, `k=v`, `k in (a,b)`, `k notin (a)`, `k`, `!k`, values sorted.
 */
export function selectorString(selector: JsonMap): string {
  const reqs: [string, string][] = Object.entries(
    isJsonMap(selector.matchLabels) ? selector.matchLabels : {},
  ).map(([k, v]) => [k, `${k}=${String(v)}`]);
  for (const e of jsonMapsOf(selector.matchExpressions)) {
    const key = String(e.key ?? '');
    const values = (jsonMapsOf(e.values) as unknown[]).map(String).sort().join(',');
    const text =
      e.operator === 'Exists'
        ? key
        : e.operator === 'DoesNotExist'
          ? `!${key}`
          : `${key} ${e.operator === 'NotIn' ? 'notin' : 'in'} (${values})`;
    reqs.push([key, text]);
  }
  return reqs
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, text]) => text)
    .join(',');
}
