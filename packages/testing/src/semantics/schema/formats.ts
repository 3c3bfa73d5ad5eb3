import { isIPv4, isIPv6 } from 'node:net';

/**
 * The string formats a CRD schema may declare and kube-apiserver checks (the kube-openapi strfmt
 * registry restricted to apiextensions' supported formats). Formats not listed here (and the
 * numeric ones such as `int32`) are not checked, as in kube.
 *
 * @see https://github.com/kubernetes/kube-openapi/blob/master/pkg/validation/strfmt/default.go
 */

const rfc3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const date = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const duration = /^[-+]?((\d+(\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h|d|w))+$|^0$/;
const uuid = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuidV = (v: number) =>
  new RegExp(`^[0-9a-f]{8}-?[0-9a-f]{4}-?${v}[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$`, 'i');
const hostname =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const email = /^[^\s@]+@[^\s@]+$/;
const mac = /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$|^([0-9a-fA-F]{4}\.){2}[0-9a-fA-F]{4}$/;
const base64 = /^([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function isCidr(s: string): boolean {
  const [ip, bits, ...rest] = s.split('/');
  if (rest.length || ip === undefined || bits === undefined || !/^\d+$/.test(bits)) return false;
  const n = Number(bits);
  return (isIPv4(ip) && n <= 32) || (isIPv6(ip) && n <= 128);
}

function isUri(s: string): boolean {
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

const checks: Record<string, (s: string) => boolean> = {
  'date-time': (s) => rfc3339.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T'))),
  datetime: (s) => rfc3339.test(s) && !Number.isNaN(Date.parse(s.replace(' ', 'T'))),
  date: (s) => date.test(s),
  duration: (s) => duration.test(s),
  byte: (s) => base64.test(s),
  uuid: (s) => uuid.test(s),
  uuid3: (s) => uuidV(3).test(s),
  uuid4: (s) => uuidV(4).test(s),
  uuid5: (s) => uuidV(5).test(s),
  ipv4: (s) => isIPv4(s),
  ipv6: (s) => isIPv6(s),
  cidr: isCidr,
  hostname: (s) => hostname.test(s),
  email: (s) => email.test(s),
  uri: isUri,
  mac: (s) => mac.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) => /^rgb\(\s*\d{1,3}\s*,\s*\d{1,3}\s*,\s*\d{1,3}\s*\)$/.test(s),
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
};

/** True when `value` satisfies string format `format` (unknown formats always pass). */
export function matchesFormat(format: string, value: string): boolean {
  const check = Object.hasOwn(checks, format) ? checks[format] : undefined;
  return check === undefined || check(value);
}
