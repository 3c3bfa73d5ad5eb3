import { StatusError, newBadRequest, newNotFound } from '@kubekit/apimachinery';
import { parse as parseYaml } from 'yaml';
import { groupResource, keyOf } from './generic-store';
import { parseJsonBody, readBody, sendJson } from './http-util';
import { clone } from './object-util';
import {
  PatchError,
  applyJsonPatch,
  applyMergePatch,
  applyStrategicMergePatch,
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
  if (![jsonPatch, mergePatch, strategicPatch, applyPatch].includes(contentType))
    throw unsupportedMediaType(builtin);
  const text = await readBody(req);
  const dryRun = parseDryRun(query);
  const gvk = { group: def.group, kind: def.kind };
  const live = core.store.get(resourceKey(def), keyOf(def, info.namespace, name))?.obj;
  if (contentType === applyPatch) {
    const applied = parseApplyBody(text);
    const manager = query.get('fieldManager');
    if (!manager)
      throw newBadRequest(
        'PATCH, application/apply-patch+yaml requests must have the fieldManager query parameter set',
      );
    if (!live) {
      if (info.subresource) throw newNotFound(groupResource(def), name);
      applied.metadata = { ...applied.metadata, name };
      const created = core.generic.create(def, info.namespace, applied, { dryRun });
      return respondObject(call, 201, created);
    }
    const merged = applyMergePatch(clone(live), applied);
    merged.metadata = { ...merged.metadata, resourceVersion: live.metadata!.resourceVersion };
    return respondObject(
      call,
      200,
      core.generic.update(def, info.namespace, name, merged, {
        dryRun,
        subresource: info.subresource,
      }),
    );
  }
  if (!live) throw newNotFound(groupResource(def), name);
  if (info.subresource === 'scale') {
    const scale = patchDocument(contentType, getScale(def, live), text, {
      group: 'autoscaling',
      kind: 'Scale',
    });
    return sendJson(call.res, 200, updateScale(core, def, info.namespace, name, scale, dryRun));
  }
  const doc = { ...live, apiVersion: apiVersionOf(def.group, info.version) };
  const patched = patchDocument(contentType, doc, text, gvk);
  if (!patched.metadata?.resourceVersion)
    patched.metadata = { ...patched.metadata, resourceVersion: live.metadata!.resourceVersion };
  respondObject(
    call,
    200,
    core.generic.update(def, info.namespace, name, patched, {
      dryRun,
      subresource: info.subresource,
    }),
  );
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
