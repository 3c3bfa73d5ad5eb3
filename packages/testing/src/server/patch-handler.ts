import { StatusError, newBadRequest, newInvalid, newNotFound } from '@kubekit/apimachinery';
import { managerFor, typeSourceFor } from './field-tracking';
import { groupResource, keyOf } from '../storage/resource-keys';
import { GoJsonError, cannotUnmarshal, parseGoJson } from '../go/go-json';
import { readBody, sendJson } from './http-util';
import {
  PatchError,
  applyJsonPatch,
  isJsonObject,
  applyMergePatch,
  applyStrategicMergePatch,
  newApplyConflictError,
  serverSideApply,
  supportsStrategicMergePatch,
  unsupportedStrategicMergePatch,
} from '../semantics/patch';
import { respondObject, type ResourceCall } from './resource-call';
import { apiVersionOf, resourceKey } from '../storage/resource-def';
import { getScale, updateScale } from './scale';
import type { Obj } from '../storage/store';
import { versionKindError } from './object-decoding';
import { invalid } from '../semantics/schema/field-error';
import { parseDryRun } from './write-options';
import { parseYamlBody } from './yaml-body';

const jsonPatch = 'application/json-patch+json';
const mergePatch = 'application/merge-patch+json';
const strategicPatch = 'application/strategic-merge-patch+json';
const applyPatch = 'application/apply-patch+yaml';

function unsupportedMediaType(builtin: boolean): StatusError {
  const types = builtin
    ? [jsonPatch, mergePatch, strategicPatch, applyPatch]
    : [jsonPatch, mergePatch, applyPatch];
  return new StatusError({
    code: 415,
    reason: 'UnsupportedMediaType',
    message: `the body of the request was in an unknown format - accepted media types include: ${types.join(', ')}`,
  });
}

/**
 * Decodes a patch body with Go's texts for what kube-apiserver cannot read: JSON and merge
 * patches prefix them with `error decoding patch: `, strategic merge patches do not.
 */
function decodePatch(contentType: string, text: string): unknown {
  const prefix = contentType === strategicPatch ? '' : 'error decoding patch: ';
  try {
    const value = parseGoJson(text);
    if (contentType === jsonPatch) {
      const opsType = '[]handlers.jsonPatchOp';
      if (value !== null && !Array.isArray(value)) throw cannotUnmarshal(value, opsType);
      const bad = (value ?? []).find((op: unknown) => op !== null && !isJsonObject(op));
      if (bad !== undefined) throw cannotUnmarshal(bad, 'handlers.jsonPatchOp');
    } else if (value !== null && !isJsonObject(value)) {
      throw cannotUnmarshal(value, 'map[string]interface {}');
    }
    return value;
  } catch (err) {
    if (err instanceof GoJsonError) throw newBadRequest(prefix + err.message);
    throw err;
  }
}

function patchDocument(
  contentType: string,
  doc: Obj,
  text: string,
  gvk: { group: string; kind: string },
): Obj {
  try {
    const patch = decodePatch(contentType, text);
    if (contentType === jsonPatch) return patch === null ? doc : applyJsonPatch(doc, patch);
    if (contentType === mergePatch) {
      if (patch === null) throw newBadRequest('Invalid JSON Patch');
      return applyMergePatch(doc, patch as Obj);
    }
    if (!supportsStrategicMergePatch(gvk)) throw unsupportedStrategicMergePatch();
    return patch === null ? doc : applyStrategicMergePatch(doc, patch as Obj, gvk);
  } catch (err) {
    if (PatchError.isInstance(err)) throw (err as PatchError).toStatusError();
    throw err;
  }
}

/**
 * PATCH on an object or its status / scale subresource: JSON patch, merge patch, strategic
 * merge patch (built-in kinds only; 415 for custom resources) and server-side apply, with
 * `dryRun` and `fieldManager`. The patched object then goes through the normal update path.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/endpoints/handlers/patch.go
 */
