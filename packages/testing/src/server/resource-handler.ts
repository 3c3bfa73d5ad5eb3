import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError, newNotFound } from '@kubekit/apimachinery';
import type { ApiCore } from './api-core';
import { encodeObject } from './encoding';
import { groupResource } from '../storage/resource-keys';
import { PageNotFound, readBodyBuffer, sendJson } from './http-util';
import { decodeDeleteOptionsBody } from './object-decoding';
import { listObjects } from '../storage/lister';
import { parseListOptions } from './list-options';
import { handlePatch } from './patch-handler';
import { handlePodSubresource } from './pod-subresources';
import { servesStatus, type ResourceRequest } from './request-info';
import { readObjectBody, respondObject, writeOptionsFor, type ResourceCall } from './resource-call';
import { apiVersionOf } from '../storage/resource-def';
import { getScale, updateScale } from './scale';
import { parseSelection } from '../storage/selection';
import type { Obj } from '../storage/store';
import { toTable, wantsTable } from './table';
import { openWatch } from './watch-handler';
import { methodNotAllowed, parseDeleteOptions } from './write-options';

const notFoundResource = (): StatusError =>
  new StatusError({
    code: 404,
    reason: 'NotFound',
    message: 'the server could not find the requested resource',
    details: {},
  });

function respondList(call: ResourceCall, items: Obj[], meta: Record<string, unknown>): void {
  const { def, info, req, res, query, core } = call;
  if (wantsTable(req.headers.accept)) {
    sendJson(
      res,
      200,
      toTable(
        def,
        info.version,
        items,
        meta,
        query.get('includeObject') ?? 'Metadata',
        core.now().getTime(),
      ),
    );
    return;
  }
  const apiVersion = apiVersionOf(def.group, info.version);
  const asItem = !def.crdName;
  const body = items.map((o) => encodeObject(o, apiVersion, asItem)).join(',');
  // custom resource lists are unstructured: their metadata always carries `continue`
  const listMeta = def.crdName ? { continue: '', ...meta } : meta;
  sendJson(
    res,
    200,
    `{"kind":${JSON.stringify(def.listKind)},"apiVersion":${JSON.stringify(apiVersion)},"metadata":${JSON.stringify(listMeta)},"items":[${body}]}`,
  );
}

/**
 * Serves one resource request (get, list, watch, create, update, patch, delete,
 * deletecollection and the subresources) for a row of the registry.
 */
export async function handleResource(
  core: ApiCore,
  req: IncomingMessage,
  res: ServerResponse,
  query: URLSearchParams,
  info: ResourceRequest,
): Promise<void> {
  const def = core.registry.lookup(info.group, info.version, info.resource);
  const missing = () =>
    servesStatus(core.registry.all(), info.group ? ['apis', info.group] : ['api'])
      ? notFoundResource()
      : new PageNotFound();
  if (!def) throw missing();
  if (info.namespace !== undefined && !def.namespaced) throw missing();
  if (def.namespaced && info.name !== undefined && info.namespace === undefined) throw missing();
  const call: ResourceCall = { core, req, res, query, info, def };
  const method = req.method ?? 'GET';
  if (info.subresource) return handleSubresource(call, method);
  if (info.name === undefined) {
    if (method === 'GET')
      return parseListOptions(query, info.watchPrefix).watch ? openWatch(call) : list(call);
    if (method === 'POST') return create(call);
    if (method === 'DELETE' && def.deleteCollection !== false) return deleteCollection(call);
    throw methodNotAllowed();
  }
  const name = info.name;
  switch (method) {
    case 'GET':
      if (info.watchPrefix) return openWatch(call, name);
      return respondObject(call, 200, core.generic.get(def, info.namespace, name));
    case 'PUT': {
      const body = await readObjectBody(req, def.kind);
      return respondObject(
        call,
        200,
        core.generic.update(def, info.namespace, name, body, writeOptionsFor(call)),
      );
    }
    case 'PATCH':
      return handlePatch(call);
    case 'DELETE': {
      const body = decodeDeleteOptionsBody(await readBodyBuffer(req));
      const result = core.generic.delete(
        def,
        info.namespace,
        name,
        parseDeleteOptions(body, query),
      );
      return respondDeleted(call, result.obj, result.deleted);
    }
    default:
      throw methodNotAllowed();
  }
}

