/**
 * OpenAPI v3 documents as kube-apiserver serves them (`/openapi/v3/apis/<group>/<version>`):
 * read, checked and merged into one schema table and one list of path operations.
 *
 * @see https://github.com/kubernetes/kube-openapi/tree/master/pkg/spec3
 * @packageDocumentation
 */
import { CodegenError } from './codegen-error';

/** One input document: where it came from (a file or URL, for errors) and its parsed JSON. */
export interface OpenApiInput {
  source: string;
  value: unknown;
}

/** A group-version-kind as the `x-kubernetes-group-version-kind` extension gives it. */
export interface OpenApiGvk {
  group: string;
  version: string;
  kind: string;
}

/** One operation of a path, reduced to what generation reads. */
export interface OpenApiOperation {
  /** The path, e.g. `/api/v1/namespaces/{namespace}/pods/{name}/status`. */
  path: string;
  /** Lower-case HTTP method. */
  method: string;
  /** `x-kubernetes-action`: get, list, watch, watchlist, post, put, patch, delete, deletecollection, connect. */
  action: string;
  gvk: OpenApiGvk | undefined;
  /** The schema name the JSON request body refers to, if any. */
  requestSchema: string | undefined;
  /** The schema name the JSON response refers to, if any. */
  responseSchema: string | undefined;
}

/** Every schema and operation of a set of documents. */
export interface OpenApiSpec {
  /** By schema name (`io.k8s.api.core.v1.Pod`), in the order first seen. */
  schemas: Map<string, Record<string, unknown>>;
  operations: OpenApiOperation[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;
const refPrefix = '#/components/schemas/';

/** The schema name a `$ref` (possibly wrapped in a one-element `allOf`) points to. */
export function refName(schema: unknown): string | undefined {
  if (!isRecord(schema)) return undefined;
  if (typeof schema.$ref === 'string' && schema.$ref.startsWith(refPrefix))
    return schema.$ref.slice(refPrefix.length);
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) return refName(schema.allOf[0]);
  return undefined;
}

function mediaSchema(content: unknown): unknown {
  if (!isRecord(content)) return undefined;
  const media = content['application/json'] ?? content['*/*'] ?? Object.values(content)[0];
  return isRecord(media) ? media.schema : undefined;
}

function gvkOf(value: unknown): OpenApiGvk | undefined {
  if (!isRecord(value)) return undefined;
  const { group, version, kind } = value;
  if (typeof group !== 'string' || typeof version !== 'string' || typeof kind !== 'string')
    return undefined;
  return { group, version, kind };
}

/**
 * Reads `inputs` into one {@link OpenApiSpec}. A schema defined in several documents (as
 * `ObjectMeta` is in every one) must be the same in each.
 *
 * @throws {@link CodegenError} `InvalidOpenApi` naming the source and JSON path of what is wrong,
 *   `Conflict` when two documents define one schema differently.
 */
export function readOpenApi(inputs: readonly OpenApiInput[]): OpenApiSpec {
  const schemas = new Map<string, Record<string, unknown>>();
  const origin = new Map<string, string>();
  const operations: OpenApiOperation[] = [];
  for (const { source, value } of inputs) {
    const fail = (path: string, message: string) =>
      new CodegenError('InvalidOpenApi', message, { file: source, path });
    if (!isRecord(value)) throw fail('', 'an OpenAPI document is a JSON object');
    if (typeof value.openapi !== 'string' || !value.openapi.startsWith('3.'))
      throw fail('openapi', 'not an OpenAPI v3 document (openapi: "3.x" is required)');
    const components = value.components ?? {};
    if (!isRecord(components) || !isRecord(components.schemas ?? {}))
      throw fail('components.schemas', 'components.schemas must be an object');
    for (const [name, schema] of Object.entries((components.schemas ?? {}) as object)) {
      if (!isRecord(schema)) throw fail(`components.schemas.${name}`, 'a schema must be an object');
      const seen = schemas.get(name);
      if (seen && JSON.stringify(seen) !== JSON.stringify(schema))
        throw new CodegenError(
          'Conflict',
          `schema ${name} differs from its definition in ${origin.get(name)}`,
          { file: source, path: `components.schemas.${name}` },
        );
      if (!seen) {
        schemas.set(name, schema);
        origin.set(name, source);
      }
    }
    const paths = value.paths ?? {};
    if (!isRecord(paths)) throw fail('paths', 'paths must be an object');
    for (const [path, item] of Object.entries(paths)) {
      if (!isRecord(item)) throw fail(`paths.${path}`, 'a path item must be an object');
      for (const method of methods) {
        const op = item[method];
        if (op === undefined) continue;
        if (!isRecord(op)) throw fail(`paths.${path}.${method}`, 'an operation must be an object');
        const action = op['x-kubernetes-action'];
        if (typeof action !== 'string') continue;
        const ok = isRecord(op.responses)
          ? (op.responses['200'] ?? op.responses['201'])
          : undefined;
        operations.push({
          path,
          method,
          action,
          gvk: gvkOf(op['x-kubernetes-group-version-kind']),
          requestSchema: refName(
            mediaSchema(isRecord(op.requestBody) ? op.requestBody.content : undefined),
          ),
          responseSchema: refName(mediaSchema(isRecord(ok) ? ok.content : undefined)),
        });
      }
    }
  }
  for (const [name, schema] of schemas) checkRefs(schema, name, schemas, origin.get(name)!);
  return { schemas, operations };
}

/** Every `$ref` under `node` must name a schema of the spec. */
function checkRefs(
  node: unknown,
  path: string,
  schemas: Map<string, unknown>,
  source: string,
): void {
  if (Array.isArray(node)) {
    node.forEach((n, i) => checkRefs(n, `${path}[${i}]`, schemas, source));
    return;
  }
  if (!isRecord(node)) return;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.startsWith(refPrefix) ? node.$ref.slice(refPrefix.length) : undefined;
    if (name === undefined || !schemas.has(name))
      throw new CodegenError(
        'InvalidOpenApi',
        `$ref ${JSON.stringify(node.$ref)} names no schema of the input (only #/components/schemas/... references are supported)`,
        { file: source, path: `components.schemas.${path}.$ref` },
      );
  }
  for (const [k, v] of Object.entries(node))
    if (k !== 'enum' && k !== 'default' && k !== 'example')
      checkRefs(v, `${path}.${k}`, schemas, source);
}
