import { statusErrorFromResponse, type StatusError } from '@kubekit/apimachinery';
import type { RequestSpec } from '../request';

/**
 * The StatusError of an error response to `spec`: the body's Status, or apimachinery's generic
 * mapping naming the verb, the resource and the object (client-go's transformResponse).
 */
export function errorOfResponse(
  spec: RequestSpec,
  res: { statusCode: number; headers: Record<string, string | string[] | undefined> },
  body: string,
  retryAfterSeconds: number | undefined,
): StatusError {
  const contentType = res.headers['content-type'];
  return statusErrorFromResponse(res.statusCode, body, {
    retryAfterSeconds,
    verb: spec.method,
    groupResource: spec.resource
      ? { group: spec.groupVersion.group, resource: spec.resource }
      : undefined,
    name: spec.name,
    contentType: typeof contentType === 'string' ? contentType : undefined,
  });
}
