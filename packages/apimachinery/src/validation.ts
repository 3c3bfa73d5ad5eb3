/**
 * Name and label validation as kube-apiserver applies it (k8s.io/apimachinery/pkg/util/validation,
 * pkg/api/validate/content). Each check returns the list of problems, empty when the value is
 * valid, worded as kube-apiserver words them.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/validate/content/kube.go
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/validate/content/dns.go
 */

const labelKeyFmt = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const labelKeyErrMsg =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const labelValueFmt = `(${labelKeyFmt})?`;
const labelValueErrMsg =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelErrMsg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainErrMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

const labelKeyRe = new RegExp(`^${labelKeyFmt}$`);
const labelValueRe = new RegExp(`^${labelValueFmt}$`);
const dns1123LabelRe = new RegExp(`^${dns1123LabelFmt}$`);
const dns1123SubdomainRe = new RegExp(`^${dns1123SubdomainFmt}$`);

/** Maximum length of a label value and of the name part of a label key. */
export const LabelValueMaxLength = 63;
/** Maximum length of a DNS-1123 label (most object names: namespaces, services). */
export const DNS1123LabelMaxLength = 63;
/** Maximum length of a DNS-1123 subdomain (most object names, label key prefixes). */
export const DNS1123SubdomainMaxLength = 253;

/** Go measures lengths in bytes: the UTF-8 length of `s`, without encoding it. */
function byteLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      n += 4; // a surrogate pair: one 4-byte code point
      i++;
    } else n += 3;
  }
  return n;
}

const maxLenError = (n: number): string => `must be no more than ${n} bytes`;

function regexError(msg: string, re: string, ...examples: string[]): string {
  const eg = examples.map((e) => `'${e}', `).join(' or ');
  return `${msg} (e.g. ${eg}regex used for validation is '${re}')`;
}

/**
 * Checks a label key (a "qualified name"): an optional DNS-1123 subdomain prefix and `/`, then a
 * name of at most 63 alphanumerics, `-`, `_`, `.` that starts and ends alphanumeric.
 *
 * @returns the problems, `[]` when `value` is a valid label key.
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/validate/content/kube.go
 */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = value;
  } else if (parts.length === 2) {
    const prefix = parts[0] ?? '';
    name = parts[1] ?? '';
    if (prefix === '') errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [
      `a valid label key ${regexError(labelKeyErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (byteLength(name) > LabelValueMaxLength)
    errs.push(`name part ${maxLenError(LabelValueMaxLength)}`);
  if (!labelKeyRe.test(name))
    errs.push(
      `name part ${regexError(labelKeyErrMsg, labelKeyFmt, 'MyName', 'my.name', '123-abc')}`,
    );
  return errs;
}

/**
 * Checks a label value: empty, or at most 63 alphanumerics, `-`, `_`, `.` that start and end
 * alphanumeric.
 *
 * @returns the problems, `[]` when `value` is a valid label value.
 */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > LabelValueMaxLength) errs.push(maxLenError(LabelValueMaxLength));
  if (!labelValueRe.test(value))
    errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  return errs;
}

/**
 * Checks a DNS-1123 label (lower-case alphanumerics and `-`, at most 63 bytes), the rule for
 * namespace and service names.
 *
 * @returns the problems, `[]` when `value` is valid.
 */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123LabelMaxLength) errs.push(maxLenError(DNS1123LabelMaxLength));
  if (!dns1123LabelRe.test(value)) {
    errs.push(
      dns1123SubdomainRe.test(value)
        ? 'must not contain dots'
        : regexError(dns1123LabelErrMsg, dns1123LabelFmt, 'my-name', '123-abc'),
    );
  }
  return errs;
}

/**
 * Checks a DNS-1123 subdomain (dot-separated DNS-1123 labels, at most 253 bytes), the rule for
 * most object names and for label key prefixes.
 *
 * @returns the problems, `[]` when `value` is valid.
 */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (byteLength(value) > DNS1123SubdomainMaxLength)
    errs.push(maxLenError(DNS1123SubdomainMaxLength));
  if (!dns1123SubdomainRe.test(value))
    errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com'));
  return errs;
}
