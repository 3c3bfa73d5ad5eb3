/**
 * What `create-kubekit-operator` asks for, checked, and the names derived from it (the same
 * names kubekit-gen gives the generated client).
 * @packageDocumentation
 */
import { accessorName, camelCase, groupVersionAccessor } from '@kubekit/codegen';
import { ScaffoldError } from './scaffold-error';

/** Options of {@link scaffold}: the project and the one custom resource it reconciles. */
export interface ScaffoldOptions {
  /** The project's (and the operator's) name: a DNS label such as `my-operator`. */
  name: string;
  /** The API group of the custom resource; default `example.com`. */
  group?: string;
  /** Its version; default `v1alpha1`. */
  version?: string;
  /** Its kind (PascalCase); default `Widget`. */
  kind?: string;
  /** Its plural resource name; default the lower-case kind + `s`. */
  plural?: string;
}

/** {@link ScaffoldOptions} completed, with the identifiers the templates use. */
export interface OperatorNames {
  name: string;
  group: string;
  version: string;
  kind: string;
  plural: string;
  /** `widget` */
  singular: string;
  /** `exampleV1alpha1`: the generated namespace of the group version. */
  groupVersion: string;
  /** `widgets`: the generated accessor of the resource (and a variable for its client). */
  clients: string;
  /** `widgetsResource`: the generated ResourceInfo. */
  resource: string;
  /** `widget`: the variable holding one object. */
  variable: string;
  /** `example.com/cleanup`. */
  finalizer: string;
}

const dnsLabel = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const dnsSubdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;

/**
 * Checks `options` and derives the names.
 *
 * @throws {@link ScaffoldError} naming the option that is wrong and what it must look like.
 */
export function operatorNames(options: ScaffoldOptions): OperatorNames {
  const { name } = options;
  const group = options.group ?? 'example.com';
  const version = options.version ?? 'v1alpha1';
  const kind = options.kind ?? 'Widget';
  const plural = options.plural ?? `${kind.toLowerCase()}s`;
  const check = (ok: boolean, message: string) => {
    if (!ok) throw new ScaffoldError(message);
  };
  check(
    typeof name === 'string' && dnsLabel.test(name),
    `name ${JSON.stringify(name)} must be a DNS label (lower-case letters, digits and '-', e.g. my-operator)`,
  );
  check(
    dnsSubdomain.test(group) && group.length <= 253,
    `--group ${JSON.stringify(group)} must be a DNS subdomain with a dot, e.g. example.com`,
  );
  check(
    /^v\d+((alpha|beta)\d+)?$/.test(version),
    `--version ${JSON.stringify(version)} must look like v1, v1beta1 or v1alpha1`,
  );
  check(
    /^[A-Z][A-Za-z0-9]*$/.test(kind),
    `--kind ${JSON.stringify(kind)} must be PascalCase letters and digits, e.g. Widget`,
  );
  check(
    dnsLabel.test(plural),
    `--plural ${JSON.stringify(plural)} must be a lower-case DNS label, e.g. widgets`,
  );
  return {
    name,
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    groupVersion: groupVersionAccessor(group, version),
    clients: accessorName(kind, plural),
    resource: `${accessorName(kind, plural)}Resource`,
    variable: camelCase(kind),
    finalizer: `${group}/cleanup`,
  };
}
