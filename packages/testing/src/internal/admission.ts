import type { FieldError } from '@kubekit/apimachinery';
import { validateCrd } from './crd-controller';
import type { AdmitHook } from './generic-store';
import type { ResourceDef } from './resource-def';
import { validateAgainstSchema, type JSONSchemaProps } from './schema';
import type { Obj } from './store';

function schemaOf(def: ResourceDef): JSONSchemaProps | undefined {
  return def.versions.find((v) => v.name === def.storageVersion)?.schema as
    JSONSchemaProps | undefined;
}

/** Schema validation of a custom resource; metadata and apiVersion/kind are the server's. */
function validateCustomResource(def: ResourceDef, obj: Obj): FieldError[] {
  const schema = schemaOf(def);
  if (!schema) return [];
  const { metadata: _metadata, apiVersion: _apiVersion, kind: _kind, ...rest } = obj;
  const props = { ...schema.properties };
  delete props.metadata;
  delete props.apiVersion;
  delete props.kind;
  return validateAgainstSchema(rest, { ...schema, properties: props });
}

/**
 * The admission chain of the server: CRDs are validated on write; custom resources are checked
 * against their version's openAPIV3Schema (status writes validate the status too).
 */
export const admit: AdmitHook = (def, obj) => {
  if (def.group === 'apiextensions.k8s.io' && def.resource === 'customresourcedefinitions')
    return validateCrd(obj);
  if (def.crdName) return validateCustomResource(def, obj);
  return [];
};
