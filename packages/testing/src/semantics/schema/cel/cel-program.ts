import { parse, plan, type CelInput, type CelResult } from '@bufbuild/cel';
import type { JSONSchemaProps } from '../json-schema-props';
import { costFunctionName, isDeclared, isKubernetesOnly, validationEnv } from './cel-library';

/**
 * Compilation of one CEL expression of an `x-kubernetes-validations` rule (its `rule` or its
 * `messageExpression`): parsed by @bufbuild/cel, then checked as far as a dynamically typed
 * evaluator can: every function is declared, every identifier is `self`, `oldSelf` (rules only)
 * or a comprehension variable, and every field selected from `self` / `oldSelf` through
 * declared properties exists in the schema. Errors read as cel-go's
 * (`ERROR: <input>:1:5: undefined field 'x'`, then the line and a caret).
 *
 * Not as kube: there is no type checking beyond field names (a type mismatch fails at
 * evaluation), and optional syntax (`?.`, `optional.of`) does not parse.
 */

type ParsedExpr = ReturnType<typeof parse>;
type Expr = ParsedExpr['expr'];

/** A compiled expression: evaluate it with `self` (and `oldSelf` for transition rules). */
export interface CompiledExpression {
  evaluate(vars: { self: CelInput; oldSelf?: CelInput }): CelResult;
  /** Whether the expression refers to `oldSelf` (a transition rule). */
  usesOldSelf: boolean;
}

/** Where an expression sits: its node's schema and whether that node is the resource root. */
export interface ExpressionScope {
  schema: JSONSchemaProps;
  isRoot: boolean;
  /** `oldSelf` is declared (rules, not message expressions). */
  allowOldSelf: boolean;
}

/** What the root of a resource exposes besides its schema's properties. */
const rootMeta: Record<string, JSONSchemaProps> = {
  apiVersion: { type: 'string' },
  kind: { type: 'string' },
  metadata: {
    type: 'object',
    properties: { name: { type: 'string' }, generateName: { type: 'string' } },
  },
};

const typeIdentifiers = new Set([
  'bool',
  'bytes',
  'double',
  'int',
  'list',
  'map',
  'null_type',
  'string',
  'type',
  'uint',
]);

interface Problem {
  offset: number;
  message: string;
}

/** cel-go's display of one problem: location, message, the source line and a caret under it. */
function display(source: string, p: Problem): string {
  const before = source.slice(0, p.offset);
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = p.offset - lineStart;
  const text = source.slice(lineStart).split('\n')[0];
  return `ERROR: <input>:${line}:${column + 1}: ${p.message}\n | ${text}\n | ${'.'.repeat(column)}^`;
}

/** The name a call resolves to: `f`, `x.f` for a method, `ns.f` for a qualified function. */
function qualifiedTarget(e: Expr | undefined, scope: Set<string>): string | undefined {
  if (!e) return undefined;
  if (e.exprKind.case === 'identExpr')
    return scope.has(e.exprKind.value.name) ? undefined : e.exprKind.value.name;
  if (e.exprKind.case === 'selectExpr') {
    const operand = qualifiedTarget(e.exprKind.value.operand, scope);
    return operand === undefined ? undefined : `${operand}.${e.exprKind.value.field}`;
  }
  return undefined;
}

class Checker {
  readonly problems: Problem[] = [];
  usesOldSelf = false;

  constructor(
    private readonly source: string,
    private readonly scope: ExpressionScope,
    private readonly positions: Record<string, number>,
  ) {}

  private at(e: Expr): number {
    return this.positions[String(e.id)] ?? 0;
  }

  /** The schema a select chain from self/oldSelf reaches, `undefined` where it is dynamic. */
  private schemaOf(e: Expr, bound: Set<string>): JSONSchemaProps | undefined {
    if (e.exprKind.case === 'identExpr') {
      const name = e.exprKind.value.name;
      return !bound.has(name) && (name === 'self' || name === 'oldSelf')
        ? this.scope.schema
        : undefined;
    }
    if (e.exprKind.case !== 'selectExpr' || !e.exprKind.value.operand) return undefined;
    const operand = e.exprKind.value.operand;
    const parent = this.schemaOf(operand, bound);
    const ofRoot = this.scope.isRoot && operand.exprKind.case === 'identExpr';
    return parent && this.field(parent, e.exprKind.value.field, ofRoot, e);
  }

  private field(
    s: JSONSchemaProps,
    name: string,
    isRoot: boolean,
    e: Expr,
  ): JSONSchemaProps | undefined {
    if (isRoot && Object.hasOwn(rootMeta, name)) return rootMeta[name];
    if (s.properties && Object.keys(s.properties).length > 0) {
      if (Object.hasOwn(s.properties, name)) return s.properties[name];
      if (!s['x-kubernetes-preserve-unknown-fields'])
        this.problems.push({ offset: this.at(e), message: `undefined field '${name}'` });
      return undefined;
    }
    return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
  }

