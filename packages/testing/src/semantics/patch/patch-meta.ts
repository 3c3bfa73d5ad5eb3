import type { GroupVersionKind } from '@kubekit/apimachinery';
import {
  additionalPropertiesSchema,
  itemsSchema,
  type JSONSchemaProps,
} from '../schema/json-schema-props';

/**
 * What strategic merge patch and server-side apply need to know about a field: how its lists
 * merge (patch strategy and merge key for SMP, list type and map keys for apply) and the types of
 * its children. A field the tables do not describe merges as a plain map (objects) or is replaced
 * whole (lists), which is what kube-apiserver does for lists without a patch strategy.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/strategicpatch/meta.go
 */
export interface TypeNode {
  /** Known fields of a struct. */
  fields?: Record<string, TypeNode>;
  /** The type of the values of a map (or of unknown fields of a struct). */
  values?: TypeNode;
  /** The type of the elements of a list. */
  items?: TypeNode;
  /** How a list merges under apply: `atomic` (replaced whole), `set` of scalars, `map` by keys. */
  listType?: 'atomic' | 'set' | 'map';
  /** `patchStrategy:"merge"` for strategic merge patch. */
  mergeStrategy?: boolean;
  /** `patchMergeKey` for strategic merge patch (one field). */
  mergeKey?: string;
  /** `x-kubernetes-list-map-keys` for apply (defaults to `[mergeKey]`). */
  mapKeys?: string[];
  /** Defaults of map keys an element may omit (`protocol: TCP` for ports). */
  keyDefaults?: Record<string, string | number | boolean>;
  /** A map or struct that is replaced whole (`x-kubernetes-map-type: atomic`). */
  atomic?: boolean;
  /**
   * An object of a custom resource: kube's field manager compares a created custom resource
   * with an empty one (no Go zero value with empty structs), so an Update that adds the object
   * owns it itself (`".": {}`), unlike the structs of built-in kinds.
   */
  unstructured?: boolean;
}

const struct = (fields: Record<string, TypeNode>): TypeNode => ({ fields });
const mapList = (
  items: TypeNode,
  mergeKey: string,
  mapKeys?: string[],
  keyDefaults?: TypeNode['keyDefaults'],
): TypeNode => ({
  items,
  listType: 'map',
  mergeStrategy: true,
  mergeKey,
  mapKeys: mapKeys ?? [mergeKey],
  keyDefaults,
});
const setList = (): TypeNode => ({ listType: 'set', mergeStrategy: true });
const atomicList = (): TypeNode => ({ listType: 'atomic' });
const conditions = (): TypeNode => mapList({}, 'type');
const stringMap = (): TypeNode => ({ values: {} });

const objectMeta = struct({
  labels: stringMap(),
  annotations: stringMap(),
  finalizers: setList(),
  ownerReferences: mapList({}, 'uid'),
  managedFields: atomicList(),
});

const container = struct({
  ports: mapList({}, 'containerPort', ['containerPort', 'protocol'], { protocol: 'TCP' }),
  env: mapList(struct({ valueFrom: struct({}) }), 'name'),
  envFrom: atomicList(),
  volumeMounts: mapList({}, 'mountPath'),
  volumeDevices: mapList({}, 'devicePath'),
  resizePolicy: atomicList(),
  command: atomicList(),
  args: atomicList(),
});

const podSpec = struct({
  volumes: mapList({}, 'name'),
  initContainers: mapList(container, 'name'),
  containers: mapList(container, 'name'),
  ephemeralContainers: mapList(container, 'name'),
  imagePullSecrets: mapList({}, 'name'),
  tolerations: atomicList(),
  hostAliases: mapList({}, 'ip'),
  topologySpreadConstraints: mapList({}, 'topologyKey', ['topologyKey', 'whenUnsatisfiable']),
  readinessGates: atomicList(),
  resourceClaims: mapList({}, 'name'),
  schedulingGates: mapList({}, 'name'),
});

const podTemplateSpec = struct({ metadata: objectMeta, spec: podSpec });
/** metav1.LabelSelector is `+structType=atomic`: apply and managedFields see it whole. */
const labelSelector: TypeNode = { fields: { matchExpressions: atomicList() }, atomic: true };
const podStatus = struct({
  conditions: conditions(),
  podIPs: mapList({}, 'ip'),
  hostIPs: mapList({}, 'ip'),
  containerStatuses: atomicList(),
  initContainerStatuses: atomicList(),
  ephemeralContainerStatuses: atomicList(),
});
const workloadStatus = struct({ conditions: conditions() });
const workload = (spec: Record<string, TypeNode>): TypeNode =>
  struct({
    spec: struct({ selector: labelSelector, template: podTemplateSpec, ...spec }),
    status: workloadStatus,
  });
const jobSpec = struct({ selector: labelSelector, template: podTemplateSpec });

