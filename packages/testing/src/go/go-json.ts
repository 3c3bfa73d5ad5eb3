import { MaxNestingDepth } from '../limits';
import { goQuoteByte } from './go-strconv';

/**
 * The error texts of Go's encoding/json, which kube-apiserver passes on to clients
 * (`error decoding patch: unexpected end of JSON input`, `invalid character 'o' in literal null
 * (expecting 'u')`): a byte-level syntax check that reports the first error as Go's scanner
 * does, and the `cannot unmarshal` texts of values of the wrong JSON type.
 *
 * @see https://github.com/golang/go/blob/master/src/encoding/json/scanner.go
 */

/** A body Go's encoding/json rejects; `message` is Go's error text. */
export class GoJsonError extends Error {
  override readonly name = 'GoJsonError';
}

const endOfInput = 'unexpected end of JSON input';

class Scanner {
  private pos = 0;
  private depth = 0;
  constructor(private readonly data: Uint8Array) {}

  /** Go's scanner stops at 10,000 levels with this text; this one at {@link MaxNestingDepth}. */
  private enter(): void {
    if (++this.depth > MaxNestingDepth) throw new GoJsonError('exceeded max depth');
    this.pos++;
  }

  private fail(context: string): never {
    const c = this.data[this.pos];
    if (c === undefined) throw new GoJsonError(endOfInput);
    throw new GoJsonError(`invalid character ${goQuoteByte(c)} ${context}`);
  }

  private peek(): number | undefined {
    return this.data[this.pos];
  }

  private skipSpace(): void {
    for (let c = this.peek(); c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d; c = this.peek())
      this.pos++;
  }

  document(): void {
    this.skipSpace();
    this.value();
    this.skipSpace();
    if (this.pos < this.data.length) this.fail('after top-level value');
  }

  private value(): void {
    const c = this.peek();
    if (c === 0x7b) return this.object();
    if (c === 0x5b) return this.array();
    if (c === 0x22) return this.string();
    if (c === 0x2d || (c !== undefined && c >= 0x30 && c <= 0x39)) return this.number();
    if (c === 0x74) return this.literal('true');
    if (c === 0x66) return this.literal('false');
    if (c === 0x6e) return this.literal('null');
    this.fail('looking for beginning of value');
  }

  private object(): void {
    this.enter();
    this.skipSpace();
    if (this.peek() === 0x7d) {
      this.pos++;
      this.depth--;
      return;
    }
    for (;;) {
      if (this.peek() !== 0x22) this.fail('looking for beginning of object key string');
      this.string();
      this.skipSpace();
      if (this.peek() !== 0x3a) this.fail('after object key');
      this.pos++;
      this.skipSpace();
      this.value();
      this.skipSpace();
      const c = this.peek();
      this.pos++;
      if (c === 0x7d) {
        this.depth--;
        return;
      }
      if (c !== 0x2c) {
        this.pos--;
        this.fail('after object key:value pair');
      }
      this.skipSpace();
    }
  }

  private array(): void {
    this.enter();
    this.skipSpace();
    if (this.peek() === 0x5d) {
      this.pos++;
      this.depth--;
      return;
    }
    for (;;) {
      this.value();
      this.skipSpace();
      const c = this.peek();
      this.pos++;
      if (c === 0x5d) {
        this.depth--;
        return;
      }
      if (c !== 0x2c) {
        this.pos--;
        this.fail('after array element');
      }
      this.skipSpace();
    }
  }

  private string(): void {
    this.pos++;
    for (;;) {
      const c = this.peek();
      if (c === undefined) this.fail('');
      if (c === 0x22) {
        this.pos++;
        return;
      }
      if (c < 0x20) this.fail('in string literal');
      this.pos++;
      if (c !== 0x5c) continue;
      const e = this.peek();
      if (e === 0x75) {
        this.pos++;
        for (let i = 0; i < 4; i++) {
          if (!isHex(this.peek())) this.fail('in \\u hexadecimal character escape');
          this.pos++;
        }
      } else if (e !== undefined && 'bfnrt"\\/'.includes(String.fromCharCode(e))) {
        this.pos++;
      } else {
        this.fail('in string escape code');
      }
    }
  }

