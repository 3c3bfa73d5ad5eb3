import type { RequestErrorReason } from '../request-error';

/**
 * Tells transport failures apart by the OS (or OpenSSL) error code undici passes through:
 * client-go's util/net predicates (IsConnectionRefused, IsConnectionReset, ...).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/util/net/util.go
 */

/** Node's errno-style fields of a network error. */
interface NetError {
  code?: unknown;
  syscall?: unknown;
  hostname?: unknown;
  address?: unknown;
  port?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The first error in `err`'s cause chain (or an AggregateError's errors) that has a code. */
function coded(err: unknown): NetError | undefined {
  for (let e = err as NetError | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string') return e;
    e = (Array.isArray(e.errors) ? e.errors[0] : e.cause) as NetError | undefined;
  }
  return undefined;
}

/** The error code of a network failure (`ECONNREFUSED`, `ENOTFOUND`, ...), looking through causes. */
export function errorCode(err: unknown): string | undefined {
  return coded(err)?.code as string | undefined;
}

/** Codes of a connection that broke mid-request: reset, closed by the other side, timed out. */
const eofCodes = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'ETIMEDOUT']);

/**
 * Whether a request failed because its connection broke (apimachinery's IsProbableEOF, plus a
 * socket timeout): what client-go retries for a GET, and what ends a watch empty instead of
 * failing it.
 */
export function isProbableEOF(err: unknown): boolean {
  const code = errorCode(err);
  return code !== undefined && eofCodes.has(code);
}

const dnsCodes = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'EAI_NODATA']);

/** OpenSSL / Node TLS codes: certificate verification, handshake and protocol failures. */
function isTLSCode(code: string): boolean {
  return /CERT|^ERR_SSL_|^ERR_TLS_|^EPROTO$|^UNABLE_TO_|SELF_SIGNED|^HOSTNAME_MISMATCH$/.test(code);
}

/** A failed connection, classified, with a one-line description naming the OS error. */
export interface TransportFailure {
  reason: Extract<
    RequestErrorReason,
    'ConnectionRefused' | 'DNSFailed' | 'TLSFailed' | 'ConnectionFailed'
  >;
  message: string;
}

/**
 * What kind of failure `err` (thrown by undici for a request that got no response) is, and a
 * message such as `connection refused (connect ECONNREFUSED 127.0.0.1:6443)`.
 */
export function classifyTransportError(err: unknown): TransportFailure {
  const e = coded(err);
  const code = typeof e?.code === 'string' ? e.code : undefined;
  const text =
    typeof e?.message === 'string' && e.message !== ''
      ? e.message
      : ((err as Error)?.message ?? String(err));
  const detail = code && !text.includes(code) ? `${text} (${code})` : text;
  if (code === 'ECONNREFUSED')
    return { reason: 'ConnectionRefused', message: `connection refused (${detail})` };
  if (code !== undefined && dnsCodes.has(code))
    return { reason: 'DNSFailed', message: `DNS lookup failed (${detail})` };
  if (code !== undefined && isTLSCode(code))
    return { reason: 'TLSFailed', message: `TLS handshake failed (${detail})` };
  return { reason: 'ConnectionFailed', message: `connection failed (${detail})` };
}
