import { deduplicateWarnings, parseWarningHeaders, type Warning } from './warnings';

describe('Warning headers', () => {
  it('parses several comma-separated values with escapes and dates, keeping only code 299', () => {
    const header =
      '299 - "apps/v1beta1 is deprecated", 199 agent "not for us", 299 kube "says \\"hi\\", twice" "Wed, 21 Oct 2015 07:28:00 GMT"';
    expect(parseWarningHeaders(header)).toEqual([
      { code: 299, agent: '-', text: 'apps/v1beta1 is deprecated' },
      { code: 299, agent: 'kube', text: 'says "hi", twice' },
    ]);
    expect(parseWarningHeaders(['299 - "one"', '299 - "two"']).map((w) => w.text)).toEqual([
      'one',
      'two',
    ]);
  });

  it('skips malformed values instead of throwing', () => {
    expect(parseWarningHeaders('299 - unquoted')).toEqual([]);
    expect(parseWarningHeaders('299 - "unterminated')).toEqual([]);
    expect(parseWarningHeaders('299 - "ok" junk')).toEqual([]);
    expect(parseWarningHeaders(undefined)).toEqual([]);
  });

  it('deduplicates by text', () => {
    const seen: Warning[] = [];
    const handler = deduplicateWarnings((w) => seen.push(w));
    for (const text of ['a', 'b', 'a']) handler({ code: 299, agent: '-', text });
    expect(seen.map((w) => w.text)).toEqual(['a', 'b']);
  });
});
