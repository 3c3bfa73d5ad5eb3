import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError } from '@kubekit/apimachinery';
import type { ApiCore } from './api-core';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery';
import { PageNotFound, sendError, sendJson } from './http-util';
import { openApiGroupVersion, openApiIndex } from './openapi';
import { parseResourcePath, servesStatus, type RequestTarget } from './request-info';
import { handleResource } from './resource-handler';

const notFound = (): StatusError =>
  new StatusError({
    code: 404,
    reason: 'NotFound',
    message: 'the server could not find the requested resource',
    details: {},
  });

/** Static facts the router needs about the server it runs in. */
export interface RouterInfo {
  gitVersion: string;
  /** host:port, for /api's serverAddressByClientCIDRs. */
  address(): string;
}

/**
 * Routes an authenticated request (its target parsed by parseRequestTarget): health endpoints,
 * /version, discovery documents, then resource requests. Every error is answered as a Status.
 */
export async function route(
  core: ApiCore,
  info: RouterInfo,
  target: RequestTarget,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  try {
    const { path, parts } = target;
    if (req.method === 'GET') {
      if (path === '/healthz' || path === '/livez' || path === '/readyz') {
        res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' }).end('ok');
        return;
      }
      if (path === '/version') return sendJson(res, 200, versionInfo(info.gitVersion));
      if (path === '/api') return sendJson(res, 200, apiVersions(info.address()));
      if (path === '/apis') return sendJson(res, 200, apiGroupList(core.registry));
      if (path === '/openapi/v3') return sendJson(res, 200, openApiIndex(core.registry));
      if (parts[0] === 'openapi' && parts[1] === 'v3') {
        const gv = parts[2] === 'api' ? ['', parts[3]] : [parts[3], parts[4]];
        const doc = openApiGroupVersion(core.registry, gv[0] ?? '', gv[1] ?? '', info.gitVersion);
        // kube's OpenAPI v3 handler answers an unknown group-version with an empty 404
        if (!doc) return void res.writeHead(404, { 'Cache-Control': 'no-cache, private' }).end();
        return sendJson(res, 200, doc);
      }
      if (parts[0] === 'api' && parts.length === 2)
        return sendDoc(res, apiResourceList(core.registry, '', parts[1]!));
      if (parts[0] === 'apis' && parts.length === 2)
        return sendDoc(
          res,
          apiGroup(core.registry, parts[1]!),
          servesStatus(core.registry.all(), parts),
        );
      if (parts[0] === 'apis' && parts.length === 3)
        return sendDoc(
          res,
          apiResourceList(core.registry, parts[1]!, parts[2]!),
          servesStatus(core.registry.all(), parts),
        );
    }
    const resource = parseResourcePath(parts);
    if (!resource) throw servesStatus(core.registry.all(), parts) ? notFound() : new PageNotFound();
    await handleResource(core, req, res, target.query, resource);
  } catch (err) {
    sendError(res, err);
  }
}

function sendDoc(res: ServerResponse, doc: object | undefined, status = true): void {
  if (!doc) throw status ? notFound() : new PageNotFound();
  sendJson(res, 200, doc);
}
