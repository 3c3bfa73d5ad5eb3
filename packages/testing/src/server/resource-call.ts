/**
 * The parsed request a verb handler works on, and what every handler shares: reading the body,
 * the write options of the request, answering with one object.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiCore } from './api-core';
import { encodeObject } from './encoding';
import type { WriteOptions } from '../storage/store-options';
import { managerFor } from './field-tracking';
import { readBodyBuffer, sendJson } from './http-util';
import { decodeObjectBody } from './object-decoding';
import { decodeProtobufObject, protobufMediaType } from './protobuf';
import type { ResourceRequest } from './request-info';
import { apiVersionOf, type ResourceDef } from '../storage/resource-def';
import type { Obj } from '../storage/store';
import { toTable, wantsTable } from './table';
import { optionsKindFor, parseDryRun } from './write-options';

/** The parsed request a verb handler works on. */
export interface ResourceCall {
  core: ApiCore;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  info: ResourceRequest;
  def: ResourceDef;
}

/**
 * Parses a request body as JSON, YAML or (for a few kinds) protobuf, per its content type;
 * `kind` names the expected kind in decoding errors.
 */
export async function readObjectBody(req: IncomingMessage, kind = 'Object'): Promise<Obj> {
  const type = req.headers['content-type'] ?? '';
  const data = await readBodyBuffer(req);
  if (type.startsWith(protobufMediaType)) return decodeProtobufObject(data);
  return decodeObjectBody(data, kind, /yaml/.test(type));
}

/** dryRun, the field manager and apiVersion of a create / update request. */
export function writeOptionsFor(call: ResourceCall, subresource?: string): WriteOptions {
  const { query, req, def, info } = call;
  return {
    dryRun: parseDryRun(query, optionsKindFor(req.method ?? 'POST')),
    subresource,
    fieldManager: managerFor(query, req.headers['user-agent']),
    apiVersion: apiVersionOf(def.group, info.version),
  };
}

/** Answers with one object, as JSON at the requested version or as a Table when asked. */
export function respondObject(call: ResourceCall, code: number, obj: Obj): void {
  const { def, info, req, res, query, core } = call;
  if (wantsTable(req.headers.accept)) {
    const table = toTable(
      def,
      info.version,
      [obj],
      { resourceVersion: obj.metadata?.resourceVersion },
      query.get('includeObject') ?? 'Metadata',
      core.now().getTime(),
    );
    sendJson(res, code, table);
    return;
  }
  sendJson(res, code, encodeObject(obj, apiVersionOf(def.group, info.version)));
}
