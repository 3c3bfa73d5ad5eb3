import { SelectorParseError, type SelectorParseErrorReason } from '../selector-parse-error';
import { labelKeyProblem, valuesProblem, type RequirementOperator } from './requirement-rules';

/** A requirement as parsed: values de-duplicated and sorted, as labels.Parse leaves them. */
export interface ParsedRequirement {
  key: string;
  operator: RequirementOperator;
  values: string[];
}

type Tok = 'eos' | 'id' | 'in' | 'notin' | '(' | ')' | ',' | '!' | '=' | '==' | '!=' | '>' | '<';

interface Token {
  tok: Tok;
  lit: string;
  /** 0-based index of the token's first character in the input. */
  pos: number;
}

/** Whitespace (skipped), special symbols, and identifiers: runs of anything else. */
const whitespaceRun = /[ \t\r\n]*/y;
const symbol = /!=|==|[=!(),><]/y;
const identifier = /[^ \t\r\n=!(),><]+/y;

/** Matches `re` (sticky) at `pos`; returns the match or `''`. */
function matchAt(re: RegExp, input: string, pos: number): string {
  re.lastIndex = pos;
  return re.exec(input)?.[0] ?? '';
}

/**
 * Splits the input into tokens (without the end of string); identifiers run until whitespace or
 * a special symbol; symbols take the longest match (`!=`, `==` before `!`, `=`).
 */
function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let pos = matchAt(whitespaceRun, input, 0).length;
  while (pos < input.length) {
    const sym = matchAt(symbol, input, pos);
    const lit = sym || matchAt(identifier, input, pos);
    const tok: Tok = sym ? (sym as Tok) : lit === 'in' || lit === 'notin' ? lit : 'id';
    tokens.push({ tok, lit, pos });
    pos += lit.length;
    pos += matchAt(whitespaceRun, input, pos).length;
  }
  return tokens;
}

/**
 * Where a token is read: after a key, `in` and `notin` are operators; everywhere else (keys,
 * values) they are plain identifiers, so `in in (in)` is a valid selector.
 */
type Context = 'operator' | 'value';

const binaryOperators: Partial<Record<Tok, RequirementOperator>> = {
  in: 'in',
  notin: 'notin',
  '=': '=',
  '==': '==',
  '!=': '!=',
  '>': 'gt',
  '<': 'lt',
};

/** Values with the position of the token each came from (for error positions). */
type Values = Map<string, number>;

class Parser {
  private next = 0;
  private readonly tokens: Token[];
  private readonly end: Token;

  constructor(private readonly input: string) {
    this.tokens = lex(input);
    this.end = { tok: 'eos', lit: '', pos: input.length };
  }

