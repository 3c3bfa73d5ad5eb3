/**
 * The `openapi` input: types, typed clients, informers and scheme registration from OpenAPI v3
 * documents (files, or a live cluster's `/openapi/v3`), with discovery's short names and
 * categories when given.
 * @packageDocumentation
 */
import { compareKubeAwareVersions } from '@kubekit/apimachinery';
import { CodegenError } from './codegen-error';
import { DefaultRuntimeModule, generateFiles, isBuiltinGroup } from './generate';
import type { GeneratedFile, GroupVersionModel, ResourceModel } from './model';
import { groupVersionDir } from './names';
import { readOpenApi, type OpenApiInput } from './openapi-document';
import {
  resourcesFromPaths,
  withDiscovery,
  type ApiResource,
  type ApiResourceList,
} from './openapi-resources';
import { OpenApiTypes } from './openapi-types';

/**
 * Runtime client classes with a resource's expansion methods (client-go's `*_expansion.go`),
 * by `group/plural`; other resources get `ResourceClient`.
 */
const expansions: Record<string, string> = {
  '/pods': 'PodClient',
  '/serviceaccounts': 'ServiceAccountClient',
};

/** Options of {@link generateFromOpenApi}. */
export interface GenerateFromOpenApiOptions {
  /** The module of the clientset runtime (default `@kubekit/clientset`). */
  runtimeModule?: string;
  /**
   * APIResourceLists as the server serves them (`/api/v1`, `/apis/<group>/<version>`): their
   * short names, categories and singular names complete what the documents' paths say.
   */
  discovery?: { source: string; value: unknown };
  /**
   * Only these group versions get clients (`v1`, `apps/v1`, `stable.example.com/v1`); types
   * are generated for every schema either way. Default: every group version with resources.
   */
  groupVersions?: readonly string[];
}

function resourceModel(
  gv: ApiResourceList,
  r: ApiResource,
  subresources: string[],
  types: OpenApiTypes,
  listSchema: string | undefined,
): ResourceModel {
  const [group, version] = gv.groupVersion.includes('/')
    ? gv.groupVersion.split('/')
    : ['', gv.groupVersion];
  const schema = types.kindSchema({ group: group!, version: version!, kind: r.kind });
  const dir = groupVersionDir(group!, version!);
  if (!schema || types.dirOf(schema) !== dir)
    throw new CodegenError(
      'InvalidOpenApi',
      `no schema of kind ${r.kind} (${gv.groupVersion}) in the documents' components, which resource ${r.name} needs`,
    );
  const list = listSchema && types.dirOf(listSchema) === dir ? types.nameOf(listSchema) : undefined;
  return {
    kind: r.kind,
    plural: r.name,
    singular: r.singularName,
    listKind: list ?? `${r.kind}List`,
    namespaced: r.namespaced,
    shortNames: [...(r.shortNames ?? [])].sort(),
    categories: [...(r.categories ?? [])],
    subresources: subresources.sort(),
    verbs: r.verbs,
    typeName: types.nameOf(schema),
    listTypeName: list,
    clientClass: expansions[`${group}/${r.name}`] ?? 'ResourceClient',
  };
}

/**
 * Generates model types for every schema of `inputs` (one module per schema package) and
 * typed clients, informers, listers and addToScheme for every resource of their paths.
 *
 * @throws {@link CodegenError} `InvalidOpenApi` or `Conflict`, naming the source and JSON path.
 */
export async function generateFromOpenApi(
  inputs: readonly OpenApiInput[],
  options: GenerateFromOpenApiOptions = {},
): Promise<GeneratedFile[]> {
  const spec = readOpenApi(inputs);
  const types = new OpenApiTypes(spec);
  let lists = resourcesFromPaths(spec);
  if (options.discovery)
    lists = withDiscovery(lists, options.discovery.value, options.discovery.source);
  if (options.groupVersions) {
    const wanted = new Set(options.groupVersions);
    const missing = [...wanted].filter((gv) => !lists.some((l) => l.groupVersion === gv));
    if (missing.length)
      throw new CodegenError(
        'InvalidOpenApi',
        `no resources of ${missing.join(', ')} in the documents`,
      );
    lists = lists.filter((l) => wanted.has(l.groupVersion));
  }
  const listSchemas = new Map<string, string>();
  for (const op of spec.operations)
    if (op.action === 'list' && op.responseSchema && op.gvk)
      listSchemas.set(`${op.gvk.group}/${op.gvk.version}/${op.gvk.kind}`, op.responseSchema);
  const groupVersions: GroupVersionModel[] = lists
    .map((gv) => {
      const [group, version] = gv.groupVersion.includes('/')
        ? gv.groupVersion.split('/')
        : ['', gv.groupVersion];
      const resources = gv.resources
        .filter((r) => !r.name.includes('/'))
        .map((r) =>
          resourceModel(
            gv,
            r,
            gv.resources
              .filter((s) => s.name.startsWith(`${r.name}/`))
              .map((s) => s.name.slice(r.name.length + 1)),
            types,
            listSchemas.get(`${group}/${version}/${r.kind}`),
          ),
        )
        .sort((a, b) => (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
      return {
        group: group!,
        version: version!,
        resources,
        // relative to the output directory
        types: { module: `./${groupVersionDir(group!, version!)}/types.js` },
      };
    })
    .filter((gv) => gv.resources.length > 0)
    .sort(
      (a, b) =>
        (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) ||
        compareKubeAwareVersions(b.version, a.version),
    );
  const runtimeModule = options.runtimeModule ?? DefaultRuntimeModule;
  // only custom groups (a cluster's CRDs): extend the built-in Clientset, as CRD mode does
  const custom = groupVersions.length > 0 && groupVersions.every((gv) => !isBuiltinGroup(gv.group));
  return generateFiles({
    groupVersions,
    runtimeModule,
    typeModules: types.modules(),
    base: custom ? runtimeModule : undefined,
  });
}