/** A finished delete answers with the object (pods, services) or a Success Status. */
function respondDeleted(call: ResourceCall, obj: Obj, deleted: boolean): void {
  const { def } = call;
  if (!deleted || def.returnDeletedObject) return respondObject(call, 200, obj);
  sendJson(call.res, 200, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: {
      name: obj.metadata?.name,
      group: def.group || undefined,
      kind: def.resource,
      uid: obj.metadata?.uid,
    },
  });
}

function list(call: ResourceCall): void {
  const { core, def, info, query } = call;
  const opts = parseListOptions(query, false);
  const selection = parseSelection(def, opts.labelSelector, opts.fieldSelector);
  const result = listObjects(core.store, def, info.namespace, opts, selection);
  const meta: Record<string, unknown> = { resourceVersion: String(result.resourceVersion) };
  if (result.continueToken) meta.continue = result.continueToken;
  if (result.remainingItemCount !== undefined) meta.remainingItemCount = result.remainingItemCount;
  respondList(call, result.items, meta);
}

async function create(call: ResourceCall): Promise<void> {
  const { core, def, info, req } = call;
  const body = await readObjectBody(req, def.kind);
  const obj = core.generic.create(def, info.namespace, body, writeOptionsFor(call));
  respondObject(call, 201, obj);
}

async function deleteCollection(call: ResourceCall): Promise<void> {
  const { core, def, info, query, req } = call;
  const delOpts = parseDeleteOptions(decodeDeleteOptionsBody(await readBodyBuffer(req)), query);
  const opts = parseListOptions(query, false);
  const selection = parseSelection(def, opts.labelSelector, opts.fieldSelector);
  const { items, resourceVersion } = listObjects(
    core.store,
    def,
    info.namespace,
    { ...opts, limit: 0, continueToken: '' },
    selection,
  );
  const deleted: Obj[] = [];
  for (const obj of items) {
    try {
      deleted.push(
        core.generic.delete(def, obj.metadata!.namespace, obj.metadata!.name!, delOpts).obj,
      );
    } catch (err) {
      if (!(StatusError.isInstance(err) && (err as StatusError).code === 404)) throw err;
    }
  }
  respondList(call, deleted, {
    resourceVersion: String(delOpts.dryRun ? resourceVersion : core.store.currentRevision),
  });
}

async function handleSubresource(call: ResourceCall, method: string): Promise<void> {
  const { core, def, info, req } = call;
  const name = info.name!;
  const sub = info.subresource!;
  if (sub === 'status' && def.status) {
    if (method === 'GET')
      return respondObject(call, 200, core.generic.get(def, info.namespace, name));
    if (method === 'PUT') {
      const body = await readObjectBody(req, def.kind);
      return respondObject(
        call,
        200,
        core.generic.update(def, info.namespace, name, body, writeOptionsFor(call, 'status')),
      );
    }
    if (method === 'PATCH') return handlePatch(call);
  } else if (sub === 'scale' && def.scale) {
    if (method === 'GET')
      return sendJson(call.res, 200, getScale(def, core.generic.get(def, info.namespace, name)));
    if (method === 'PUT')
      return sendJson(
        call.res,
        200,
        updateScale(
          core,
          def,
          info.namespace,
          name,
          await readObjectBody(req, 'Scale'),
          writeOptionsFor(call, 'scale'),
        ),
      );
    if (method === 'PATCH') return handlePatch(call);
  } else if (sub === 'finalize' && def.group === '' && def.resource === 'namespaces') {
    if (method === 'PUT') {
      const body = await readObjectBody(req, def.kind);
      const live = core.generic.get(def, undefined, name);
      const next = { ...live, spec: { ...live.spec, finalizers: body.spec?.finalizers ?? [] } };
      return respondObject(
        call,
        200,
        core.generic.update(def, undefined, name, next, writeOptionsFor(call, 'finalize')),
      );
    }
  } else if (def.podSubresources && ['log', 'binding', 'eviction'].includes(sub)) {
    return handlePodSubresource(call, method);
  } else {
    // the custom resource handler answers any other subresource as if the object were absent
    throw def.crdName ? newNotFound(groupResource(def), name) : notFoundResource();
  }
  throw methodNotAllowed();
}
