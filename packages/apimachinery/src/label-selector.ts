import { SelectorParseError } from './selector-parse-error';
import { parseInt64, requirementProblem } from './internal/requirement-rules';
import type { RequirementOperator } from './internal/requirement-rules';
import { parseLabelRequirements } from './internal/label-selector-parser';

/**
 * Label selectors (k8s.io/apimachinery/pkg/labels): parse the query-string grammar, build from
 * `LabelSelector` objects or label sets, match labels, and print the canonical form.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/labels/selector.go
 */

export type { RequirementOperator };

/**
 * One condition on one label: `key=value`, `key in (a,b)`, `key`, `!key`, `key>1`, ...
 * Operators are selection.Operator's strings: `exists` is a bare key, `!` is `!key`.
 */
export interface Requirement {
  key: string;
  operator: RequirementOperator;
  /** One value for `=`, `==`, `!=`, `gt`, `lt`; one or more for `in`/`notin`; none for `exists`/`!`. */
  values: string[];
}

/** A set of requirements that must all hold (AND). Immutable. */
export interface Selector {
  /** True when every requirement holds for `labels` (`undefined` means no labels). */
  matches(labels: Readonly<Record<string, string>> | undefined): boolean;
  /** True when the selector has no requirements (it matches everything). */
  empty(): boolean;
  /** The requirements, sorted by key. Frozen. */
  requirements(): readonly Requirement[];
  /**
   * The canonical text client-go prints (`labels.Selector.String()`): requirements sorted by key,
   * joined by `,`, set values sorted: `app=web,tier in (a,b),!canary`. Parses back to an equal
   * selector; {@link nothing} prints `''`, as in client-go.
   */
  toString(): string;
  /**
   * The value `key` must have when the selector pins it with `=`, `==` or a one-value `in`;
   * `undefined` otherwise (lets a store use an index instead of a scan).
   */
  requiresExactMatch(key: string): string | undefined;
  /**
   * A new selector with `requirements` added (Selector.Add); this one is unchanged. Each is
   * validated as {@link newRequirement} validates (throws SelectorParseError). Adding to
   * {@link nothing} is still nothing.
   */
  add(...requirements: readonly Requirement[]): Selector;
  /**
   * True when the selector can match no object at all ({@link nothing}; client-go's
   * `Requirements()` reporting `selectable == false`). An empty selector matches everything.
   */
  matchesNothing(): boolean;
}

const operatorText: Record<RequirementOperator, string> = {
  '=': '=',
  '==': '==',
  '!=': '!=',
  in: ' in ',
  notin: ' notin ',
  gt: '>',
  lt: '<',
  exists: '',
  '!': '',
};

/**
 * Whether `r` holds for `labels` (Requirement.Matches). `bound` is the parsed value of a
 * `gt`/`lt` requirement (`undefined` when it is not a 64-bit integer: never matches).
 */
function requirementMatches(
  r: Requirement,
  bound: bigint | undefined,
  labels: Readonly<Record<string, string>>,
): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      const actual = value === undefined ? undefined : parseInt64(value);
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

function requirementText(r: Requirement): string {
  const head = `${r.operator === '!' ? '!' : ''}${r.key}${operatorText[r.operator]}`;
  if (r.operator === 'exists' || r.operator === '!') return head;
  const values = r.values.length === 1 ? (r.values[0] ?? '') : [...r.values].sort().join(',');
  return r.operator === 'in' || r.operator === 'notin' ? `${head}(${values})` : `${head}${values}`;
}

const byKey = (a: Requirement, b: Requirement): number =>
  a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/**
 * A validated requirement (labels.NewRequirement): the key is a qualified name; `in`/`notin`
 * have at least one value, `=`/`==`/`!=` exactly one, `exists`/`!` none, `gt`/`lt` one 64-bit
 * integer; every value is a label value.
 *
 * @throws {@link SelectorParseError} (`InvalidKey`, `InvalidOperator`, `InvalidValueCount`,
 *   `InvalidValue`) whose `field` is the part at fault (`key`, `values[0]`) and whose detail
 *   uses client-go's path and wording (`values[0][tier]: Invalid value: "a b": ...`).
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/labels/selector.go
 */
export function newRequirement(
  key: string,
  operator: RequirementOperator,
  values: readonly string[] = [],
): Requirement {
  const problem = requirementProblem(key, operator, values);
  if (problem)
    throw new SelectorParseError({
      reason: problem.reason,
      kind: 'label',
      detail: problem.detail,
      field: problem.field,
    });
  return freeze({ key, operator, values: [...values] });
}

const freeze = (r: Requirement): Requirement =>
  Object.freeze({
    key: r.key,
    operator: r.operator,
    values: Object.freeze([...r.values]) as string[],
  });

class RequirementsSelector implements Selector {
  private readonly reqs: readonly Requirement[];
  /** The integer bound of each `gt`/`lt` requirement, parsed once. */
  private readonly bounds: (bigint | undefined)[];

