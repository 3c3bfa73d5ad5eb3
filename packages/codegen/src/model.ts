/**
 * The intermediate model both inputs (CRD YAML, resource tables) are read into, and the
 * emitters write from.
 * @packageDocumentation
 */

/** One resource of a group version. */
export interface ResourceModel {
  kind: string;
  /** Lower-case plural, e.g. `tfjobs`. */
  plural: string;
  singular: string;
  listKind: string;
  namespaced: boolean;
  shortNames: string[];
  /** Served subresources (`status`, `scale`, `log`, ...), sorted. */
  subresources: string[];
  /** Categories (`all`) the resource belongs to; undefined: none known. */
  categories?: string[];
  /**
   * Discovery verbs (`get`, `list`, `watch`, `create`, ...); undefined: all of them. Clients
   * leave out the methods of missing verbs; resources without list and watch get no informer.
   */
  verbs?: string[];
  /** The TypeScript type of the objects (`TFJob`, `V1Pod`). */
  typeName: string;
  /** The TypeScript type of lists; undefined: `KubeList<typeName>`. */
  listTypeName: string | undefined;
  /** The runtime client class: `ResourceClient`, or an expansion such as `PodClient`. */
  clientClass: string;
}

/** One group version and what to generate for it. */
export interface GroupVersionModel {
  group: string;
  version: string;
  /** Sorted by kind. */
  resources: ResourceModel[];
  /**
   * Where the object types come from: `{ declarations }` generated from schemas into
   * `types.ts`, or `{ module }` to import them from (e.g. `@kubernetes/client-node`).
   */
  types: { declarations: string } | { module: string };
}

/** Everything one generator run writes. */
export interface GenerationModel {
  /** Sorted by group, then version. */
  groupVersions: GroupVersionModel[];
  /**
   * The module generated code imports the clientset runtime from (`ResourceClient`,
   * `informerFor`, ...): a package name, or a path relative to the output directory
   * (starting with `.`).
   */
  runtimeModule: string;
  /** Modules of types written as they are (OpenAPI input: one per schema package), unformatted. */
  typeModules?: GeneratedFile[];
  /**
   * The module whose `Clientset`, `newInformerFactory` / `InformerFactory` and `addToScheme`
   * the generated root modules extend (for CRD clients: @kubekit/clientset, so built-in and
   * custom groups are one client object); undefined: standalone (the built-in clientset itself).
   */
  base?: string | undefined;
}

/** A generated file: a `/`-separated path relative to the output directory, and its text. */
export interface GeneratedFile {
  path: string;
  content: string;
}
