import { createHash } from 'node:crypto';
import { apiVersionOf, type ResourceDef } from '../storage/resource-def';
import { crdSchemaName, crdSchemas } from './openapi-schemas';
import type { Registry } from './registry';

/**
 * A minimal OpenAPI v3 surface: the `/openapi/v3` index of group-versions and, per
 * group-version, one operation per verb carrying `x-kubernetes-group-version-kind` and the
 * `fieldValidation` query parameter. That is what kubectl reads to decide that the server
 * validates fields itself (so it skips client-side schema validation). Schemas are served for
 * custom resources (what `kubekit-gen openapi --from-cluster` reads), not for built-in kinds.
 *
 * @see https://github.com/kubernetes/cli-runtime/blob/master/pkg/resource/query_param_verifier_v3.go
 */

function gvPath(group: string, version: string): string {
  return group ? `apis/${group}/${version}` : `api/${version}`;
}

/** `/openapi/v3`: every served group-version with the URL of its document. */
export function openApiIndex(registry: Registry): object {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  const hash = createHash('sha256')
    .update(String(registry.generation))
    .digest('hex')
    .slice(0, 16)
    .toUpperCase();
  for (const g of registry.groups()) {
    for (const v of g.versions)
      paths[gvPath(g.name, v)] = {
        serverRelativeURL: `/openapi/v3/${gvPath(g.name, v)}?hash=${hash}`,
      };
  }
  return { paths };
}

const queryParams = ['dryRun', 'fieldManager', 'fieldValidation'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true },
}));

function operations(def: ResourceDef, version: string, schema?: string): Record<string, object> {
  const gvk = { 'x-kubernetes-group-version-kind': { group: def.group, version, kind: def.kind } };
  const op = (id: string, action: string, response = schema): object => ({
    operationId: `${id}${def.kind}`,
    'x-kubernetes-action': action,
    ...gvk,
    parameters: queryParams,
    responses: {
      '200': {
        description: 'OK',
        ...(response
          ? {
              content: {
                'application/json': { schema: { $ref: `#/components/schemas/${response}` } },
              },
            }
          : {}),
      },
    },
  });
  const prefix = `/${gvPath(def.group, version)}${def.namespaced ? '/namespaces/{namespace}' : ''}/${def.resource}`;
  return {
    [prefix]: {
      get: op('list', 'list', schema && `${schema}List`),
      post: op('create', 'post'),
      delete: op('deleteCollection', 'deletecollection'),
    },
    [`${prefix}/{name}`]: {
      get: op('read', 'get'),
      put: op('replace', 'put'),
      patch: op('patch', 'patch'),
      delete: op('delete', 'delete'),
    },
    ...(def.status
      ? {
          [`${prefix}/{name}/status`]: {
            get: op('readStatus', 'get'),
            put: op('replaceStatus', 'put'),
            patch: op('patchStatus', 'patch'),
          },
        }
      : {}),
  };
}

/** `/openapi/v3/apis/{group}/{version}`, or undefined when that group-version is not served. */
export function openApiGroupVersion(
  registry: Registry,
  group: string,
  version: string,
  gitVersion: string,
): object | undefined {
  const paths: Record<string, object> = {};
  const schemas: Record<string, object> = {};
  let served = false;
  for (const def of registry.all()) {
    if (def.group !== group || !def.versions.some((v) => v.name === version)) continue;
    served = true;
    const published = crdSchemas(def, version);
    Object.assign(schemas, published);
    const name = crdSchemaName(def.group, version, def.kind);
    Object.assign(paths, operations(def, version, name in published ? name : undefined));
  }
  if (!served) return undefined;
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: gitVersion, description: apiVersionOf(group, version) },
    paths,
    components: { schemas },
  };
}
