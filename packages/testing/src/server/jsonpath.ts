/**
 * Kubernetes JSONPath (k8s.io/client-go/util/jsonpath) as CRD additionalPrinterColumns use it:
 * fields (`.status.phase`, `['a.b']`), wildcards (`[*]`, `.*`), indexes (`[0]`, `[-1]`),
 * slices (`[start:end:step]`, negative bounds count from the end, so
 * `.status.conditions[-1:].type` is the type of the last condition), unions (`[0,2]`,
 * `['a','b']`), recursive descent (`..reason`) and filters
 * (`.status.conditions[?(@.type=="Ready")].status`, with `==`, `!=`, `<`, `>`, `<=`, `>=` or
 * a bare `@.path` for existence).
 *
 * Semantics follow client-go's evaluator: a missing key yields no result (the apiserver's
 * table convertor allows missing keys); an out-of-range index or slice bound, indexing or
 * filtering a non-array, or comparing values of different types is an error; an empty slice
 * (`start == end`) yields no result. Templates (`range`, text between expressions) are not
 * supported: printer columns hold one path.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/jsonpath/jsonpath.go
 */

type Operand = { path: Step[] } | { literal: string | number | boolean };
type Operator = '==' | '!=' | '<' | '>' | '<=' | '>=';

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'recursive' }
  | { kind: 'slice'; start?: number; end?: number; step?: number; index: boolean }
  | { kind: 'union'; members: Step[] }
  | { kind: 'filter'; left: Operand; op?: Operator; right?: Operand };

const INT = /^-?\d+$/;
const NUMBER = /^-?\d+(\.\d+)?$/;

function parseInt10(text: string, path: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (!INT.test(t)) throw new Error(`jsonpath ${path}: "${t}" is not an integer`);
  return Number(t);
}

/** Splits `text` at `separator` characters outside quotes, brackets and parentheses. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === separator && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The index of the `]` closing the `[` at `open`, skipping quoted and nested text; -1 if none. */
function closingBracket(src: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < src.length; i++) {
    const c = src[i]!;
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') {
      depth--;
      if (depth === 0 && c === ']') return i;
    }
  }
  return -1;
}

function parseOperand(text: string, path: string): Operand {
  const t = text.trim();
  if (t.startsWith('@')) return { path: parseJsonPath(t.slice(1) || '.') };
  const quoted = /^'([^']*)'$/.exec(t) ?? /^"([^"]*)"$/.exec(t);
  if (quoted) return { literal: quoted[1]! };
  if (NUMBER.test(t)) return { literal: Number(t) };
  if (t === 'true' || t === 'false') return { literal: t === 'true' };
  throw new Error(`jsonpath ${path}: unrecognized filter operand "${t}"`);
}

/** The first comparison operator outside quotes in a filter expression, with its offset. */
function findOperator(expression: string): { op: Operator; at: number } | undefined {
  let quote = '';
  for (let i = 0; i < expression.length; i++) {
    const c = expression[i]!;
    if (quote) {
      if (c === quote) quote = '';
      continue;
    }
    if (c === "'" || c === '"') quote = c;
    const two = expression.slice(i, i + 2);
    if (two === '==' || two === '!=' || two === '<=' || two === '>=') return { op: two, at: i };
    if (c === '<' || c === '>') return { op: c, at: i };
  }
  return undefined;
}

function parseFilter(expression: string, path: string): Step {
  const found = findOperator(expression);
  if (!found) return { kind: 'filter', left: parseOperand(expression, path) };
  return {
    kind: 'filter',
    left: parseOperand(expression.slice(0, found.at), path),
    op: found.op,
    right: parseOperand(expression.slice(found.at + found.op.length), path),
  };
}

function parseSingle(body: string, path: string): Step {
  const quoted = /^\s*'([^']*)'\s*$/.exec(body) ?? /^\s*"([^"]*)"\s*$/.exec(body);
  if (quoted) return { kind: 'field', name: quoted[1]! };
  if (body.trim() === '*') return { kind: 'wildcard' };
  const parts = body.split(':');
  if (parts.length > 3) throw new Error(`jsonpath ${path}: invalid array index [${body}]`);
  const [start, end, step] = parts.map((p) => parseInt10(p, path));
  if (parts.length === 1) {
    if (start === undefined) throw new Error(`jsonpath ${path}: empty array index`);
    return { kind: 'slice', start, index: true };
  }
  return { kind: 'slice', start, end, step, index: false };
}

function parseBracket(body: string, path: string): Step {
  const filter = /^\s*\?\((.*)\)\s*$/s.exec(body);
  if (filter) return parseFilter(filter[1]!, path);
  const members = splitTopLevel(body, ',');
  if (members.length === 1) return parseSingle(body, path);
  return { kind: 'union', members: members.map((m) => parseSingle(m, path)) };
}

