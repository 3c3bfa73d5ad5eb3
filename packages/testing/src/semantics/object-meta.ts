import type { FieldError } from '@kubekit/apimachinery';
import { invalid, required, tooLong } from './schema/field-error';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isLabelValue,
  isQualifiedName,
  isValidPathSegmentName,
} from './schema/name-validation';
import type { ResourceDef } from '../storage/resource-def';
import type { Obj } from '../storage/store';

/**
 * ValidateObjectMeta / ValidateObjectMetaUpdate of kube-apiserver: the metadata checks every
 * object gets on create and update, with kube's messages and field paths (name and
 * generateName, labels, annotations and their total size, owner references, finalizers).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/validation/objectmeta.go
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/validation.go
 */

/** How a resource's names are checked: `(name, prefix)` returns the problems of a name. */
type NameFn = (name: string, prefix: boolean) => string[];

/** A generateName may end in `-`: kube masks it (and the character before) as `a`. */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

const nameFns: Record<'subdomain' | 'label' | 'dns1035' | 'pathSegment', NameFn> = {
  pathSegment: isValidPathSegmentName,
  subdomain: (n, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(n) : n),
  label: (n, prefix) => isDNS1123Label(prefix ? maskTrailingDash(n) : n),
  dns1035: (n, prefix) => isDNS1035Label(prefix ? maskTrailingDash(n) : n),
};

/** The metadata rules of one resource. */
export interface ObjectMetaRules {
  name: NameFn;
  /**
   * The core validation's extra finalizer check (`name is neither a standard finalizer name nor
   * is it fully qualified`): every built-in kind but leases; not custom resources.
   */
  kubeFinalizers: boolean;
}

/**
 * The metadata rules of `def`: namespaces are DNS-1123 labels, services DNS-1035 labels,
 * core/v1 events any path segment (only the generic check applies to them), the rest
 * DNS-1123 subdomains.
 */
export function objectMetaRulesFor(def: ResourceDef): ObjectMetaRules {
  const core = def.group === '';
  const byResource: Record<string, NameFn> = {
    namespaces: nameFns.label,
    services: nameFns.dns1035,
    events: nameFns.pathSegment,
  };
  const name = (core && byResource[def.resource]) || nameFns.subdomain;
  const kubeFinalizers = !def.crdName && def.group !== 'coordination.k8s.io';
  return { name, kubeFinalizers };
}

/** Total size of all annotation keys and values, in bytes. */
export const totalAnnotationSizeLimitB = 256 * 1024;

const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** Labels and annotations must be maps of strings (anything else would not decode). */
function validateStringMaps(meta: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['labels', 'annotations'] as const) {
    const m: unknown = meta[key];
    if (m === undefined || m === null) continue;
    if (typeof m !== 'object' || Array.isArray(m)) {
      errs.push(invalid(`metadata.${key}`, m, 'must be a map of strings'));
      continue;
    }
    for (const [k, v] of Object.entries(m)) {
      if (typeof v !== 'string') errs.push(invalid(`metadata.${key}.${k}`, v, 'must be a string'));
    }
  }
  return errs;
}

/** ValidateLabels: qualified-name keys and label values, all reported at `path`. */
export function validateLabels(labels: Record<string, string>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    for (const msg of isQualifiedName(k)) errs.push(invalid(path, k, msg));
    for (const msg of isLabelValue(String(v))) errs.push(invalid(path, v, msg));
  }
  return errs;
}

function validateAnnotations(annotations: Record<string, string>): FieldError[] {
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    // annotation keys are qualified names, case aside
    for (const msg of isQualifiedName(k.toLowerCase()))
      errs.push(invalid('metadata.annotations', k, msg));
    size += Buffer.byteLength(k) + Buffer.byteLength(v);
  }
  if (size > totalAnnotationSizeLimitB)
    errs.push(tooLong('metadata.annotations', totalAnnotationSizeLimitB));
  return errs;
}

/** An owner reference as Go marshals it (field order of metav1.OwnerReference). */
function ownerRefJson(ref: Obj): Obj {
  const out: Obj = {
    apiVersion: ref.apiVersion ?? '',
    kind: ref.kind ?? '',
    name: ref.name ?? '',
    uid: ref.uid ?? '',
  };
  if (ref.controller !== undefined) out.controller = ref.controller;
  if (ref.blockOwnerDeletion !== undefined) out.blockOwnerDeletion = ref.blockOwnerDeletion;
  return out;
}

