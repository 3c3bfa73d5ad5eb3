import { ReasonedError } from './reasoned-error';

/**
 * Why a selector was rejected:
 * - `Syntax`: the text does not follow the grammar (unexpected token, missing operator, ...).
 * - `InvalidKey`: a label key is not a qualified name.
 * - `InvalidValue`: a label value is malformed, a `>`/`<` value is not a 64-bit integer, or a
 *   field selector value has a bad escape sequence or an unescaped `,` / `=`.
 * - `InvalidOperator`: a `LabelSelector` requirement has an unknown operator.
 * - `InvalidValueCount`: a requirement has the wrong number of values for its operator
 *   (`In`/`NotIn` need at least one, `Exists`/`DoesNotExist` none).
 */
export type SelectorParseErrorReason =
  'Syntax' | 'InvalidKey' | 'InvalidValue' | 'InvalidOperator' | 'InvalidValueCount';

/** What {@link SelectorParseError} is built from. */
export interface SelectorParseErrorOptions {
  reason: SelectorParseErrorReason;
  /** Which kind of selector was being parsed. */
  kind: 'label' | 'field';
  /** The problem, worded as client-go words it (e.g. `found ',', expected: identifier`). */
  detail: string;
  /** The selector text, when the selector came from a string. */
  input?: string;
  /** 0-based index into `input` of the offending token. */
  position?: number;
  /** The path of the offending field of a `LabelSelector` object, e.g. `matchExpressions[0].values`. */
  field?: string;
  cause?: unknown;
}

/**
 * A label or field selector that could not be parsed or built. For text input the message shows
 * the input with a caret under the offending position:
 *
 * ```text
 * unable to parse label selector "a in (x,y" at position 9: found '', expected: ',' or ')'
 *   a in (x,y
 *            ^
 * ```
 *
 * An API server answers such an error with 400 BadRequest; {@link SelectorParseError.detail}
 * carries the client-go wording for that message.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/labels/selector.go
 */
export class SelectorParseError extends ReasonedError<SelectorParseErrorReason> {
  static override readonly brand: string = '@kubekit/apimachinery/SelectorParseError';

  /** `label` or `field`. */
  readonly kind: 'label' | 'field';
  /** The problem without input or position, as client-go words it. */
  readonly detail: string;
  /** The selector text, or `undefined` for a `LabelSelector` object. */
  readonly input: string | undefined;
  /** 0-based index into {@link SelectorParseError.input} of the offending token, if any. */
  readonly position: number | undefined;
  /** Path of the offending field of a `LabelSelector` object, if any. */
  readonly field: string | undefined;

  constructor(options: SelectorParseErrorOptions) {
    super(options.reason, describe(options), { cause: options.cause });
    this.kind = options.kind;
    this.detail = options.detail;
    this.input = options.input;
    this.position = options.position;
    this.field = options.field;
  }
}

function describe(o: SelectorParseErrorOptions): string {
  if (o.input === undefined) {
    return `invalid ${o.kind} selector${o.field ? ` at ${o.field}` : ''}: ${o.detail}`;
  }
  const where = o.position === undefined ? '' : ` at position ${o.position}`;
  const head = `unable to parse ${o.kind} selector ${JSON.stringify(o.input)}${where}: ${o.detail}`;
  if (o.position === undefined) return head;
  // whitespace shown as spaces so that the caret lines up
  return `${head}\n  ${o.input.replace(/[\t\r\n]/g, ' ')}\n  ${' '.repeat(o.position)}^`;
}
