import { newRequirement, selectorFromSet, type Selector } from './label-selector';

/**
 * Helpers for label sets, the `metadata.labels` maps (k8s.io/apimachinery/pkg/labels labels.go).
 * A set is a plain record; `Set.AsSelector()` is {@link selectorFromSet}.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/labels/labels.go
 */

/** A label set (labels.Set): key to value. */
export type LabelSet = Readonly<Record<string, string>>;

/** `a=b,c=d`, sorted (Set.String); `''` for an empty set. */
export function labelSetString(set: LabelSet | undefined): string {
  return Object.entries(set ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join(',');
}

/** {@link labelSetString}, but `<none>` for an empty set, as kubectl prints it (FormatLabels). */
export function formatLabels(set: LabelSet | undefined): string {
  return labelSetString(set) || '<none>';
}

/**
 * True when a key is in both sets with different values (labels.Conflicts): merging them would
 * change one of them.
 */
export function labelsConflict(a: LabelSet | undefined, b: LabelSet | undefined): boolean {
  const [small, big] = Object.keys(a ?? {}).length < Object.keys(b ?? {}).length ? [a, b] : [b, a];
  for (const [k, v] of Object.entries(small ?? {}))
    if (big && Object.hasOwn(big, k) && big[k] !== v) return true;
  return false;
}

/** A new set with the labels of both; `b` wins where they conflict (labels.Merge). */
export function mergeLabels(
  a: LabelSet | undefined,
  b: LabelSet | undefined,
): Record<string, string> {
  return { ...a, ...b };
}

/** True when both sets hold the same keys with the same values (labels.Equals). */
export function labelsEqual(a: LabelSet | undefined, b: LabelSet | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => b !== undefined && Object.hasOwn(b, k) && b[k] === a?.[k]);
}

/**
 * A selector requiring exactly these labels, each key and value validated first
 * (labels.ValidatedSelectorFromSet, Set.AsValidatedSelector); `{}` selects everything.
 *
 * @throws SelectorParseError naming the bad key (`InvalidKey`) or value (`InvalidValue`,
 *   detail at client-go's path `values[0][key]`).
 */
export function selectorFromValidatedSet(set: LabelSet | undefined): Selector {
  for (const [key, value] of Object.entries(set ?? {})) newRequirement(key, '=', [value]);
  return selectorFromSet(set);
}