  /** `requirements` must be valid; they are copied, frozen and sorted by key (stably). */
  constructor(requirements: readonly Requirement[]) {
    this.reqs = Object.freeze(requirements.map(freeze).sort(byKey));
    this.bounds = this.reqs.map((r) =>
      (r.operator === 'gt' || r.operator === 'lt') && r.values.length === 1
        ? parseInt64(r.values[0] ?? '')
        : undefined,
    );
  }

  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    const ls = labels ?? {};
    for (let i = 0; i < this.reqs.length; i++) {
      const r = this.reqs[i];
      if (r && !requirementMatches(r, this.bounds[i], ls)) return false;
    }
    return true;
  }

  empty(): boolean {
    return this.reqs.length === 0;
  }

  requirements(): readonly Requirement[] {
    return this.reqs;
  }

  toString(): string {
    return this.reqs.map(requirementText).join(',');
  }

  requiresExactMatch(key: string): string | undefined {
    const r = this.reqs.find((x) => x.key === key);
    if (!r || r.values.length !== 1) return undefined;
    return r.operator === '=' || r.operator === '==' || r.operator === 'in'
      ? r.values[0]
      : undefined;
  }

  add(...requirements: readonly Requirement[]): Selector {
    const added = requirements.map((r) => newRequirement(r.key, r.operator, r.values));
    return new RequirementsSelector([...this.reqs, ...added]);
  }

  matchesNothing(): boolean {
    return false;
  }
}

const everythingSelector: Selector = new RequirementsSelector([]);

const nothingSelector: Selector = Object.freeze({
  matches: () => false,
  empty: () => false,
  requirements: () => Object.freeze([]),
  toString: () => '',
  requiresExactMatch: () => undefined,
  add: () => nothingSelector,
  matchesNothing: () => true,
});

/** A selector with no requirements: matches every object (labels.Everything). */
export function everything(): Selector {
  return everythingSelector;
}

/** A selector that matches no object (labels.Nothing); it is not `empty()` and prints `''`. */
export function nothing(): Selector {
  return nothingSelector;
}

/**
 * Parses a label selector (labels.Parse). `''` (or only whitespace) selects everything.
 *
 * Grammar: requirements separated by `,`, each one of `key=value`, `key==value`, `key!=value`,
 * `key in (v1,v2)`, `key notin (v1)`, `key` (exists), `!key` (does not exist), `key>N`, `key<N`
 * (64-bit integers). Whitespace around tokens is ignored. An omitted value is the empty string
 * (`a=`, `a in ()`, `a in (x,)`). Keys must be qualified names (`example.com/name`), values valid
 * label values.
 *
 * @throws {@link SelectorParseError} with `position` (0-based) of the offending token and a
 *   `reason`: `Syntax`, `InvalidKey` or `InvalidValue`.
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/labels/selector.go
 */
export function parseSelector(text: string): Selector {
  const requirements = parseLabelRequirements(text);
  return requirements.length === 0 ? everythingSelector : new RequirementsSelector(requirements);
}

/**
 * A selector requiring exactly these labels (labels.SelectorFromSet); `{}` selects everything.
 * Like client-go it does not validate: invalid keys or values are rejected by the server.
 */
export function selectorFromSet(set: Readonly<Record<string, string>> | undefined): Selector {
  const entries = Object.entries(set ?? {});
  if (entries.length === 0) return everythingSelector;
  return new RequirementsSelector(
    entries.map(([key, value]) => ({ key, operator: '=', values: [value] })),
  );
}

/** A `LabelSelector` requirement operator (metav1.LabelSelectorOperator). */
export type LabelSelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';

/** One expression of a `LabelSelector` (metav1.LabelSelectorRequirement). */
export interface LabelSelectorRequirement {
  key: string;
  operator: LabelSelectorOperator;
  /** Non-empty for `In`/`NotIn`, empty or absent for `Exists`/`DoesNotExist`. */
  values?: string[];
}

/** The selector object of API fields such as `spec.selector` (metav1.LabelSelector). */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

const fromLabelSelectorOperator: Record<string, RequirementOperator> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/**
 * Converts a `LabelSelector` object to a selector (metav1.LabelSelectorAsSelector):
 * `null`/`undefined` selects nothing, `{}` selects everything, otherwise all of `matchLabels`
 * and `matchExpressions` must hold.
 *
 * @throws {@link SelectorParseError} (no `input`/`position`; `field` names the culprit, e.g.
 *   `matchExpressions[1].values`) for an invalid key or value (`InvalidKey`, `InvalidValue`), an
 *   unknown operator (`InvalidOperator`) or a wrong number of values (`InvalidValueCount`).
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/apis/meta/v1/helpers.go
 */
export function selectorFromLabelSelector(ls: LabelSelector | null | undefined): Selector {
  if (ls === null || ls === undefined) return nothingSelector;
  const labels = Object.entries(ls.matchLabels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  const expressions = ls.matchExpressions ?? [];
  if (labels.length + expressions.length === 0) return everythingSelector;

  const requirements: Requirement[] = [];
  /** Validates `r` like labels.NewRequirement; `fieldOf` places a problem in the object. */
  const check = (r: Requirement, fieldOf: (problemField: string) => string): void => {
    const problem = requirementProblem(r.key, r.operator, r.values);
    if (problem) {
      throw new SelectorParseError({
        reason: problem.reason,
        kind: 'label',
        detail: problem.detail,
        field: fieldOf(problem.field),
      });
    }
    requirements.push(r);
  };
  for (const [key, value] of labels) {
    check({ key, operator: '=', values: [value] }, (f) =>
      f === 'key' ? 'matchLabels' : `matchLabels[${key}]`,
    );
  }
  expressions.forEach((e, i) => {
    const operator = fromLabelSelectorOperator[e.operator];
    if (!operator) {
      throw new SelectorParseError({
        reason: 'InvalidOperator',
        kind: 'label',
        detail: `${JSON.stringify(e.operator)} is not a valid label selector operator`,
        field: `matchExpressions[${i}].operator`,
      });
    }
    check(
      { key: e.key, operator, values: [...(e.values ?? [])] },
      (f) => `matchExpressions[${i}].${f}`,
    );
  });
  return new RequirementsSelector(requirements);
}
