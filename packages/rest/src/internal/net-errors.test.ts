import { classifyTransportError, errorCode } from './net-errors';

/** An error as Node's net / dns / tls modules make them. */
const osError = (message: string, fields: Record<string, unknown>) =>
  Object.assign(new Error(message), fields);

describe('classifyTransportError', () => {
  it('tells refused connections, DNS failures, TLS failures and the rest apart', () => {
    const cases: [Error, string, string][] = [
      [
        osError('connect ECONNREFUSED 10.0.0.1:6443', {
          code: 'ECONNREFUSED',
          syscall: 'connect',
          address: '10.0.0.1',
          port: 6443,
        }),
        'ConnectionRefused',
        'connection refused (connect ECONNREFUSED 10.0.0.1:6443)',
      ],
      [
        osError('getaddrinfo ENOTFOUND kube.example', {
          code: 'ENOTFOUND',
          syscall: 'getaddrinfo',
          hostname: 'kube.example',
        }),
        'DNSFailed',
        'DNS lookup failed (getaddrinfo ENOTFOUND kube.example)',
      ],
      [
        osError('getaddrinfo EAI_AGAIN kube.example', { code: 'EAI_AGAIN' }),
        'DNSFailed',
        'DNS lookup failed (getaddrinfo EAI_AGAIN kube.example)',
      ],
      [
        osError('self-signed certificate', { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
        'TLSFailed',
        'TLS handshake failed (self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT))',
      ],
      [
        osError("Hostname/IP does not match certificate's altnames", {
          code: 'ERR_TLS_CERT_ALTNAME_INVALID',
        }),
        'TLSFailed',
        "TLS handshake failed (Hostname/IP does not match certificate's altnames (ERR_TLS_CERT_ALTNAME_INVALID))",
      ],
      [
        osError('wrong version number', { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }),
        'TLSFailed',
        'TLS handshake failed (wrong version number (ERR_SSL_WRONG_VERSION_NUMBER))',
      ],
      [
        osError('read ECONNRESET', { code: 'ECONNRESET' }),
        'ConnectionFailed',
        'connection failed (read ECONNRESET)',
      ],
      [new Error('something else'), 'ConnectionFailed', 'connection failed (something else)'],
    ];
    for (const [err, reason, message] of cases)
      expect(classifyTransportError(err)).toEqual({ reason, message });
  });

  it('looks through causes and the errors of an AggregateError (both address families refused)', () => {
    const v6 = osError('connect ECONNREFUSED ::1:6443', { code: 'ECONNREFUSED' });
    const v4 = osError('connect ECONNREFUSED 127.0.0.1:6443', { code: 'ECONNREFUSED' });
    const both = new AggregateError([v6, v4], '');
    expect(classifyTransportError(both)).toEqual({
      reason: 'ConnectionRefused',
      message: 'connection refused (connect ECONNREFUSED ::1:6443)',
    });
    expect(errorCode(new Error('wrapped', { cause: both }))).toBe('ECONNREFUSED');
    expect(errorCode(new Error('no code'))).toBeUndefined();
  });
});
