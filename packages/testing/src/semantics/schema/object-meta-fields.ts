/** The fields of ObjectMeta in its declaration order (the order kube serializes them in). */
export const objectMetaFieldOrder: readonly string[] = [
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
];

/** The fields of ObjectMeta: what survives in the `metadata` of a custom or embedded resource. */
export const objectMetaFields: ReadonlySet<string> = new Set(objectMetaFieldOrder);

/** The fields of a resource that schemas never prune: apiVersion, kind and metadata. */
export const resourceMetaFields: ReadonlySet<string> = new Set(['apiVersion', 'kind', 'metadata']);