/** Root types of the built-in kinds, keyed `group/Kind` (`/Pod` for the core group). */
const builtinKinds: Record<string, TypeNode> = {
  '/Pod': struct({ spec: podSpec, status: podStatus }),
  '/PodTemplate': struct({ template: podTemplateSpec }),
  '/ReplicationController': struct({
    spec: struct({ template: podTemplateSpec }),
    status: workloadStatus,
  }),
  '/Service': struct({
    spec: struct({
      ports: mapList({}, 'port', ['port', 'protocol'], { protocol: 'TCP' }),
      selector: { values: {}, atomic: true },
      clusterIPs: atomicList(),
      externalIPs: atomicList(),
      ipFamilies: atomicList(),
    }),
    status: struct({ conditions: conditions() }),
  }),
  '/Node': struct({
    spec: struct({ podCIDRs: setList(), taints: atomicList() }),
    status: struct({
      conditions: conditions(),
      addresses: mapList({}, 'type'),
      images: atomicList(),
      volumesAttached: atomicList(),
    }),
  }),
  '/Event': struct({ involvedObject: { atomic: true }, related: { atomic: true } }),
  'events.k8s.io/Event': struct({ regarding: { atomic: true }, related: { atomic: true } }),
  '/Namespace': struct({ status: struct({ conditions: conditions() }) }),
  '/PersistentVolumeClaim': struct({ status: struct({ conditions: conditions() }) }),
  '/Endpoints': struct({ subsets: atomicList() }),
  '/ConfigMap': struct({ data: stringMap(), binaryData: stringMap() }),
  '/Secret': struct({ data: stringMap(), stringData: stringMap() }),
  '/ServiceAccount': struct({ secrets: mapList({}, 'name'), imagePullSecrets: atomicList() }),
  'apps/Deployment': workload({}),
  'apps/StatefulSet': workload({ volumeClaimTemplates: atomicList() }),
  'apps/DaemonSet': workload({}),
  'apps/ReplicaSet': workload({}),
  'batch/Job': struct({ spec: jobSpec, status: struct({ conditions: conditions() }) }),
  'batch/CronJob': struct({
    spec: struct({ jobTemplate: struct({ metadata: objectMeta, spec: jobSpec }) }),
    status: struct({ active: atomicList() }),
  }),
  'policy/PodDisruptionBudget': struct({ status: struct({ conditions: conditions() }) }),
  'apiextensions.k8s.io/CustomResourceDefinition': struct({
    spec: struct({ versions: atomicList() }),
    status: struct({ conditions: conditions() }),
  }),
};

const builtinGroups = new Set(['', 'apps', 'batch', 'autoscaling', 'policy', 'extensions']);

/**
 * True when `group` is served by kube-apiserver itself (the core group, `apps`, `batch`, ...,
 * and every `*.k8s.io` group), so that strategic merge patch applies to its kinds.
 */
export function isBuiltinGroup(group: string): boolean {
  return builtinGroups.has(group) || group.endsWith('.k8s.io');
}

/** Adds the ObjectMeta description under `metadata` of a root type. */
function withObjectMeta(root: TypeNode): TypeNode {
  return { ...root, fields: { ...root.fields, metadata: objectMeta } };
}

/**
 * The type description of a built-in kind (every kind gets at least its `metadata` rules:
 * finalizers as a set, ownerReferences by uid).
 */
export function builtinTypeNode(gvk: Pick<GroupVersionKind, 'group' | 'kind'>): TypeNode {
  return withObjectMeta(builtinKinds[`${gvk.group}/${gvk.kind}`] ?? {});
}

/**
 * Converts a CRD's structural schema into a {@link TypeNode}: lists follow
 * `x-kubernetes-list-type` / `x-kubernetes-list-map-keys` (atomic when unset, as for apply),
 * maps follow `x-kubernetes-map-type`. The root gets the ObjectMeta rules under `metadata`.
 */
export function typeNodeFromSchema(schema: JSONSchemaProps | undefined): TypeNode {
  return withObjectMeta(convert(schema));
}

function convert(schema: JSONSchemaProps | undefined): TypeNode {
  if (!schema) return {};
  if (schema['x-kubernetes-embedded-resource']) {
    return withObjectMeta(convertObject(schema));
  }
  if (schema.type === 'array') {
    const listType = schema['x-kubernetes-list-type'] ?? 'atomic';
    const keys = schema['x-kubernetes-list-map-keys'];
    return {
      items: convert(itemsSchema(schema)),
      listType,
      mergeStrategy: listType !== 'atomic',
      mergeKey: listType === 'map' ? keys?.[0] : undefined,
      mapKeys: listType === 'map' ? keys : undefined,
      keyDefaults: listType === 'map' ? keyDefaultsOf(itemsSchema(schema), keys) : undefined,
    };
  }
  return convertObject(schema);
}

function keyDefaultsOf(
  items: JSONSchemaProps | undefined,
  keys: string[] | undefined,
): TypeNode['keyDefaults'] {
  const out: NonNullable<TypeNode['keyDefaults']> = {};
  for (const k of keys ?? []) {
    const d = items?.properties?.[k]?.default;
    if (typeof d === 'string' || typeof d === 'number' || typeof d === 'boolean') out[k] = d;
  }
  return Object.keys(out).length ? out : undefined;
}

function convertObject(schema: JSONSchemaProps): TypeNode {
  const node: TypeNode = { unstructured: true };
  if (schema.properties) {
    node.fields = Object.fromEntries(
      Object.entries(schema.properties).map(([k, v]) => [k, convert(v)]),
    );
  }
  const values = additionalPropertiesSchema(schema);
  if (values) node.values = convert(values);
  if (schema['x-kubernetes-map-type'] === 'atomic') node.atomic = true;
  return node;
}

/** The description of field `name` of a struct or map described by `node`. */
export function childNode(node: TypeNode | undefined, name: string): TypeNode | undefined {
  if (node?.fields && Object.hasOwn(node.fields, name)) return node.fields[name];
  return node?.values;
}

/** The keys that identify an element of an associative list (apply), if it is one. */
export function listMapKeys(node: TypeNode | undefined): string[] | undefined {
  if (node?.listType !== 'map') return undefined;
  return node.mapKeys ?? (node.mergeKey ? [node.mergeKey] : undefined);
}