export async function handlePatch(call: ResourceCall): Promise<void> {
  const { core, def, info, req, query } = call;
  const name = info.name!;
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim();
  const builtin = !def.crdName;
  if (![jsonPatch, mergePatch, strategicPatch, applyPatch].includes(contentType)) {
    throw new StatusError({
      code: 415,
      reason: 'UnsupportedMediaType',
      message: '415: Unsupported Media Type',
      details: {},
    });
  }
  const text = await readBody(req);
  const dryRun = parseDryRun(query, 'PatchOptions');
  const gvk = { group: def.group, kind: def.kind };
  // after the PatchOptions checks, as kube's registry computes the key (and checks the name)
  const liveObject = (): Obj | undefined =>
    core.store.get(resourceKey(def), keyOf(def, info.namespace, name))?.obj;
  const fieldManager = managerFor(query, req.headers['user-agent']);
  const apiVersion = apiVersionOf(def.group, info.version);
  const force = query.get('force');
  if (contentType === applyPatch) {
    if (!query.get('fieldManager'))
      throw patchOptionsInvalid(
        'fieldManager',
        'FieldValueRequired',
        'Required value: is required for apply patch',
      );
    if (info.subresource === 'scale') throw unsupportedMediaType(builtin);
    const live = liveObject();
    const applied = parseApplyBody(text);
    if (applied.apiVersion !== apiVersion || applied.kind !== def.kind)
      throw newBadRequest(`invalid object type: ${describeGvk(applied.apiVersion, applied.kind)}`);
    if (applied.metadata?.name !== undefined && applied.metadata.name !== name) {
      throw newBadRequest(
        `the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    if (!live && info.subresource) throw newNotFound(groupResource(def), name);
    const result = serverSideApply({
      ...typeSourceFor(def, info.subresource),
      live: live ? { ...live, apiVersion } : undefined,
      applied: { ...applied, metadata: { ...applied.metadata, name } },
      manager: query.get('fieldManager')!,
      force: force === 'true',
      apiVersion,
      subresource: info.subresource,
      now: core.now(),
    });
    if (result.conflicts.length) throw newApplyConflictError(result.conflicts);
    const obj = result.object as Obj;
    if (!live)
      return respondObject(call, 201, core.generic.create(def, info.namespace, obj, { dryRun }));
    obj.metadata = { ...obj.metadata, resourceVersion: live.metadata!.resourceVersion };
    return respondObject(
      call,
      200,
      core.generic.update(def, info.namespace, name, obj, {
        dryRun,
        subresource: info.subresource,
      }),
    );
  }
  if (force !== null)
    throw patchOptionsInvalid(
      'force',
      'FieldValueForbidden',
      'Forbidden: may not be specified for non-apply patch',
    );
  const writeOptions = { dryRun, subresource: info.subresource, fieldManager, apiVersion };
  const live = liveObject();
  if (!live) throw newNotFound(groupResource(def), name);
  if (info.subresource === 'scale') {
    const scale = patchDocument(contentType, getScale(def, live), text, {
      group: 'autoscaling',
      kind: 'Scale',
    });
    return sendJson(
      call.res,
      200,
      updateScale(core, def, info.namespace, name, scale, writeOptions),
    );
  }
  const doc = { ...live, apiVersion };
  const patched = patchDocument(contentType, doc, text, gvk);
  undecodablePatchResult(patched);
  if (!patched.metadata?.resourceVersion)
    patched.metadata = { ...patched.metadata, resourceVersion: live.metadata!.resourceVersion };
  respondObject(call, 200, core.generic.update(def, info.namespace, name, patched, writeOptions));
}

/**
 * A JSON patch can leave something that is no object at all (`replace` of the root with a
 * number): kube-apiserver cannot decode it and answers 422 with the patched JSON as the
 * invalid value of the field `patch`.
 */
function undecodablePatchResult(patched: unknown): void {
  const problem = versionKindError(patched);
  if (problem === undefined && isJsonObject(patched)) return;
  throw newInvalid({ group: '', kind: '' }, '', [
    invalid('patch', JSON.stringify(patched), problem ?? "Object 'Kind' is missing"),
  ]);
}

function patchOptionsInvalid(field: string, type: string, detail: string): StatusError {
  return newInvalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [{ type, field, detail }]);
}

/** A GroupVersionKind as Go prints it (`apps/v1, Kind=Deployment`, `/v1, Kind=`). */
function describeGvk(apiVersion: unknown, kind: unknown): string {
  const gv = typeof apiVersion === 'string' && apiVersion ? apiVersion.split('/') : [];
  if (gv.length > 2) return '/, Kind='; // unparsable: Go keeps the empty GroupVersionKind
  const [group, version] = gv.length === 2 ? gv : ['', gv[0] ?? ''];
  return `${group}/${version}, Kind=${typeof kind === 'string' ? kind : ''}`;
}

function parseApplyBody(text: string): Obj {
  let value: unknown;
  try {
    value = parseYamlBody(text);
  } catch (err) {
    throw newBadRequest(
      `error decoding YAML: error converting YAML to JSON: yaml: ${(err as Error).message}`,
    );
  }
  if (value === null || value === undefined) return {};
  if (!isJsonObject(value)) {
    throw newBadRequest(
      `error decoding YAML: error unmarshaling JSON: while decoding JSON: ${cannotUnmarshal(value, 'map[string]interface {}').message}`,
    );
  }
  return value as Obj;
}
