import { SelectorParseError } from './selector-parse-error';

/**
 * Field selectors (k8s.io/apimachinery/pkg/fields): `metadata.name=web,status.phase!=Running`.
 * Which fields a resource supports is up to the server (every resource supports
 * `metadata.name` and `metadata.namespace`).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/fields/selector.go
 */

/** One term of a field selector. `==` means the same as `=`. */
export interface FieldRequirement {
  field: string;
  operator: '=' | '==' | '!=';
  /** The unescaped value. */
  value: string;
}

/** Terms that must all hold (AND). Immutable. */
export interface FieldSelector {
  /**
   * True when every term holds for `fields` (field path -> value). A field that is absent counts
   * as `''`, as in client-go, so `spec.nodeName=` selects objects without a node.
   */
  matches(fields: Readonly<Record<string, string>>): boolean;
  /** True when the selector has no terms (it matches everything). */
  empty(): boolean;
  /** The terms; `==` is reported as `=`. Frozen. */
  requirements(): readonly FieldRequirement[];
  /**
   * The canonical text client-go prints: `field=value` / `field!=value` joined by `,`, values
   * escaped with {@link escapeFieldValue}. Parses back to an equal selector.
   */
  toString(): string;
  /** The value `field` must equal when a `=` term pins it, else `undefined`. */
  requiresExactMatch(field: string): string | undefined;
}

/**
 * Escapes a value for a field selector: `\` -> `\\`, `,` -> `\,`, `=` -> `\=`
 * (fields.EscapeValue).
 */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/**
 * Reverses {@link escapeFieldValue} (fields.UnescapeValue).
 *
 * @throws {@link SelectorParseError} (`InvalidValue`) for an unknown escape such as `\n`, a
 *   trailing `\`, or an unescaped `,` or `=`; `position` is relative to `value`.
 */
export function unescapeFieldValue(value: string): string {
  return unescapeAt(value, value, 0);
}

function unescapeAt(value: string, input: string, offset: number): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i] ?? '';
    const fail = (detail: string): SelectorParseError =>
      new SelectorParseError({
        reason: 'InvalidValue',
        kind: 'field',
        detail,
        input,
        position: offset + i,
      });
    if (c === '\\') {
      const next = value[i + 1];
      if (next !== '\\' && next !== ',' && next !== '=') {
        throw fail(`invalid field selector: invalid escape sequence: \\${next ?? ''}`);
      }
      out += next;
      i++;
    } else if (c === ',' || c === '=') {
      throw fail(`invalid field selector: unescaped character in value: ${c}`);
    } else {
      out += c;
    }
  }
  return out;
}

class TermsSelector implements FieldSelector {
  private readonly terms: readonly FieldRequirement[];

  constructor(terms: readonly FieldRequirement[]) {
    this.terms = Object.freeze(
      terms.map((t) =>
        Object.freeze({
          field: t.field,
          operator: t.operator === '!=' ? '!=' : '=',
          value: t.value,
        }),
      ),
    );
  }

  matches(fields: Readonly<Record<string, string>>): boolean {
    return this.terms.every((t) => {
      const actual = Object.hasOwn(fields, t.field) ? fields[t.field] : '';
      return t.operator === '!=' ? actual !== t.value : actual === t.value;
    });
  }

  empty(): boolean {
    return this.terms.length === 0;
  }

  requirements(): readonly FieldRequirement[] {
    return this.terms;
  }

  toString(): string {
    return this.terms
      .map((t) => `${t.field}${t.operator === '!=' ? '!=' : '='}${escapeFieldValue(t.value)}`)
      .join(',');
  }

  requiresExactMatch(field: string): string | undefined {
    return this.terms.find((t) => t.field === field && t.operator !== '!=')?.value;
  }
}

/** Splits at unescaped commas, keeping escapes; each part with its offset in the input. */
function splitTerms(text: string): { part: string; offset: number }[] {
  const parts: { part: string; offset: number }[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === ',') {
      parts.push({ part: text.slice(start, i), offset: start });
      start = i + 1;
    }
  }
  parts.push({ part: text.slice(start), offset: start });
  return parts;
}

/** `!=` and `==` are tried before `=` at each index, so `a==b` never leaves `=b` as the value. */
const termOperator = /!=|==|=/;

/**
 * Parses a field selector (fields.ParseSelector): terms `field=value`, `field==value` or
 * `field!=value` separated by `,`. The field is everything before the first operator (no
 * escaping, no trimming); in values `\`, `,` and `=` must be escaped with `\`. `''` selects
 * everything, and so do empty terms (`a=b,,` has one term; `=` has none). Terms are ordered by
 * their text, as client-go orders them.
 *
 * @throws {@link SelectorParseError} with `position`: `Syntax` for a term without an operator,
 *   `InvalidValue` for a bad escape or an unescaped `,`/`=` in a value.
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/fields/selector.go
 */
export function parseFieldSelector(text: string): FieldSelector {
  const parts = text === '' ? [] : splitTerms(text);
  parts.sort((a, b) => (a.part < b.part ? -1 : a.part > b.part ? 1 : 0));
  const terms: FieldRequirement[] = [];
  for (const { part, offset } of parts) {
    if (part === '') continue;
    const m = termOperator.exec(part);
    if (!m) {
      throw new SelectorParseError({
        reason: 'Syntax',
        kind: 'field',
        detail: `invalid selector: '${text}'; can't understand '${part}'`,
        input: text,
        position: offset,
      });
    }
    const operator = m[0] as FieldRequirement['operator'];
    const valueStart = m.index + operator.length;
    const field = part.slice(0, m.index);
    const value = unescapeAt(part.slice(valueStart), text, offset + valueStart);
    // a term with neither field nor value (`=`, `!=`) selects everything: dropped, as in client-go
    if (field !== '' || value !== '') terms.push({ field, operator, value });
  }
  return new TermsSelector(terms);
}

/**
 * A field set (fields.Set): field path to value, what {@link FieldSelector.matches} reads (a
 * resource's `metadata.name`, `status.phase`, ...).
 */
export type FieldSet = Readonly<Record<string, string>>;

/**
 * `a=b,c=d`, sorted (fields.Set.String). Values are not escaped, as in client-go: for a
 * selector to send, print {@link fieldSelectorFromSet} instead.
 */
export function fieldSetString(set: FieldSet): string {
  return Object.entries(set)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',');
}

/**
 * A selector requiring each field to equal its value (fields.SelectorFromSet, Set.AsSelector),
 * terms sorted by field; `{}` selects everything.
 */
export function fieldSelectorFromSet(set: FieldSet): FieldSelector {
  const fields = Object.keys(set).sort();
  return new TermsSelector(
    fields.map((field) => ({ field, operator: '=', value: set[field] ?? '' })),
  );
}