  visit(e: Expr | undefined, bound: Set<string>): void {
    if (!e) return;
    const k = e.exprKind;
    switch (k.case) {
      case 'identExpr':
        return this.ident(e, k.value.name, bound);
      case 'selectExpr':
        this.schemaOf(e, bound);
        return this.visit(k.value.operand, bound);
      case 'callExpr': {
        const qualified = qualifiedTarget(k.value.target, bound);
        const name = k.value.function;
        if (qualified !== undefined && isDeclared(`${qualified}.${name}`)) {
          k.value.args.forEach((a) => this.visit(a, bound));
          return;
        }
        this.call(e, qualified !== undefined ? `${qualified}.${name}` : name, name);
        this.visit(k.value.target, bound);
        k.value.args.forEach((a) => this.visit(a, bound));
        return;
      }
      case 'listExpr':
        return k.value.elements.forEach((x) => this.visit(x, bound));
      case 'structExpr':
        return k.value.entries.forEach((x) => {
          if (x.keyKind.case === 'mapKey') this.visit(x.keyKind.value, bound);
          this.visit(x.value, bound);
        });
      case 'comprehensionExpr': {
        const c = k.value;
        this.visit(c.iterRange, bound);
        this.visit(c.accuInit, bound);
        const inner = new Set([...bound, c.iterVar, c.iterVar2, c.accuVar].filter((v) => v));
        this.visit(c.loopCondition, inner);
        this.visit(c.loopStep, inner);
        this.visit(c.result, new Set([...bound, c.accuVar]));
        return;
      }
      default:
        return;
    }
  }

  private ident(e: Expr, name: string, bound: Set<string>): void {
    if (bound.has(name) || name === 'self' || typeIdentifiers.has(name)) return;
    if (name === 'oldSelf' && this.scope.allowOldSelf) {
      this.usesOldSelf = true;
      return;
    }
    this.problems.push({
      offset: this.at(e),
      message: `undeclared reference to '${name}' (in container '')`,
    });
  }

  private call(e: Expr, qualified: string, name: string): void {
    if (isDeclared(name)) return;
    // cel-go places a call at its opening parenthesis.
    const open = this.source.indexOf('(', this.at(e));
    const reported = isKubernetesOnly(qualified) ? qualified : name;
    const message = isKubernetesOnly(reported)
      ? `undeclared reference to '${reported}' (in container ''): @kubekit/testing does not implement this Kubernetes CEL function (docs/testing.md, known differences)`
      : `undeclared reference to '${reported}' (in container '')`;
    this.problems.push({ offset: open < 0 ? this.at(e) : open, message });
  }
}

/** Every comprehension charges one cost unit per iteration (see cel-cost.ts). */
function instrument(e: Expr | undefined): void {
  if (!e) return;
  const k = e.exprKind;
  if (k.case === 'comprehensionExpr') {
    const c = k.value;
    [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].forEach(instrument);
    if (c.loopCondition) {
      c.loopCondition = {
        ...c.loopCondition,
        exprKind: {
          case: 'callExpr',
          value: {
            $typeName: 'cel.expr.Expr.Call',
            function: costFunctionName,
            args: [c.loopCondition],
          },
        },
      } as Expr;
    }
  } else if (k.case === 'callExpr') {
    instrument(k.value.target);
    k.value.args.forEach(instrument);
  } else if (k.case === 'selectExpr') instrument(k.value.operand);
  else if (k.case === 'listExpr') k.value.elements.forEach(instrument);
  else if (k.case === 'structExpr') {
    k.value.entries.forEach((x) => {
      if (x.keyKind.case === 'mapKey') instrument(x.keyKind.value);
      instrument(x.value);
    });
  }
}

const cache = new WeakMap<JSONSchemaProps, Map<string, CompiledExpression | string>>();

/**
 * Compiles `source` in `scope`; returns the program or kube's `compilation failed: ...` text.
 * Results are cached per schema node (as long as it lives) and source.
 */
export function compileExpression(
  source: string,
  scope: ExpressionScope,
): CompiledExpression | string {
  let bySource = cache.get(scope.schema);
  if (!bySource) cache.set(scope.schema, (bySource = new Map()));
  const key = `${scope.isRoot}:${scope.allowOldSelf}:${source}`;
  let compiled = bySource.get(key);
  if (compiled === undefined) {
    compiled = compileUncached(source, scope);
    bySource.set(key, compiled);
  }
  return compiled;
}

function compileUncached(source: string, scope: ExpressionScope): CompiledExpression | string {
  let parsed: ParsedExpr;
  try {
    parsed = parse(source);
  } catch (err) {
    const message =
      err instanceof RangeError ? 'expression nested too deeply' : (err as Error).message;
    return `compilation failed: ERROR: ${message}`;
  }
  const checker = new Checker(source, scope, parsed.sourceInfo?.positions ?? {});
  try {
    checker.visit(parsed.expr, new Set());
  } catch {
    return 'compilation failed: ERROR: expression nested too deeply';
  }
  if (checker.problems.length > 0) {
    return `compilation failed: ${checker.problems.map((p) => display(source, p)).join('\n')}`;
  }
  instrument(parsed.expr);
  const program = plan(validationEnv, parsed) as (ctx: Record<string, CelInput>) => CelResult;
  return {
    usesOldSelf: checker.usesOldSelf,
    evaluate: (vars) => program(vars.oldSelf === undefined ? { self: vars.self } : vars),
  };
}
