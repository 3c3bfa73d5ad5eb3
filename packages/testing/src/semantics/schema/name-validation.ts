import type { FieldError } from '@kubekit/apimachinery';
import { invalid, required } from './field-error';

/**
 * Name validation with kube's messages (k8s.io/apimachinery/pkg/util/validation): DNS-1123
 * subdomains (most object names), DNS-1123 labels (namespaces, container names) and DNS-1035
 * labels (services), and ports (numbers and IANA service names). Each `is*` function returns
 * the list of problems, empty when valid.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/validation/validation.go
 */

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);
const dns1035LabelRe = new RegExp(`^${dns1035LabelFmt}$`);

/** Maximum length of a DNS-1123 or DNS-1035 label. */
export const DNS1123LabelMaxLength = 63;
/** Maximum length of a DNS-1123 subdomain. */
export const DNS1123SubdomainMaxLength = 253;

/** `must be no more than N characters`. */
export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

/** The `RegexError` text: `<msg> (e.g. 'a',  or 'b', regex used for validation is '<fmt>')`. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

function check(
  value: string,
  max: number,
  re: RegExp,
  msg: string,
  fmt: string,
  examples: string[],
): string[] {
  const errs: string[] = [];
  if (value.length > max) errs.push(maxLenError(max));
  if (!re.test(value)) errs.push(regexError(msg, fmt, ...examples));
  return errs;
}

/** Problems of `value` as a lowercase RFC 1123 label (`my-name`, `123-abc`). */
export function isDNS1123Label(value: string): string[] {
  return check(
    value,
    DNS1123LabelMaxLength,
    dns1123LabelRe,
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
    dns1123LabelFmt,
    ['my-name', '123-abc'],
  );
}

/** Problems of `value` as a lowercase RFC 1123 subdomain (`example.com`). */
export function isDNS1123Subdomain(value: string): string[] {
  return check(
    value,
    DNS1123SubdomainMaxLength,
    dns1123SubdomainRe,
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
    dns1123SubdomainFmt,
    ['example.com'],
  );
}

/** Problems of `value` as a DNS-1035 label (`my-name`, `abc-123`). */
export function isDNS1035Label(value: string): string[] {
  return check(
    value,
    DNS1123LabelMaxLength,
    dns1035LabelRe,
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
    dns1035LabelFmt,
    ['my-name', 'abc-123'],
  );
}

const qualifiedNameFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const qualifiedNameRe = new RegExp(`^${qualifiedNameFmt}$`);
const qualifiedNameMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const qualifiedNameExamples = ['MyName', 'my.name', '123-abc'];

/**
 * Problems of `value` as a qualified name (label keys, annotation keys, finalizers): an optional
 * DNS-1123 subdomain prefix and `/`, then a name of at most 63 characters.
 */
export function isQualifiedName(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a qualified name ${regexError(qualifiedNameMsg, qualifiedNameFmt, ...qualifiedNameExamples)} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const errs: string[] = [];
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (!prefix) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  }
  if (!name) errs.push('name part must be non-empty');
  else if (name.length > DNS1123LabelMaxLength)
    errs.push(`name part ${maxLenError(DNS1123LabelMaxLength)}`);
  if (!qualifiedNameRe.test(name))
    errs.push(
      `name part ${regexError(qualifiedNameMsg, qualifiedNameFmt, ...qualifiedNameExamples)}`,
    );
  return errs;
}

const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueRe = new RegExp(`^${labelValueFmt}$`);

/** Problems of `value` as a label value: empty, or a name of at most 63 characters. */
export function isLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123LabelMaxLength) errs.push(maxLenError(DNS1123LabelMaxLength));
  if (!labelValueRe.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        labelValueFmt,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const configMapKeyRe = new RegExp(`^${configMapKeyFmt}$`);

/** Problems of `value` as a key of a ConfigMap or Secret (`key.name`, `KEY_NAME`). */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123SubdomainMaxLength) errs.push(maxLenError(DNS1123SubdomainMaxLength));
  if (!configMapKeyRe.test(value)) {
    errs.push(
      regexError(
        "a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
        configMapKeyFmt,
        'key.name',
        'KEY_NAME',
        'key-name',
      ),
    );
  }
  if (value === '.') errs.push("must not be '.'");
  else if (value === '..') errs.push("must not be '..'");
  else if (value.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** Which rule an object name must follow. */
export type NameRule = 'DNS1123Subdomain' | 'DNS1123Label' | 'DNS1035Label';

const rules: Record<NameRule, (v: string) => string[]> = {
  DNS1123Subdomain: isDNS1123Subdomain,
  DNS1123Label: isDNS1123Label,
  DNS1035Label: isDNS1035Label,
};

/**
 * IsValidPathSegmentName: what any name must be to sit in a URL path segment or a storage key
 * (`may not be '..'`, `may not contain '/'`); with `prefix` (a generateName) only the
 * characters are checked.
 */
export function isValidPathSegmentName(name: string, prefix = false): string[] {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/** Options of {@link validateObjectMetaName}. */
export interface ObjectMetaNameOptions {
  /** The rule (default `DNS1123Subdomain`, what most kinds and every custom resource use). */
  rule?: NameRule;
  /** Field path of the metadata (default `metadata`). */
  path?: string;
  /** The object's `generateName`: when set, an empty name is accepted (the server generates one). */
  generateName?: string;
}

/**
 * Validates `metadata.name` as kube-apiserver's ValidateObjectMeta does: `metadata.name:
 * Required value: name or generateName is required`, or one `Invalid value` per broken rule.
 */
export function validateObjectMetaName(
  name: string | undefined,
  options: ObjectMetaNameOptions = {},
): FieldError[] {
  const field = `${options.path ?? 'metadata'}.name`;
  if (!name) {
    return options.generateName ? [] : [required(field, 'name or generateName is required')];
  }
  return rules[options.rule ?? 'DNS1123Subdomain'](name).map((msg) => invalid(field, name, msg));
}

/** IsValidPortNum: `must be between 1 and 65535, inclusive` unless `port` is a port number. */
export function isValidPortNum(port: unknown): string[] {
  return typeof port === 'number' && Number.isInteger(port) && port >= 1 && port <= 65535
    ? []
    : ['must be between 1 and 65535, inclusive'];
}

/** IsValidPortName: an IANA_SVC_NAME (at most 15 of [-a-z0-9], a letter, no `--`). */
export function isValidPortName(name: string): string[] {
  const errs: string[] = [];
  if (name.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(name))
    errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(name)) errs.push('must contain at least one letter (a-z)');
  if (name.includes('--')) errs.push('must not contain consecutive hyphens');
  if (name.startsWith('-') || name.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}