/** Parses a printer-column path such as `.status.conditions[-1:].type`; throws naming the fault. */
export function parseJsonPath(path: string): Step[] {
  const src = path.trim().replace(/^\{(.*)\}$/s, '$1');
  const steps: Step[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '.' && src[i + 1] === '.') {
      steps.push({ kind: 'recursive' });
      i += 1;
    } else if (c === '.') {
      const m = /^[^.[\]]*/.exec(src.slice(i + 1))![0];
      if (m === '' && i === 0 && src.length === 1) break; // `.` is the whole object
      if (m === '') throw new Error(`jsonpath ${path}: empty field name at offset ${i}`);
      steps.push(m === '*' ? { kind: 'wildcard' } : { kind: 'field', name: m });
      i += 1 + m.length;
    } else if (c === '[') {
      const close = closingBracket(src, i);
      if (close < 0) throw new Error(`jsonpath ${path}: unclosed [ at offset ${i}`);
      steps.push(parseBracket(src.slice(i + 1, close), path));
      i = close + 1;
    } else {
      throw new Error(`jsonpath ${path}: unexpected "${c}" at offset ${i}`);
    }
  }
  return steps;
}

function sliceOf(arr: unknown[], s: Extract<Step, { kind: 'slice' }>): unknown[] {
  const len = arr.length;
  let start = s.start ?? 0;
  if (start < 0) start += len;
  let end = s.index ? start + 1 : (s.end ?? len);
  if (!s.index && end < 0) end += len;
  if (end === start) return [];
  if (start < 0 || start >= len || end < 0 || end > len) {
    throw new Error(
      `array index out of bounds: index ${start < 0 || start >= len ? start : end - 1}, length ${len}`,
    );
  }
  if (start > end) throw new Error(`starting index ${start} is greater than ending index ${end}`);
  const step = s.step ?? 1;
  if (step <= 0) throw new Error('step must be > 0');
  return arr.slice(start, end).filter((_, k) => k % step === 0);
}

/** `value` and everything below it that has children, in document order (evalRecursive). */
function descendants(value: unknown, out: unknown[]): void {
  if (value === null || typeof value !== 'object') return;
  const children = Array.isArray(value) ? value : Object.values(value);
  if (!children.length) return;
  out.push(value);
  for (const child of children) descendants(child, out);
}

function operandValues(operand: Operand, element: unknown): unknown[] {
  return 'literal' in operand ? [operand.literal] : findJsonPath(element, operand.path);
}

function compare(left: unknown, op: Operator, right: unknown): boolean {
  const kind = typeof left;
  if (kind !== typeof right || !['string', 'number', 'boolean'].includes(kind))
    throw new Error(`incompatible types for comparison: ${kind} and ${typeof right}`);
  if (op === '==') return left === right;
  if (op === '!=') return left !== right;
  if (kind === 'boolean') throw new Error('invalid type for comparison: boolean');
  const [l, r] = [left as string | number, right as string | number];
  return op === '<' ? l < r : op === '>' ? l > r : op === '<=' ? l <= r : l >= r;
}

function matches(step: Extract<Step, { kind: 'filter' }>, element: unknown): boolean {
  const lefts = operandValues(step.left, element);
  if (!step.op || !step.right) return lefts.length > 0;
  const rights = operandValues(step.right, element);
  if (!lefts.length || !rights.length) return false;
  if (lefts.length > 1 || rights.length > 1)
    throw new Error('can only compare one element at a time');
  return compare(lefts[0], step.op, rights[0]);
}

function apply(values: unknown[], step: Step): unknown[] {
  if (step.kind === 'union') return step.members.flatMap((m) => apply(values, m));
  const out: unknown[] = [];
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (step.kind === 'field') {
      if (typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, step.name)) {
        out.push((v as Record<string, unknown>)[step.name]);
      }
    } else if (step.kind === 'wildcard') {
      if (typeof v === 'object') out.push(...Object.values(v as object));
    } else if (step.kind === 'recursive') {
      descendants(v, out);
    } else if (step.kind === 'filter') {
      if (!Array.isArray(v))
        throw new Error(`${typeof v} is not array or slice and cannot be filtered`);
      out.push(...v.filter((element) => matches(step, element)));
    } else {
      if (!Array.isArray(v)) throw new Error(`${typeof v} is not array or slice`);
      out.push(...sliceOf(v, step));
    }
  }
  return out;
}

/** Every value `path` selects in `obj` (empty when a key is missing); throws on a bad index. */
export function findJsonPath(obj: unknown, path: string | Step[]): unknown[] {
  const steps = typeof path === 'string' ? parseJsonPath(path) : path;
  return steps.reduce<unknown[]>((values, step) => apply(values, step), [obj]);
}
