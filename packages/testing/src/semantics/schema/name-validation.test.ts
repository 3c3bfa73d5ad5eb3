import {
  isConfigMapKey,
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isLabelValue,
  isQualifiedName,
  validateObjectMetaName,
} from './name-validation';

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const dns1035Msg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

describe('name validation', () => {
  it.each([
    ['a', []],
    ['a.b-c.d', []],
    ['0a', []],
    ['A', [subdomainMsg]],
    ['a_b', [subdomainMsg]],
    ['-a', [subdomainMsg]],
    ['a.', [subdomainMsg]],
    ['a'.repeat(254), ['must be no more than 253 characters']],
  ])('subdomain %s', (name, want) => {
    expect(isDNS1123Subdomain(name)).toEqual(want);
  });

  it.each([
    ['my-name', []],
    ['123-abc', []],
    ['a.b', [labelMsg]],
    ['a'.repeat(64), ['must be no more than 63 characters']],
  ])('label %s', (name, want) => {
    expect(isDNS1123Label(name)).toEqual(want);
  });

  it.each([
    ['my-name', []],
    ['1abc', [dns1035Msg]],
  ])('DNS-1035 label %s', (name, want) => {
    expect(isDNS1035Label(name)).toEqual(want);
  });

  it('validates metadata.name like ValidateObjectMeta', () => {
    expect(validateObjectMetaName(undefined)).toEqual([
      {
        type: 'FieldValueRequired',
        field: 'metadata.name',
        detail: 'Required value: name or generateName is required',
      },
    ]);
    expect(validateObjectMetaName('', { generateName: 'web-' })).toEqual([]);
    expect(validateObjectMetaName('Web')).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'metadata.name',
        detail: `Invalid value: "Web": ${subdomainMsg}`,
      },
    ]);
    expect(validateObjectMetaName('a.b', { rule: 'DNS1123Label' })).toEqual([
      {
        type: 'FieldValueInvalid',
        field: 'metadata.name',
        detail: `Invalid value: "a.b": ${labelMsg}`,
      },
    ]);
  });

  const namePart =
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

  it.each([
    ['app', []],
    ['example.com/My_Name.1', []],
    ['', ['name part must be non-empty', namePart]],
    ['/x', ['prefix part must be non-empty']],
    ['Ex/x', [`prefix part ${subdomainMsg}`]],
    ['a/', ['name part must be non-empty', namePart]],
    ['x'.repeat(64), ['name part must be no more than 63 characters']],
    ['-a', [namePart]],
  ])('qualified name %j', (value, want) => {
    expect(isQualifiedName(value)).toEqual(want);
  });

  it('rejects a qualified name with two slashes as a whole', () => {
    expect(isQualifiedName('a/b/c')).toEqual([
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
    ]);
  });

  it('accepts empty label values and rejects long or badly bounded ones', () => {
    expect(isLabelValue('')).toEqual([]);
    expect(isLabelValue('My_value.1')).toEqual([]);
    expect(isLabelValue('v'.repeat(64))).toEqual(['must be no more than 63 characters']);
    expect(isLabelValue('bad value!')).toEqual([
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
    ]);
  });

  it('checks config keys, including the . and .. rules', () => {
    expect(isConfigMapKey('.env_FILE-1')).toEqual([]);
    expect(isConfigMapKey('.')).toEqual(["must not be '.'"]);
    expect(isConfigMapKey('..')).toEqual(["must not be '..'"]);
    expect(isConfigMapKey('..data')).toEqual(["must not start with '..'"]);
    expect(isConfigMapKey('k'.repeat(254))).toEqual(['must be no more than 253 characters']);
    expect(isConfigMapKey('a b')).toHaveLength(1);
  });
});
