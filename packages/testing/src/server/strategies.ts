import type { FieldError } from '@kubekit/apimachinery';
import { validateCrd } from '../controllers/crd-controller';
import { resourceKey, type ResourceDef } from '../storage/resource-def';
import { setOwn } from '../semantics/patch';
import { jsonEqual } from '../semantics/json';
import {
  applySchemaDefaults,
  hasValidationRules,
  invalid,
  pruneUnknownFields,
  validateAgainstSchema,
  validateCelRules,
  validateSchemaIsStructural,
  validateSchemaRules,
  type JSONSchemaProps,
} from '../semantics/schema';
import type { Obj } from '../storage/store';
import { builtinStrategies } from '../builtins/builtin-strategies';
import type { ResourceStrategy, StrategyFor } from '../storage/strategy';

function schemaOf(def: ResourceDef): JSONSchemaProps | undefined {
  return def.versions.find((v) => v.name === def.storageVersion)?.schema as
    JSONSchemaProps | undefined;
}

/** Replaces the content of `target` with `source`, keeping the same object. */
function replaceContent(target: Obj, source: Obj): void {
  for (const k of Object.keys(target)) if (!Object.hasOwn(source, k)) delete target[k];
  for (const [k, v] of Object.entries(source)) setOwn(target, k, v);
}

/** The error types after which kube skips the CEL rules (`hasBlockingErr`). */
const blockingCelErrors = new Set([
  'FieldValueNotSupported',
  'FieldValueRequired',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'FieldValueTypeInvalid',
]);

/**
 * A custom resource as apiextensions-apiserver admits it: defaulted, pruned of unknown fields,
 * then validated against its openAPIV3Schema (metadata and apiVersion/kind are the server's),
 * then, unless that found a blocking error, against its x-kubernetes-validations rules (with
 * the stored object as `oldSelf` on update).
 */
function admitCustomResource(def: ResourceDef, obj: Obj, old: Obj | undefined): FieldError[] {
  const schema = schemaOf(def);
  if (!schema) return [];
  const defaulted = applySchemaDefaults(obj, schema);
  replaceContent(obj, pruneUnknownFields(defaulted, schema).object);
  const { metadata: _metadata, apiVersion: _apiVersion, kind: _kind, ...rest } = obj;
  const props = { ...schema.properties };
  delete props.metadata;
  delete props.apiVersion;
  delete props.kind;
  const errors = validateAgainstSchema(rest, { ...schema, properties: props });
  if (!hasValidationRules(schema)) return errors;
  if (errors.some((e) => blockingCelErrors.has(e.type))) {
    const skipped =
      'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';
    return [...errors, invalid('<nil>', null, skipped)];
  }
  return [...errors, ...validateCelRules(obj, old, schema)];
}

/**
 * A CRD's own checks plus, for every version's schema, the structural-schema rule and then the
 * checks and compilation of its x-kubernetes-validations rules.
 */
function admitCrd(obj: Obj): FieldError[] {
  const errs = validateCrd(obj);
  const versions: Obj[] = Array.isArray(obj.spec?.versions) ? obj.spec.versions : [];
  const schemas = versions.map((v) => v.schema?.openAPIV3Schema as JSONSchemaProps | undefined);
  // kube moves a schema every version shares to the internal spec.validation, and reports there.
  const shared = schemas[0] !== undefined && schemas.every((s) => jsonEqual(s, schemas[0]));
  const checked = shared ? schemas.slice(0, 1) : schemas;
  checked.forEach((schema, i) => {
    const path = shared
      ? 'spec.validation.openAPIV3Schema'
      : `spec.versions[${i}].schema.openAPIV3Schema`;
    const structural = validateSchemaIsStructural(schema, { path });
    errs.push(...structural);
    if (schema && structural.length === 0) errs.push(...validateSchemaRules(schema, path));
  });
  return errs;
}

const crdKey = 'customresourcedefinitions.apiextensions.k8s.io';

/**
 * The strategies of the server's resources: a custom resource is defaulted, pruned and
 * validated against its CRD's schema on every write; a CRD keeps the hooks of its built-in row
 * but is validated by the CRD rules (including the structural schema rule) instead of the
 * built-in normalization; other built-ins use their strategy from the built-in table.
 */
export function serverStrategies(): StrategyFor {
  const crd = builtinStrategies.get(crdKey)!;
  const crdStrategy: ResourceStrategy = {
    ...crd,
    canonicalize: undefined,
    validate: (obj) => admitCrd(obj),
    validateSubresource: (_subresource, obj) => admitCrd(obj),
  };
  const custom = new WeakMap<ResourceDef, ResourceStrategy>();
  const customStrategy = (def: ResourceDef): ResourceStrategy => {
    let strategy = custom.get(def);
    if (!strategy) {
      strategy = {
        validate: (obj, old) => admitCustomResource(def, obj, old),
        validateSubresource: (_subresource, obj, old) => admitCustomResource(def, obj, old),
      };
      custom.set(def, strategy);
    }
    return strategy;
  };
  return (def) => {
    if (def.crdName) return customStrategy(def);
    const key = resourceKey(def);
    if (key === crdKey) return crdStrategy;
    return builtinStrategies.get(key) ?? {};
  };
}