  parse(): ParsedRequirement[] {
    const requirements: ParsedRequirement[] = [];
    for (;;) {
      const t = this.peek('value');
      if (t.tok === 'eos') return requirements;
      if (t.tok !== 'id' && t.tok !== '!') {
        throw this.fail(t, `found '${t.lit}', expected: !, identifier, or 'end of string'`);
      }
      requirements.push(this.requirement());
      const after = this.take('value');
      if (after.tok === 'eos') return requirements;
      if (after.tok !== ',') {
        throw this.fail(after, `found '${after.lit}', expected: ',' or 'end of string'`);
      }
      const t2 = this.peek('value');
      if (t2.tok !== 'id' && t2.tok !== '!') {
        throw this.fail(t2, `found '${t2.lit}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): ParsedRequirement {
    let t = this.take('value');
    const negated = t.tok === '!';
    if (negated) t = this.take('value');
    if (t.tok !== 'id') throw this.failRequirement(t, `found '${t.lit}', expected: identifier`);
    const key = t.lit;
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) throw this.failRequirement(t, keyProblem.detail, keyProblem.reason);
    const la = this.peek('value');
    // `!key` ends the requirement whatever follows; the caller reports a stray operator
    if (negated) return { key, operator: '!', values: [] };
    if (la.tok === 'eos' || la.tok === ',') return { key, operator: 'exists', values: [] };

    const opTok = this.take('operator');
    const operator = binaryOperators[opTok.tok];
    if (!operator) {
      throw this.failRequirement(
        opTok,
        `found '${opTok.lit}', expected: in, notin, =, ==, !=, gt, lt`,
      );
    }
    const found = operator === 'in' || operator === 'notin' ? this.valueSet() : this.exactValue();
    const values = [...found.keys()].sort();
    const problem = valuesProblem(key, operator, values);
    if (problem) {
      const value = problem.valueIndex === undefined ? undefined : values[problem.valueIndex];
      const pos = value === undefined ? t.pos : (found.get(value) ?? t.pos);
      throw this.failRequirement({ pos }, problem.detail, problem.reason);
    }
    return { key, operator, values };
  }

  /** `( a, b, c )`; empty entries (`()`, `(a,)`, `(,a)`, `(a,,b)`) stand for the empty value. */
  private valueSet(): Values {
    const open = this.take('value');
    if (open.tok !== '(') throw this.failRequirement(open, `found '${open.lit}' expected: '('`);
    const values: Values = new Map();
    const add = (v: string, pos: number): void => {
      if (!values.has(v)) values.set(v, pos);
    };
    const first = this.peek('value');
    if (first.tok === ')') {
      this.take('value');
      add('', first.pos);
      return values;
    }
    if (first.tok !== 'id' && first.tok !== ',') {
      throw this.failRequirement(first, `found '${first.lit}', expected: ',', ')' or identifier`);
    }
    for (;;) {
      const t = this.take('value');
      if (t.tok === 'id') {
        add(t.lit, t.pos);
        const t2 = this.peek('value');
        if (t2.tok === ')') break;
        if (t2.tok !== ',') {
          throw this.failRequirement(t2, `found '${t2.lit}', expected: ',' or ')'`);
        }
      } else if (t.tok === ',') {
        if (values.size === 0) add('', t.pos);
        const t2 = this.peek('value');
        if (t2.tok === ')' || t2.tok === ',') add('', t2.pos);
        if (t2.tok === ')') break;
      } else {
        throw this.failRequirement(t, `found '${t.lit}', expected: ',', or identifier`);
      }
    }
    this.take('value'); // the ')' seen above
    return values;
  }

  /** The value after `=`, `==`, `!=`, `>`, `<`; nothing before `,` or the end means `''`. */
  private exactValue(): Values {
    const la = this.peek('value');
    if (la.tok === 'eos' || la.tok === ',') return new Map([['', la.pos]]);
    const t = this.take('value');
    if (t.tok !== 'id') throw this.failRequirement(t, `found '${t.lit}', expected: identifier`);
    return new Map([[t.lit, t.pos]]);
  }

  private peek(context: Context): Token {
    const t = this.tokens[this.next] ?? this.end;
    return context === 'value' && (t.tok === 'in' || t.tok === 'notin') ? { ...t, tok: 'id' } : t;
  }

  private take(context: Context): Token {
    const t = this.peek(context);
    this.next++;
    return t;
  }

  private failRequirement(
    at: { pos: number },
    detail: string,
    reason: SelectorParseErrorReason = 'Syntax',
  ): SelectorParseError {
    return this.fail(at, `unable to parse requirement: ${detail}`, reason);
  }

  private fail(
    at: { pos: number },
    detail: string,
    reason: SelectorParseErrorReason = 'Syntax',
  ): SelectorParseError {
    return new SelectorParseError({
      reason,
      kind: 'label',
      detail,
      input: this.input,
      position: at.pos,
    });
  }
}

/**
 * Parses the labels.Parse grammar into requirements, sorted by key (stable), values sorted and
 * de-duplicated. Throws {@link SelectorParseError} with the position of the offending token.
 */
export function parseLabelRequirements(input: string): ParsedRequirement[] {
  const requirements = new Parser(input).parse();
  return requirements.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
