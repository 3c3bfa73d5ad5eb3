import { isAlreadyExists, isConflict, isForbidden, isInternalError } from './status-predicates';
import {
  CauseTypeUnexpectedServerResponse,
  MaxUnstructuredResponseTextBytes,
  newGenericServerResponse,
  statusErrorFromResponse,
} from './generic-server-response';

describe('NewGenericServerResponse (apimachinery errors.go)', () => {
  const configMaps = { group: '', resource: 'configmaps' };

  it('a 409 answering POST is AlreadyExists; any other verb is Conflict', () => {
    const post = newGenericServerResponse({ code: 409, verb: 'POST', serverMessage: 'x' });
    expect(post.reason).toBe('AlreadyExists');
    expect(isAlreadyExists(post)).toBe(true);
    expect(isConflict(post)).toBe(false);
    const put = newGenericServerResponse({ code: 409, verb: 'PUT', serverMessage: 'x' });
    expect(put.reason).toBe('Conflict');
    expect(isConflict(put)).toBe(true);
  });

  it('names the verb, the resource and the object in the message', () => {
    const err = newGenericServerResponse({
      code: 409,
      verb: 'POST',
      groupResource: configMaps,
      name: 'web',
      serverMessage: 'taken',
    });
    expect(err.message).toBe('the server reported a conflict (post configmaps web)');
    expect(err.status.details).toEqual({
      kind: 'configmaps',
      name: 'web',
    });
    const apps = newGenericServerResponse({
      code: 404,
      verb: 'GET',
      groupResource: { group: 'apps', resource: 'deployments' },
      serverMessage: '',
    });
    expect(apps.message).toBe(
      'the server could not find the requested resource (get deployments.apps)',
    );
    expect(apps.status.details).toEqual({ group: 'apps', kind: 'deployments' });
  });

  it('keeps the server message for 403 and quotes it for 5xx', () => {
    const forbidden = newGenericServerResponse({
      code: 403,
      verb: 'GET',
      serverMessage: 'user "u" cannot list pods',
    });
    expect(forbidden.message).toBe('user "u" cannot list pods');
    expect(isForbidden(forbidden)).toBe(true);
    const bad = newGenericServerResponse({ code: 502, verb: 'GET', serverMessage: 'bad gateway' });
    expect(bad.message).toBe(
      'an error on the server ("bad gateway") has prevented the request from succeeding',
    );
    expect(isInternalError(bad)).toBe(true);
  });

  it('an unmapped code is reason Unknown, saying the server gave no more information', () => {
    const err = newGenericServerResponse({ code: 418, verb: 'GET', serverMessage: 'teapot' });
    expect(err.reason).toBe('');
    expect(err.message).toBe(
      'the server responded with the status code 418 but did not return more information',
    );
  });

  it('records the body as an UnexpectedServerResponse cause, and Retry-After', () => {
    const err = newGenericServerResponse({
      code: 429,
      verb: 'GET',
      serverMessage: 'slow down',
      retryAfterSeconds: 3,
      unexpectedResponse: true,
    });
    expect(err.status.details?.causes).toEqual([
      { reason: CauseTypeUnexpectedServerResponse, message: 'slow down' },
    ]);
    expect(err.retryAfterSeconds).toBe(3);
  });
});

describe('statusErrorFromResponse (rest.Request transformResponse)', () => {
  it('uses a Status body as it is', () => {
    const err = statusErrorFromResponse(
      409,
      JSON.stringify({ kind: 'Status', code: 409, reason: 'Conflict', message: 'm' }),
      { verb: 'POST' },
    );
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe('m');
  });

  it('quotes a text body, capped; any other body is "unknown"', () => {
    const text = statusErrorFromResponse(500, ` ${'a'.repeat(5000)}`, {
      contentType: 'text/plain; charset=utf-8',
    });
    const cause = text.status.details?.causes?.[0]?.message ?? '';
    expect(cause).toBe('a'.repeat(MaxUnstructuredResponseTextBytes - 1));
    const html = statusErrorFromResponse(502, '<html>secret</html>', {
      contentType: 'application/octet-stream',
    });
    expect(html.message).toBe(
      'an error on the server ("unknown") has prevented the request from succeeding',
    );
    expect(JSON.stringify(html.status)).not.toContain('secret');
  });

  it('maps a bare 409 on POST to AlreadyExists naming the resource and object', () => {
    const err = statusErrorFromResponse(409, 'conflict', {
      verb: 'POST',
      groupResource: { group: '', resource: 'configmaps' },
      name: 'web',
    });
    expect(isAlreadyExists(err)).toBe(true);
    expect(err.message).toBe('the server reported a conflict (post configmaps web)');
  });
});
