import { StatusError, newBadRequest, newInvalid, newNotFound } from '@kubekit/apimachinery';
import { managerFor, typeSourceFor } from './field-tracking';
import { parse as parseYaml } from 'yaml';
import { groupResource, keyOf } from './generic-store';
import { parseJsonBody, readBody, sendJson } from './http-util';
import {
  PatchError,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
  newApplyConflictError,
  serverSideApply,
  supportsStrategicMergePatch,
  unsupportedStrategicMergePatch,
} from './patch';
import { respondObject, type ResourceCall } from './resource-handler';
import { apiVersionOf, resourceKey } from './resource-def';
import { getScale, updateScale } from './scale';
import type { Obj } from './store';
import { parseDryRun } from './write-options';

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

function patchDocument(
  contentType: string,
  doc: Obj,
  text: string,
  gvk: { group: string; kind: string },
): Obj {
  try {
    if (contentType === jsonPatch) {
      let ops: unknown;
      try {
        ops = JSON.parse(text);
      } catch (err) {
        throw newBadRequest(`error decoding patch: ${(err as Error).message}`);
      }
      return applyJsonPatch(doc, ops);
    }
    const patch = parseJsonBody(text);
    if (contentType === mergePatch) return applyMergePatch(doc, patch);
    if (!supportsStrategicMergePatch(gvk)) throw unsupportedStrategicMergePatch();
    return applyStrategicMergePatch(doc, patch, gvk);
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
  const live = core.store.get(resourceKey(def), keyOf(def, info.namespace, name))?.obj;
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
    const applied = parseApplyBody(text);
    if (applied.apiVersion !== apiVersion || applied.kind !== def.kind) {
      throw newBadRequest(
        `the API version in the data (${applied.apiVersion}) does not match the expected API version (${apiVersion})`,
      );
    }
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
  if (!patched.metadata?.resourceVersion)
    patched.metadata = { ...patched.metadata, resourceVersion: live.metadata!.resourceVersion };
  respondObject(call, 200, core.generic.update(def, info.namespace, name, patched, writeOptions));
}

function patchOptionsInvalid(field: string, type: string, detail: string): StatusError {
  return newInvalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [{ type, field, detail }]);
}

function parseApplyBody(text: string): Obj {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    throw newBadRequest(`error decoding YAML: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw newBadRequest('the applied configuration must be an object');
  return value as Obj;
}
