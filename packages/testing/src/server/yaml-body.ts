import { CST, Lexer, parse } from 'yaml';
import { MaxNestingDepth } from '../limits';

/**
 * A YAML body this server refuses to build: nested deeper than {@link MaxNestingDepth}, or
 * expanding aliases beyond the parser's alias budget (a "billion laughs" document).
 */
export class YamlLimitError extends Error {
  override readonly name = 'YamlLimitError';
}

/** Indicators that open a block collection (in block context: `- `, `? `, `key: `). */
const blockIndicators = new Set(['seq-item-ind', 'explicit-key-ind', 'map-value-ind']);

/** Tokens that start no content: indentation, line ends, comments, stream markers. */
const layoutTokens = new Set(['space', 'newline', 'comment', 'doc-mode', 'byte-order-mark']);

/**
 * An upper bound of the nesting depth of a YAML text, from one pass of the lexer (constant
 * memory, stops as soon as `limit` is passed): flow collections are counted exactly, block
 * nesting is bounded by the indentation levels open on a line plus its block indicators
 * (`- - x` nests twice on one line). Flow content spread over indented lines may count twice.
 */
function exceedsDepth(text: string, limit: number): boolean {
  let flow = 0;
  let indicators = 0;
  let indent = 0;
  let lineStart = true;
  let scalarSource = false;
  const indents: number[] = [];
  for (const token of new Lexer().lex(text)) {
    if (scalarSource) {
      // the source of a scalar follows its marker token; block scalar bodies look like spaces
      scalarSource = false;
      continue;
    }
    const type = CST.tokenType(token);
    if (type === 'newline') {
      lineStart = true;
      indicators = 0;
      indent = 0;
      continue;
    }
    if (type !== null && layoutTokens.has(type)) {
      if (type === 'space' && lineStart) indent = token.length;
      continue;
    }
    if (lineStart) {
      lineStart = false;
      while (indents.length > 0 && indents[indents.length - 1]! >= indent) indents.pop();
      indents.push(indent);
    }
    if (type === 'scalar') scalarSource = true;
    else if (type === 'flow-map-start' || type === 'flow-seq-start') flow++;
    else if (type === 'flow-map-end' || type === 'flow-seq-end') flow--;
    else if (flow === 0 && blockIndicators.has(type!)) indicators++;
    if (flow + indents.length + indicators > limit) return true;
  }
  return false;
}

/**
 * Parses a YAML request body into plain JSON values (`undefined` for an empty document).
 * Checks the nesting depth before the parser builds anything: the parser holds about a
 * kilobyte per level and its composer recurses, so a 2 MB body of `[` cost 1.2 GB and half a
 * minute before this check.
 *
 * Errors: the parser's YAMLError for bad syntax; {@link YamlLimitError} beyond the bounds.
 */
export function parseYamlBody(text: string): unknown {
  if (exceedsDepth(text, MaxNestingDepth))
    throw new YamlLimitError(`exceeded max depth of ${MaxNestingDepth}`);
  try {
    return parse(text, { logLevel: 'error' });
  } catch (err) {
    // the parser's alias budget (maxAliasCount) throws a plain ReferenceError
    if (err instanceof ReferenceError) throw new YamlLimitError('excessive aliasing');
    throw err;
  }
}
