import type { FieldError } from '@kubekit/apimachinery';

/**
 * The metadata checks kube-apiserver's ValidateObjectMeta applies to every object, with its
 * exact wording: name required, name format (RFC 1123 subdomain, label or DNS-1035 label per
 * resource), and label / annotation sanity.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/validation/objectmeta.go
 */

const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const label1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const label1035 = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;

const subdomainMsg =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const label1123Msg =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const label1035Msg =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** How a resource's names are validated. */
export type NameRule = 'subdomain' | 'label' | 'dns1035';

/** The name rule of a built-in resource (namespaces are labels, services DNS-1035 labels). */
export function nameRuleFor(resource: string, group: string): NameRule {
  if (group === '' && resource === 'namespaces') return 'label';
  if (group === '' && resource === 'services') return 'dns1035';
  return 'subdomain';
}

/** `Invalid value: "x": reason` as kube's field.Invalid renders it. */
export function invalidValue(field: string, value: unknown, reason: string): FieldError {
  return {
    type: 'FieldValueInvalid',
    field,
    detail: `Invalid value: ${JSON.stringify(value)}: ${reason}`,
  };
}

/** Validates metadata.name (and generateName) of an object to be created. */
export function validateName(
  meta: { name?: string; generateName?: string },
  rule: NameRule,
): FieldError[] {
  if (!meta.name) {
    return [
      {
        type: 'FieldValueRequired',
        field: 'metadata.name',
        detail: 'Required value: name or generateName is required',
      },
    ];
  }
  const name = meta.name;
  const [re, msg, max] =
    rule === 'label'
      ? [label1123, label1123Msg, 63]
      : rule === 'dns1035'
        ? [label1035, label1035Msg, 63]
        : [subdomain, subdomainMsg, 253];
  const errs: FieldError[] = [];
  if (name.length > max)
    errs.push(invalidValue('metadata.name', name, `must be no more than ${max} characters`));
  if (!re.test(name)) errs.push(invalidValue('metadata.name', name, msg));
  return errs;
}

/** Labels and annotations must be string maps. */
export function validateMaps(meta: { labels?: unknown; annotations?: unknown }): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['labels', 'annotations'] as const) {
    const m = meta[key];
    if (m === undefined || m === null) continue;
    if (typeof m !== 'object' || Array.isArray(m)) {
      errs.push(invalidValue(`metadata.${key}`, m, 'must be a map of strings'));
      continue;
    }
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== 'string')
        errs.push(invalidValue(`metadata.${key}.${k}`, v, 'must be a string'));
    }
  }
  return errs;
}
