import { newBadRequest } from '@kubekit/apimachinery';
import type { FieldLabelConversion, ResourceDef } from './resource-def';

/**
 * Field label conversion, as kube-apiserver's storage applies it to a list or watch: the labels a
 * kind's own conversion function accepts ({@link ResourceDef.fieldLabelConversion}, the built-in
 * kinds' are in builtins/field-labels.ts), else the default of kinds without one (metadata.name
 * and metadata.namespace) or of custom resources (metadata.name, metadata.namespace when
 * namespaced, and their CRD's selectableFields), with kube's error texts.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/runtime/conversion.go
 */

/** Labels that select on the field of the same name. */
export const sameLabels = (...labels: string[]): Record<string, string> =>
  Object.fromEntries(labels.map((l) => [l, l]));

/** `field label not supported: <label>`, the text of most conversion functions. */
export const fieldLabelNotSupported = (label: string): string =>
  `field label not supported: ${label}`;

const defaultConversion: FieldLabelConversion = {
  labels: sameLabels('metadata.name', 'metadata.namespace'),
  reject: (label) =>
    `${JSON.stringify(label)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

/** The selectableFields of a custom resource's served versions. */
export function selectableFields(def: ResourceDef): string[] {
  return [...new Set(def.versions.flatMap((v) => v.selectableFields ?? []))];
}

function conversionOf(def: ResourceDef): FieldLabelConversion {
  if (def.crdName) {
    const labels = sameLabels(
      'metadata.name',
      ...(def.namespaced ? ['metadata.namespace'] : []),
      ...selectableFields(def),
    );
    return { labels, reject: fieldLabelNotSupported };
  }
  return def.fieldLabelConversion ?? defaultConversion;
}

/**
 * The field `label` selects on objects of `def` (`spec.host` selects pods by spec.nodeName);
 * 400 BadRequest with kube's text when the kind does not support it.
 */
export function convertFieldLabel(def: ResourceDef, label: string): string {
  const conversion = conversionOf(def);
  const field = Object.hasOwn(conversion.labels, label) ? conversion.labels[label] : undefined;
  if (field === undefined) throw newBadRequest(conversion.reject(label));
  return field;
}
