import type { KubeObject, ObjectMeta } from '@kubekit/apimachinery';

/**
 * Builders for the objects tests create most: namespaces, pods, config maps, deployments and
 * CustomResourceDefinitions. Each returns a plain JSON object ready to POST or to pass to
 * `server.storage.create`; `overrides` are merged shallowly into metadata / spec.
 */

/** Metadata overrides accepted by every builder. */
export type MetaOverrides = Partial<ObjectMeta>;

/** A v1 Namespace. */
function namespace(name: string, meta: MetaOverrides = {}): KubeObject {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name, ...meta } };
}

/** Options of {@link fixtures.pod}. */
export interface PodFixtureOptions {
  namespace?: string;
  labels?: Record<string, string>;
  image?: string;
  nodeName?: string;
  /** Containers (default: one container `main` running `image`). */
  containers?: Array<{ name: string; image: string; command?: string[] }>;
  meta?: MetaOverrides;
}

/** A v1 Pod with one container (or the given ones). */
function pod(
  name: string,
  opts: PodFixtureOptions = {},
): KubeObject & { spec: Record<string, unknown> } {
  const spec: Record<string, unknown> = {
    containers: opts.containers ?? [{ name: 'main', image: opts.image ?? 'busybox:1.36' }],
  };
  if (opts.nodeName) spec.nodeName = opts.nodeName;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: opts.namespace ?? 'default', labels: opts.labels, ...opts.meta },
    spec,
  };
}

/** A v1 ConfigMap with string data. */
function configMap(
  name: string,
  data: Record<string, string> = {},
  meta: MetaOverrides = {},
): KubeObject & { data: Record<string, string> } {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', ...meta },
    data,
  };
}

/** An apps/v1 Deployment whose selector and template carry `app: <name>`. */
function deployment(
  name: string,
  opts: { replicas?: number; image?: string; meta?: MetaOverrides } = {},
): KubeObject & { spec: Record<string, unknown> } {
  const labels = { app: name };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default', ...opts.meta },
    spec: {
      replicas: opts.replicas ?? 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: 'main', image: opts.image ?? 'busybox:1.36' }] },
      },
    },
  };
}

/** Options of {@link fixtures.crd}. */
export interface CrdFixtureOptions {
  group: string;
  kind: string;
  /** Plural resource name (default: lower-case kind + `s`). */
  plural?: string;
  scope?: 'Namespaced' | 'Cluster';
  /** Served versions; the first is the storage version (default `['v1']`). */
  versions?: string[];
  /** openAPIV3Schema of every version (default: spec and status preserving unknown fields). */
  schema?: Record<string, unknown>;
  shortNames?: string[];
  categories?: string[];
  /** Enable the status subresource (default true). */
  status?: boolean;
  /** Enable the scale subresource on spec.replicas / status.replicas. */
  scale?: boolean;
  printerColumns?: Array<{ name: string; type: string; jsonPath: string }>;
}

const defaultSchema = {
  type: 'object',
  properties: {
    spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
  },
};

/** An apiextensions.k8s.io/v1 CustomResourceDefinition. */
function crd(opts: CrdFixtureOptions): KubeObject & { spec: Record<string, any> } {
  const plural = opts.plural ?? `${opts.kind.toLowerCase()}s`;
  const versions = opts.versions ?? ['v1'];
  const subresources: Record<string, unknown> = {};
  if (opts.status !== false) subresources.status = {};
  if (opts.scale)
    subresources.scale = {
      specReplicasPath: '.spec.replicas',
      statusReplicasPath: '.status.replicas',
    };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${opts.group}` },
    spec: {
      group: opts.group,
      scope: opts.scope ?? 'Namespaced',
      names: {
        plural,
        singular: opts.kind.toLowerCase(),
        kind: opts.kind,
        listKind: `${opts.kind}List`,
        shortNames: opts.shortNames,
        categories: opts.categories,
      },
      versions: versions.map((name, i) => ({
        name,
        served: true,
        storage: i === 0,
        schema: { openAPIV3Schema: opts.schema ?? defaultSchema },
        subresources,
        additionalPrinterColumns: opts.printerColumns,
      })),
    },
  };
}

/** Object builders for tests. */
export const fixtures = { namespace, pod, configMap, deployment, crd };
