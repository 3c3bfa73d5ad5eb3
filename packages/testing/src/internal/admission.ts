import type { FieldError } from '@kubekit/apimachinery';
import { validateCrd } from './crd-controller';
import type { AdmitHook } from './generic-store';
import type { ResourceDef } from './resource-def';
import { setOwn } from './patch';
import {
  applySchemaDefaults,
  pruneUnknownFields,
  validateAgainstSchema,
  validateSchemaIsStructural,
  type JSONSchemaProps,
} from './schema';
import type { Obj } from './store';
import { admitBuiltin } from './validation/builtin-strategies';

function schemaOf(def: ResourceDef): JSONSchemaProps | undefined {
  return def.versions.find((v) => v.name === def.storageVersion)?.schema as
    JSONSchemaProps | undefined;
}

/** Replaces the content of `target` with `source`, keeping the same object. */
function replaceContent(target: Obj, source: Obj): void {
  for (const k of Object.keys(target)) if (!Object.hasOwn(source, k)) delete target[k];
  for (const [k, v] of Object.entries(source)) setOwn(target, k, v);
}

/**
 * A custom resource as apiextensions-apiserver admits it: defaulted, pruned of unknown fields,
 * then validated against its openAPIV3Schema (metadata and apiVersion/kind are the server's).
 */
function admitCustomResource(def: ResourceDef, obj: Obj): FieldError[] {
  const schema = schemaOf(def);
  if (!schema) return [];
  const defaulted = applySchemaDefaults(obj, schema);
  replaceContent(obj, pruneUnknownFields(defaulted, schema).object);
  const { metadata: _metadata, apiVersion: _apiVersion, kind: _kind, ...rest } = obj;
  const props = { ...schema.properties };
  delete props.metadata;
  delete props.apiVersion;
  delete props.kind;
  return validateAgainstSchema(rest, { ...schema, properties: props });
}

/** A CRD's own checks plus the structural-schema rule for every version's schema. */
function admitCrd(obj: Obj): FieldError[] {
  const errs = validateCrd(obj);
  const versions: Obj[] = Array.isArray(obj.spec?.versions) ? obj.spec.versions : [];
  versions.forEach((v, i) => {
    errs.push(
      ...validateSchemaIsStructural(v.schema?.openAPIV3Schema, {
        path: `spec.versions[${i}].schema.openAPIV3Schema`,
      }),
    );
  });
  return errs;
}

/**
 * The admission chain of the server: CRDs are validated on write (including the structural
 * schema rule); custom resources are defaulted, pruned and validated against their schema;
 * other built-in objects are normalized and validated by their kind's strategy.
 */
export const admit: AdmitHook = (def, obj, old, subresource) => {
  if (def.group === 'apiextensions.k8s.io' && def.resource === 'customresourcedefinitions')
    return admitCrd(obj);
  if (def.crdName) return admitCustomResource(def, obj);
  return admitBuiltin(def, obj, old, subresource);
};