/** The version of an apiVersion, '' when it does not parse (more than one `/`). */
function versionOf(apiVersion: string): string {
  const parts = apiVersion.split('/');
  if (parts.length > 2) return '';
  return parts[parts.length - 1]!;
}

function validateOwnerReferences(refs: Obj[]): FieldError[] {
  const path = 'metadata.ownerReferences';
  const errs: FieldError[] = [];
  let firstController = '';
  for (const ref of refs) {
    const apiVersion = String(ref.apiVersion ?? '');
    const version = versionOf(apiVersion);
    if (!version) errs.push(invalid(`${path}.apiVersion`, apiVersion, 'version must not be empty'));
    if (!ref.kind) errs.push(invalid(`${path}.kind`, ref.kind ?? '', 'must not be empty'));
    if (!ref.name) errs.push(invalid(`${path}.name`, ref.name ?? '', 'must not be empty'));
    if (!ref.uid) errs.push(invalid(`${path}.uid`, ref.uid ?? '', 'must not be empty'));
    if (apiVersion === 'v1' && ref.kind === 'Event')
      errs.push(
        invalid(path, ownerRefJson(ref), '/v1, Kind=Event is disallowed from being an owner'),
      );
    if (ref.controller === true) {
      const current = `${ref.kind}/${ref.name}`;
      if (firstController) {
        errs.push(
          invalid(
            path,
            refs.map(ownerRefJson),
            `Only one reference can have Controller set to true. Found "true" in references for ${firstController} and ${current}`,
          ),
        );
      } else firstController = current;
    }
  }
  return errs;
}

function validateFinalizers(finalizers: string[], rules: ObjectMetaRules): FieldError[] {
  const path = 'metadata.finalizers';
  const errs: FieldError[] = [];
  for (const f of finalizers)
    for (const msg of isQualifiedName(f)) errs.push(invalid(path, f, msg));
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errs.push(
      invalid(path, finalizers, 'finalizer orphan and foregroundDeletion cannot be both set'),
    );
  }
  return [...errs, ...kubeFinalizerNames(finalizers, rules)];
}

function kubeFinalizerNames(finalizers: string[], rules: ObjectMetaRules): FieldError[] {
  if (!rules.kubeFinalizers) return [];
  return finalizers.flatMap((f, i) =>
    !f.includes('/') && !standardFinalizers.has(f)
      ? [
          invalid(
            `metadata.finalizers[${i}]`,
            f,
            'name is neither a standard finalizer name nor is it fully qualified',
          ),
        ]
      : [],
  );
}

/** Labels, annotations and owner references: checked the same on create and update. */
function validateCommon(meta: Obj): FieldError[] {
  const typeErrs = validateStringMaps(meta);
  if (typeErrs.length) return typeErrs;
  return [
    ...validateLabels(meta.labels ?? {}, 'metadata.labels'),
    ...validateAnnotations(meta.annotations ?? {}),
    ...validateOwnerReferences(Array.isArray(meta.ownerReferences) ? meta.ownerReferences : []),
  ];
}

/**
 * The metadata of an object to be created (name already generated from generateName):
 * `metadata.name: Required value: name or generateName is required`, name and generateName
 * format, labels, annotations, owner references, finalizers.
 */
export function validateObjectMeta(meta: Obj, rules: ObjectMetaRules): FieldError[] {
  const errs: FieldError[] = [];
  const generateName: unknown = meta.generateName;
  if (typeof generateName === 'string' && generateName) {
    for (const msg of rules.name(generateName, true))
      errs.push(invalid('metadata.generateName', generateName, msg));
  }
  const name: unknown = meta.name;
  if (typeof name !== 'string' || !name) {
    errs.push(required('metadata.name', 'name or generateName is required'));
  } else {
    for (const msg of rules.name(name, false)) errs.push(invalid('metadata.name', name, msg));
  }
  errs.push(...validateCommon(meta));
  const finalizers: string[] = Array.isArray(meta.finalizers) ? meta.finalizers : [];
  errs.push(...validateFinalizers(finalizers, rules));
  return errs;
}

/**
 * The metadata of an update (the store keeps the immutable fields itself): labels, annotations,
 * owner references and finalizers. kube-apiserver runs several of these checks more than once
 * on an update and repeats their causes; each is reported once here.
 */
export function validateObjectMetaUpdate(meta: Obj, rules: ObjectMetaRules): FieldError[] {
  const finalizers: string[] = Array.isArray(meta.finalizers) ? meta.finalizers : [];
  return [...validateCommon(meta), ...validateFinalizers(finalizers, rules)];
}
