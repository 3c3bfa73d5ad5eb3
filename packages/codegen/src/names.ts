/**
 * Identifier conventions of generated code: type names, accessor names, group names.
 * @packageDocumentation
 */

/** `tfReplicaSpecs` -> `TfReplicaSpecs`, `cert-manager` -> `CertManager`. */
export function pascalCase(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')
    .replace(/^(\d)/, '_$1');
}

/** `TFJob` -> `tfJob`, `PodDisruptionBudget` -> `podDisruptionBudget`, `CSIDriver` -> `csiDriver`. */
export function camelCase(text: string): string {
  const p = pascalCase(text);
  const run = /^[A-Z]+/.exec(p)?.[0].length ?? 0;
  if (run === 0) return p;
  if (run === 1 || run === p.length) return p.slice(0, run).toLowerCase() + p.slice(run);
  const lower = /[a-z]/.test(p[run] ?? '') ? run - 1 : run;
  return p.slice(0, lower).toLowerCase() + p.slice(lower);
}

/**
 * The accessor of a resource on a group client: the camel-case kind pluralised as the
 * resource is (`Pod`/`pods` -> `pods`, `TFJob`/`tfjobs` -> `tfJobs`, `PriorityClass`/
 * `priorityclasses` -> `priorityClasses`, `NetworkPolicy`/`networkpolicies` -> `networkPolicies`).
 */
export function accessorName(kind: string, plural: string): string {
  const camel = camelCase(kind);
  const lower = kind.toLowerCase();
  if (plural.startsWith(lower)) return camel + plural.slice(lower.length);
  if (lower.endsWith('y') && plural === `${lower.slice(0, -1)}ies`)
    return `${camel.slice(0, -1)}ies`;
  return camelCase(plural);
}

/** A crude English singular for element type names: `endpoints` -> `endpoint`, `addresses` -> `address`. */
export function singularize(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|sh|ch|x|us)es$/.test(word)) return word.slice(0, -2);
  if (/[^su]s$/.test(word)) return word.slice(0, -1);
  return word;
}

/** The accessor of a group version on a clientset: `coreV1`, `appsV1`, `kubeflowV1`. */
export function groupVersionAccessor(group: string, version: string, fullGroup = false): string {
  const name = group === '' ? 'core' : fullGroup ? group : group.split('.')[0]!;
  return camelCase(name) + pascalCase(version);
}

/** True when `name` can be written as a property name without quotes. */
export function isIdentifier(name: string): boolean {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name);
}

/** A property key as written in an interface: bare when possible, else quoted. */
export function propertyKey(name: string): string {
  return isIdentifier(name) ? name : `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The directory of a group version in the output: `core/v1`, `apps/v1`, `kubeflow.org/v1`. */
export function groupVersionDir(group: string, version: string): string {
  return `${group || 'core'}/${version}`;
}
