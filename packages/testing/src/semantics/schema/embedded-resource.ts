import type { FieldError } from '@kubekit/apimachinery';
import { childPath, invalid, required } from './field-error';
import { isDNS1035Label, isDNS1123Subdomain } from './name-validation';

/**
 * The checks of an `x-kubernetes-embedded-resource` object: `apiVersion` and `kind` are required
 * strings (a kind that, lowercased, is a DNS-1035 label), and a `metadata.name`, when set, is a
 * DNS-1123 subdomain.
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/apiserver/schema/objectmeta/validation.go
 */
export function validateEmbeddedResource(
  value: Record<string, unknown>,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  const apiVersionPath = childPath(path, 'apiVersion');
  const kindPath = childPath(path, 'kind');
  if (!Object.hasOwn(value, 'apiVersion'))
    errors.push(required(apiVersionPath, 'must not be empty'));
  if (!Object.hasOwn(value, 'kind')) errors.push(required(kindPath, 'must not be empty'));
  const { apiVersion, kind, metadata } = value;
  if (apiVersion !== undefined) {
    if (typeof apiVersion !== 'string')
      errors.push(invalid(apiVersionPath, apiVersion, 'must be a string'));
    else if (apiVersion === '')
      errors.push(invalid(apiVersionPath, apiVersion, 'must not be empty'));
    else if (apiVersion.split('/').length > 2) {
      errors.push(
        invalid(apiVersionPath, apiVersion, `unexpected GroupVersion string: ${apiVersion}`),
      );
    }
  }
  if (kind !== undefined) {
    if (typeof kind !== 'string') errors.push(invalid(kindPath, kind, 'must be a string'));
    else if (kind === '') errors.push(invalid(kindPath, kind, 'must not be empty'));
    else {
      const errs = isDNS1035Label(kind.toLowerCase());
      if (errs.length) {
        errors.push(
          invalid(
            kindPath,
            kind,
            `may have mixed case, but should otherwise match: ${errs.join(',')}`,
          ),
        );
      }
    }
  }
  if (metadata !== null && typeof metadata === 'object' && !Array.isArray(metadata)) {
    const name = (metadata as { name?: unknown }).name;
    if (typeof name === 'string' && name !== '') {
      const namePath = childPath(childPath(path, 'metadata'), 'name');
      for (const msg of isDNS1123Subdomain(name)) errors.push(invalid(namePath, name, msg));
    }
  }
  return errors;
}
