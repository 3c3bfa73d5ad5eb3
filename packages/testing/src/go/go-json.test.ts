import { GoJsonError, parseGoJson } from './go-json';
import { GoNumError, parseGoInt64, parseGoUint64 } from './go-strconv';

/** Texts kube-apiserver v1.34.4 answered for these merge patch bodies (after `error decoding patch: `). */
const cases: Array<[string, string]> = [
  ['{"a" 1}', "invalid character '1' after object key"],
  ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
  ['{1:2}', "invalid character '1' looking for beginning of object key string"],
  ['[1 2]', "invalid character '2' after array element"],
  ['{"a":"\\x"}', "invalid character 'x' in string escape code"],
  ['{"a":"\\u12g4"}', "invalid character 'g' in \\u hexadecimal character escape"],
  ['{"a":-x}', "invalid character 'x' in numeric literal"],
  ['{"a":1.}', "invalid character '}' after decimal point in numeric literal"],
  ['{"a":1e}', "invalid character '}' in exponent of numeric literal"],
  ['{"a":1e+}', "invalid character '}' in exponent of numeric literal"],
  ['{"a":01}', "invalid character '1' after object key:value pair"],
  ['{"a":tx}', "invalid character 'x' in literal true (expecting 'r')"],
  ['{"a":fals}', "invalid character '}' in literal false (expecting 'e')"],
  ['{"a":nul}', "invalid character '}' in literal null (expecting 'l')"],
  ['{, }', "invalid character ',' looking for beginning of object key string"],
  ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
  ['[1,]', "invalid character ']' looking for beginning of value"],
  ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
  ['{"a":"é', 'unexpected end of JSON input'],
  ['é', "invalid character 'Ã' looking for beginning of value"],
  ['{"a":"b\n"}', "invalid character '\\n' in string literal"],
  ['{"a":1}}', "invalid character '}' after top-level value"],
  ['{"a":[}', "invalid character '}' looking for beginning of value"],
  [' ', 'unexpected end of JSON input'],
];

describe("Go's encoding/json syntax errors", () => {
  it.each(cases)('%j fails with %j', (body, text) => {
    let thrown: unknown;
    try {
      parseGoJson(body);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(GoJsonError);
    expect((thrown as Error).message).toBe(text);
  });

  it('parses what Go accepts', () => {
    expect(parseGoJson(' {"a":[1,-0.5e+3,true,null,"\\u00e9"]} ')).toEqual({
      a: [1, -500, true, null, 'é'],
    });
  });
});

describe("Go's strconv", () => {
  it('parses int64 and uint64 within range', () => {
    expect(parseGoInt64('-9223372036854775808')).toBe(-(1n << 63n));
    expect(parseGoInt64('+12')).toBe(12n);
    expect(parseGoUint64('18446744073709551615')).toBe((1n << 64n) - 1n);
  });

  it.each([
    [
      () => parseGoInt64('9223372036854775808'),
      'strconv.ParseInt: parsing "9223372036854775808": value out of range',
    ],
    [() => parseGoInt64('-'), 'strconv.ParseInt: parsing "-": invalid syntax'],
    [() => parseGoUint64('+1'), 'strconv.ParseUint: parsing "+1": invalid syntax'],
    [() => parseGoUint64('1\u0001'), 'strconv.ParseUint: parsing "1\\x01": invalid syntax'],
  ])('fails with Go text %#', (fn, text) => {
    expect(fn).toThrow(GoNumError);
    expect(fn).toThrow(text);
  });
});
