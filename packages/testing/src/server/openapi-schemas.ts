import type { ResourceDef } from '../storage/resource-def';

/**
 * The schemas kube-apiserver publishes for a CustomResourceDefinition version in its OpenAPI v3
 * document: the version's openAPIV3Schema named after the reversed group
 * (`stable.example.com/v1` CronTab -> `com.example.stable.v1.CronTab`) with its
 * group-version-kind, `metadata` pointing at ObjectMeta, a list schema, and the apimachinery
 * schemas they reference (described briefly here; the real server carries Go's comments).
 *
 * @see https://github.com/kubernetes/apiextensions-apiserver/blob/master/pkg/controller/openapi/builder/builder.go
 */

const meta = 'io.k8s.apimachinery.pkg.apis.meta.v1';
const ref = (name: string) => ({ allOf: [{ $ref: `#/components/schemas/${name}` }] });
const str = (description: string) => ({ type: 'string', description });
const strings = (description: string) => ({
  type: 'array',
  items: { type: 'string', default: '' },
  description,
});
const typeMeta = {
  apiVersion: str('APIVersion defines the versioned schema of this representation of an object.'),
  kind: str('Kind is a string value representing the REST resource this object represents.'),
};

/** The apimachinery schemas a CRD document references. */
const metaSchemas: Record<string, object> = {
  [`${meta}.Time`]: {
    type: 'string',
    format: 'date-time',
    description: 'Time is a wrapper around time.Time which supports correct marshaling to JSON.',
  },
  [`${meta}.FieldsV1`]: {
    type: 'object',
    description: 'FieldsV1 stores a set of fields in a data structure like a Trie, in JSON format.',
  },
  [`${meta}.OwnerReference`]: {
    type: 'object',
    description: 'OwnerReference contains enough information to identify an owning object.',
    required: ['apiVersion', 'kind', 'name', 'uid'],
    properties: {
      apiVersion: str('API version of the referent.'),
      blockOwnerDeletion: { type: 'boolean', description: 'Blocks deletion of the owner.' },
      controller: {
        type: 'boolean',
        description: 'If true, this reference points to the managing controller.',
      },
      kind: str('Kind of the referent.'),
      name: str('Name of the referent.'),
      uid: str('UID of the referent.'),
    },
    'x-kubernetes-map-type': 'atomic',
  },
  [`${meta}.ManagedFieldsEntry`]: {
    type: 'object',
    description:
      'ManagedFieldsEntry is a workflow-id, a FieldSet and the group version of the resource that the fieldset applies to.',
    properties: {
      apiVersion: str(
        'APIVersion defines the version of this resource that this field set applies to.',
      ),
      fieldsType: str(
        'FieldsType is the discriminator for the different fields format and version.',
      ),
      fieldsV1: ref(`${meta}.FieldsV1`),
      manager: str('Manager is an identifier of the workflow managing these fields.'),
      operation: str(
        'Operation is the type of operation which lead to this ManagedFieldsEntry being created.',
      ),
      subresource: str('Subresource is the name of the subresource used to update that object.'),
      time: ref(`${meta}.Time`),
    },
  },
  [`${meta}.ObjectMeta`]: {
    type: 'object',
    description: 'ObjectMeta is metadata that all persisted resources must have.',
    properties: {
      annotations: {
        type: 'object',
        additionalProperties: { type: 'string', default: '' },
        description: 'Annotations.',
      },
      creationTimestamp: ref(`${meta}.Time`),
      deletionGracePeriodSeconds: {
        type: 'integer',
        format: 'int64',
        description: 'Seconds allowed for graceful termination.',
      },
      deletionTimestamp: ref(`${meta}.Time`),
      finalizers: strings('Must be empty before the object is deleted from the registry.'),
      generateName: str('An optional prefix used by the server to generate a unique name.'),
      generation: {
        type: 'integer',
        format: 'int64',
        description: 'A sequence number representing a specific generation of the desired state.',
      },
      labels: {
        type: 'object',
        additionalProperties: { type: 'string', default: '' },
        description: 'Labels.',
      },
      managedFields: {
        type: 'array',
        items: ref(`${meta}.ManagedFieldsEntry`),
        description: 'Managed fields.',
      },
      name: str('Name must be unique within a namespace.'),
      namespace: str('Namespace defines the space within which each name must be unique.'),
      ownerReferences: {
        type: 'array',
        items: ref(`${meta}.OwnerReference`),
        description: 'Owners.',
      },
      resourceVersion: str('An opaque value that represents the internal version of this object.'),
      selfLink: str('Deprecated.'),
      uid: str('UID is the unique in time and space value for this object.'),
    },
  },
  [`${meta}.ListMeta`]: {
    type: 'object',
    description: 'ListMeta describes metadata that synthetic resources must have.',
    properties: {
      continue: str('Set if the user should retrieve more results from the server.'),
      remainingItemCount: {
        type: 'integer',
        format: 'int64',
        description: 'The number of subsequent items in the list.',
      },
      resourceVersion: str('The version of this list.'),
      selfLink: str('Deprecated.'),
    },
  },
};

/** `stable.example.com`, `v1`, `CronTab` -> `com.example.stable.v1.CronTab`. */
export function crdSchemaName(group: string, version: string, kind: string): string {
  return [...group.split('.').reverse(), version, kind].join('.');
}

/** The components.schemas of a CRD-backed resource's version; `{}` for built-in kinds. */
export function crdSchemas(def: ResourceDef, version: string): Record<string, object> {
  const schema = def.versions.find((v) => v.name === version)?.schema as
    { properties?: Record<string, unknown> } | undefined;
  if (!def.crdName || !schema) return {};
  const name = crdSchemaName(def.group, version, def.kind);
  const gvk = (kind: string) => [{ group: def.group, version, kind }];
  return {
    ...metaSchemas,
    [name]: {
      ...schema,
      properties: { ...schema.properties, ...typeMeta, metadata: ref(`${meta}.ObjectMeta`) },
      'x-kubernetes-group-version-kind': gvk(def.kind),
    },
    [`${name}List`]: {
      type: 'object',
      description: `${def.kind}List is a list of ${def.kind}`,
      required: ['items'],
      properties: {
        ...typeMeta,
        items: { type: 'array', items: { $ref: `#/components/schemas/${name}` } },
        metadata: ref(`${meta}.ListMeta`),
      },
      'x-kubernetes-group-version-kind': gvk(def.listKind),
    },
  };
}
