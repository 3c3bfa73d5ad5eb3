import { StatusError } from './status-error';
import { statusErrorFromResponse } from './generic-server-response';
import {
  isConflict,
  isNotFound,
  isTooManyRequests,
  suggestsClientDelay,
  reasonForError,
} from './status-predicates';
import { newConflict, newInvalid, newNotFound, OptimisticLockErrorMsg } from './status-errors';

describe('StatusError', () => {
  it('carries the server Status and matches across module copies by brand', () => {
    const err = newNotFound({ group: '', resource: 'pods' }, 'web');
    expect(err.message).toBe('pods "web" not found');
    expect(err.code).toBe(404);
    expect(err.name).toBe('StatusError');
    expect(StatusError.isInstance(err)).toBe(true);
    expect(StatusError.isInstance(new Error('x'))).toBe(false);
    expect(isNotFound(err)).toBe(true);
    expect(isConflict(err)).toBe(false);
  });

  it('falls back to the HTTP code when the body is not a Status', () => {
    const err = statusErrorFromResponse(404, '<html>nope</html>');
    expect(err.reason).toBe('NotFound');
    expect(err.message).toBe('the server could not find the requested resource');
    expect(isNotFound(err)).toBe(true);
    const unknownReason = statusErrorFromResponse(
      409,
      JSON.stringify({ kind: 'Status', code: 409, reason: 'Weird' }),
    );
    expect(isConflict(unknownReason)).toBe(true);
  });

  it('takes Retry-After into the details and suggests a client delay', () => {
    const err = statusErrorFromResponse(429, '', { retryAfterSeconds: 7 });
    expect(isTooManyRequests(err)).toBe(true);
    expect(suggestsClientDelay(err)).toBe(7);
    expect(suggestsClientDelay(newNotFound({ group: '', resource: 'pods' }, 'a'))).toBeUndefined();
  });

  it('words conflicts and invalid objects as kube-apiserver does', () => {
    expect(
      newConflict({ group: 'apps', resource: 'deployments' }, 'd', OptimisticLockErrorMsg).message,
    ).toBe('Operation cannot be fulfilled on deployments.apps "d": ' + OptimisticLockErrorMsg);
    const invalid = newInvalid({ group: '', kind: 'Pod' }, 'p', [
      { type: 'FieldValueRequired', field: 'spec.containers', detail: 'Required value' },
      {
        type: 'FieldValueInvalid',
        field: 'metadata.name',
        detail: 'Invalid value: "A": must be lower case',
      },
    ]);
    expect(invalid.message).toBe(
      'Pod "p" is invalid: [spec.containers: Required value, metadata.name: Invalid value: "A": must be lower case]',
    );
    expect(invalid.status.details?.causes?.[0]).toEqual({
      reason: 'FieldValueRequired',
      message: 'Required value',
      field: 'spec.containers',
    });
    expect(reasonForError(invalid)).toBe('Invalid');
  });

  it('lists an error repeated in the causes once in an Invalid message', () => {
    const required = {
      type: 'FieldValueRequired',
      field: 'spec.containers[0].image',
      detail: 'Required value',
    };
    const invalid = newInvalid({ group: '', kind: 'Pod' }, 'p', [required, required]);
    expect(invalid.message).toBe('Pod "p" is invalid: spec.containers[0].image: Required value');
    expect(invalid.status.details?.causes).toHaveLength(2);
  });
});
