import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
} from './validation';

describe('isQualifiedName', () => {
  it.each([
    'a',
    'A',
    '1',
    'my.name',
    'My_Name-1',
    'example.com/x',
    'a.b-c.d/X.y_z',
    'k'.repeat(63),
  ])('accepts %j', (key) => expect(isQualifiedName(key)).toEqual([]));

  it('words problems as kube-apiserver does', () => {
    expect(isQualifiedName('')).toEqual([
      'name part must be non-empty',
      "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
    ]);
    expect(isQualifiedName('/x')).toEqual(['prefix part must be non-empty']);
    expect(isQualifiedName('Example.com/x')[0]).toMatch(
      /^prefix part a lowercase RFC 1123 subdomain/,
    );
    expect(isQualifiedName('a/b/c')[0]).toMatch(
      /^a valid label key must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/,
    );
    expect(isQualifiedName('k'.repeat(64))).toEqual(['name part must be no more than 63 bytes']);
    expect(isQualifiedName('a-')).toHaveLength(1);
    expect(isQualifiedName(`${'d'.repeat(254)}/x`)[0]).toBe(
      'prefix part must be no more than 253 bytes',
    );
  });
});

describe('isValidLabelValue', () => {
  it('accepts the empty string and names up to 63 bytes; rejects others', () => {
    expect(isValidLabelValue('')).toEqual([]);
    expect(isValidLabelValue('v'.repeat(63))).toEqual([]);
    expect(isValidLabelValue('My_value-1.2')).toEqual([]);
    expect(isValidLabelValue('v'.repeat(64))).toEqual(['must be no more than 63 bytes']);
    expect(isValidLabelValue('-x')[0]).toMatch(/^a valid label must be an empty string/);
    expect(isValidLabelValue('é')).toHaveLength(1);
    // lengths are UTF-8 bytes, as in Go: 32 two-byte characters are 64 bytes
    expect(isValidLabelValue('é'.repeat(32))[0]).toBe('must be no more than 63 bytes');
    expect(isValidLabelValue('😀'.repeat(16))[0]).toBe('must be no more than 63 bytes');
    expect(isValidLabelValue('😀'.repeat(15))[0]).not.toBe('must be no more than 63 bytes');
    expect(isValidLabelValue('€'.repeat(21))[0]).not.toBe('must be no more than 63 bytes');
    expect(isValidLabelValue('€'.repeat(22))[0]).toBe('must be no more than 63 bytes');
  });
});

describe('DNS-1123 names', () => {
  it('distinguishes labels from subdomains', () => {
    expect(isDNS1123Label('my-ns')).toEqual([]);
    expect(isDNS1123Label('a.b')).toEqual(['must not contain dots']);
    expect(isDNS1123Label('A')[0]).toMatch(/^a lowercase RFC 1123 label must consist/);
    expect(isDNS1123Label('x'.repeat(64))).toEqual(['must be no more than 63 bytes']);
    expect(isDNS1123Subdomain('a.b-c.d')).toEqual([]);
    expect(isDNS1123Subdomain('a..b')[0]).toMatch(/^a lowercase RFC 1123 subdomain must consist/);
    expect(isDNS1123Subdomain('')).toHaveLength(1);
  });
});
