/**
 * The subset of Kubernetes JSONPath (k8s.io/client-go/util/jsonpath) that CRD
 * additionalPrinterColumns use: fields (`.status.phase`, `['a.b']`), wildcards (`[*]`, `.*`),
 * indexes (`[0]`, `[-1]`) and slices (`[start:end:step]`, negative bounds count from the end,
 * so `.status.conditions[-1:].type` is the type of the last condition).
 *
 * Semantics follow client-go's evaluator: a missing key yields no result (the apiserver's
 * table convertor allows missing keys); an out-of-range index or slice bound, or indexing a
 * non-array, is an error; an empty slice (`start == end`) yields no result.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/util/jsonpath/jsonpath.go
 */

type Step =
  | { kind: 'field'; name: string }
  | { kind: 'wildcard' }
  | { kind: 'slice'; start?: number; end?: number; step?: number; index: boolean };

const INT = /^-?\d+$/;

function parseInt10(text: string, path: string): number | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  if (!INT.test(t)) throw new Error(`jsonpath ${path}: "${t}" is not an integer`);
  return Number(t);
}

function parseBracket(body: string, path: string): Step {
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

/** Parses a printer-column path such as `.status.conditions[-1:].type`; throws naming the fault. */
export function parseJsonPath(path: string): Step[] {
  const src = path.trim().replace(/^\{(.*)\}$/s, '$1');
  const steps: Step[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === '.') {
      const m = /^[^.[\]]*/.exec(src.slice(i + 1))![0];
      if (m === '' && i === 0 && src.length === 1) break; // `.` is the whole object
      if (m === '') throw new Error(`jsonpath ${path}: empty field name at offset ${i}`);
      steps.push(m === '*' ? { kind: 'wildcard' } : { kind: 'field', name: m });
      i += 1 + m.length;
    } else if (c === '[') {
      const close = src.indexOf(']', i);
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

function apply(values: unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (v === null || v === undefined) continue;
    if (step.kind === 'field') {
      if (typeof v === 'object' && !Array.isArray(v) && Object.hasOwn(v, step.name)) {
        out.push((v as Record<string, unknown>)[step.name]);
      }
    } else if (step.kind === 'wildcard') {
      if (typeof v === 'object') out.push(...Object.values(v as object));
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
