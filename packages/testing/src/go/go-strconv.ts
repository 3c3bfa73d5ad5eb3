/**
 * Go's strconv.ParseInt / ParseUint (base 10, 64 bits) and strconv.Quote, for the places where
 * kube-apiserver answers with their error text (`strconv.ParseInt: parsing "abc": invalid
 * syntax`): query parameters, resourceVersions.
 *
 * @see https://pkg.go.dev/strconv#ParseInt
 */

/** A number Go would not parse; `message` is Go's error text. */
export class GoNumError extends Error {
  override readonly name = 'GoNumError';
}

const maxUint64 = (1n << 64n) - 1n;

function numError(fn: string, s: string, what: 'invalid syntax' | 'value out of range'): never {
  throw new GoNumError(`strconv.${fn}: parsing ${goQuote(s)}: ${what}`);
}

function parseDigits(fn: string, whole: string, digits: string): bigint {
  if (digits === '') numError(fn, whole, 'invalid syntax');
  let n = 0n;
  for (const ch of digits) {
    if (ch < '0' || ch > '9') numError(fn, whole, 'invalid syntax');
    n = n * 10n + BigInt(ch.charCodeAt(0) - 48);
    if (n > maxUint64) numError(fn, whole, 'value out of range');
  }
  return n;
}

/** strconv.ParseUint(s, 10, 64): digits only, no sign. Throws {@link GoNumError}. */
export function parseGoUint64(s: string): bigint {
  return parseDigits('ParseUint', s, s);
}

/** strconv.ParseInt(s, 10, 64): an optional sign then digits. Throws {@link GoNumError}. */
export function parseGoInt64(s: string): bigint {
  const neg = s.startsWith('-');
  const digits = neg || s.startsWith('+') ? s.slice(1) : s;
  const n = parseDigits('ParseInt', s, digits);
  if (neg ? n > 1n << 63n : n >= 1n << 63n) numError('ParseInt', s, 'value out of range');
  return neg ? -n : n;
}

const escapes: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\u000b': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** True for the code points Go's unicode.IsPrint accepts (an approximation outside Latin-1). */
function isPrint(cp: number): boolean {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || cp === 0xad) return false;
  return !/[\p{C}\p{Z}]/u.test(String.fromCodePoint(cp)) || cp === 0x20;
}

/** The body of a Go double-quoted string literal for `s`, without the quotes. */
function quoteBody(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (escapes[ch]) out += escapes[ch];
    else if (isPrint(cp)) out += ch;
    else if (cp < 0x80) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out;
}

/** strconv.Quote: `"abc"`, control characters as `\x01`, `\n`, `\u0081`. */
export function goQuote(s: string): string {
  return `"${quoteBody(s)}"`;
}

/** How Go's encoding/json names one input byte in an error: `'x'`, `'\''`, `'\u0081'`. */
export function goQuoteByte(byte: number): string {
  if (byte === 0x27) return `'\\''`;
  if (byte === 0x22) return `'"'`;
  return `'${quoteBody(String.fromCharCode(byte))}'`;
}