  private digits(context: string): void {
    if (!isDigit(this.peek())) this.fail(context);
    while (isDigit(this.peek())) this.pos++;
  }

  private number(): void {
    if (this.peek() === 0x2d) this.pos++;
    if (this.peek() === 0x30) this.pos++;
    else this.digits('in numeric literal');
    if (this.peek() === 0x2e) {
      this.pos++;
      this.digits('after decimal point in numeric literal');
    }
    const e = this.peek();
    if (e === 0x65 || e === 0x45) {
      this.pos++;
      const sign = this.peek();
      if (sign === 0x2b || sign === 0x2d) this.pos++;
      this.digits('in exponent of numeric literal');
    }
  }

  private literal(word: string): void {
    this.pos++;
    for (const ch of word.slice(1)) {
      if (this.peek() !== ch.charCodeAt(0)) this.fail(`in literal ${word} (expecting '${ch}')`);
      this.pos++;
    }
  }
}

const isDigit = (c: number | undefined): boolean => c !== undefined && c >= 0x30 && c <= 0x39;
const isHex = (c: number | undefined): boolean =>
  c !== undefined && /[0-9a-fA-F]/.test(String.fromCharCode(c));

/**
 * Parses JSON as Go's json.Unmarshal reads it: a syntax error throws {@link GoJsonError} with
 * Go's text (`unexpected end of JSON input`, `invalid character 'x' after top-level value`),
 * nesting deeper than {@link MaxNestingDepth} `exceeded max depth`.
 */
export function parseGoJson(data: Uint8Array | string): unknown {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  new Scanner(bytes).document();
  return JSON.parse(Buffer.from(bytes).toString('utf8'));
}

/** How Go names the JSON type of a value in `cannot unmarshal` errors. */
export function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'object' : typeof value === 'boolean' ? 'bool' : typeof value;
}

/** `json: cannot unmarshal array into Go value of type map[string]interface {}`. */
export function cannotUnmarshal(value: unknown, goType: string): GoJsonError {
  return new GoJsonError(
    `json: cannot unmarshal ${goJsonKind(value)} into Go value of type ${goType}`,
  );
}

/**
 * A Go struct field as json.Unmarshal fills it: the JSON type it takes and the Go type its
 * errors name (`int64`, `v1.DeletionPropagation`, `[]string`).
 */
export type GoField = readonly ['string' | 'int64' | 'bool' | 'array' | 'object', string];

const acceptsKind: Record<GoField[0], string> = {
  string: 'string',
  int64: 'number',
  bool: 'bool',
  array: 'array',
  object: 'object',
};

/**
 * Reads the fields of a Go struct from a parsed JSON value as json.Unmarshal does: keys match
 * field names case-insensitively, null leaves a field unset, a value of the wrong type fails
 * with `json: cannot unmarshal number into Go struct field continueToken.v of type string`.
 */
export function unmarshalStruct(
  value: unknown,
  goType: string,
  structName: string,
  fields: Record<string, GoField>,
): Record<string, unknown> {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw cannotUnmarshal(value, goType);
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const name = Object.keys(fields).find((f) => f.toLowerCase() === key.toLowerCase());
    if (name === undefined || v === null) continue;
    const [kind, type] = fields[name]!;
    const where = `Go struct field ${structName}.${name} of type ${type}`;
    if (goJsonKind(v) !== acceptsKind[kind])
      throw new GoJsonError(`json: cannot unmarshal ${goJsonKind(v)} into ${where}`);
    if (kind === 'int64' && !Number.isSafeInteger(v))
      throw new GoJsonError(`json: cannot unmarshal number ${String(v)} into ${where}`);
    out[name] = v;
  }
  return out;
}

const base64url = /^[A-Za-z0-9_-]*$/;

/**
 * base64.RawURLEncoding.DecodeString: no padding, `-` and `_`; errors as Go words them
 * (`illegal base64 data at input byte 4`).
 */
export function decodeRawBase64Url(s: string): Buffer {
  const bad = [...s].findIndex((ch) => !base64url.test(ch));
  if (bad >= 0) throw new GoJsonError(`illegal base64 data at input byte ${bad}`);
  if (s.length % 4 === 1)
    throw new GoJsonError(`illegal base64 data at input byte ${s.length - 1}`);
  return Buffer.from(s, 'base64url');
}
