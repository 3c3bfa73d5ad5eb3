import { formatGroupResource, type GroupResource } from './group-version';
import { StatusReason, type Status } from './meta';
import { StatusError } from './status-error';

/**
 * The StatusError of an HTTP error response whose body is not a Status: apimachinery's
 * NewGenericServerResponse mapping, which rest clients use for proxies, load balancers and
 * servers that answer plain text.
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/api/errors/errors.go
 */

/** The facts {@link newGenericServerResponse} words an error from. */
export interface GenericServerResponse {
  /** The HTTP status code. */
  code: number;
  /** The HTTP method; a 409 answering `POST` is AlreadyExists, any other 409 Conflict. */
  verb: string;
  /** The resource the request addressed; named in the message when given. */
  groupResource?: GroupResource | undefined;
  /** The object the request addressed; named in the message when given (with a resource). */
  name?: string | undefined;
  /** What the server said (its body as text, or `unknown`); kept for 403, 406, 415 and 5xx. */
  serverMessage: string;
  /** Seconds the server asked the client to wait (its Retry-After). */
  retryAfterSeconds?: number | undefined;
  /** Records `serverMessage` as an `UnexpectedServerResponse` cause (a client decoding a response). */
  unexpectedResponse?: boolean | undefined;
}

/** The cause type of an error a client built from a response body it could not decode. */
export const CauseTypeUnexpectedServerResponse = 'UnexpectedServerResponse';

/** The reason and message apimachinery gives a bare HTTP code. */
function reasonAndMessage(code: number, verb: string, serverMessage: string): [string, string] {
  switch (code) {
    case 409:
      return [
        verb === 'POST' ? StatusReason.AlreadyExists : StatusReason.Conflict,
        'the server reported a conflict',
      ];
    case 404:
      return [StatusReason.NotFound, 'the server could not find the requested resource'];
    case 400:
      return [StatusReason.BadRequest, 'the server rejected our request for an unknown reason'];
    case 401:
      return [
        StatusReason.Unauthorized,
        'the server has asked for the client to provide credentials',
      ];
    case 403:
      // the server's message says who may not do what: keep it
      return [StatusReason.Forbidden, serverMessage];
    case 406:
      return [
        StatusReason.NotAcceptable,
        serverMessage === '' || serverMessage === 'unknown'
          ? 'the server was unable to respond with a content type that the client supports'
          : serverMessage,
      ];
    case 415:
      return [StatusReason.UnsupportedMediaType, serverMessage];
    case 405:
      return [
        StatusReason.MethodNotAllowed,
        'the server does not allow this method on the requested resource',
      ];
    case 422:
      return [
        StatusReason.Invalid,
        'the server rejected our request due to an error in our request',
      ];
    case 503:
      return [
        StatusReason.ServiceUnavailable,
        'the server is currently unable to handle the request',
      ];
    case 504:
      return [
        StatusReason.Timeout,
        'the server was unable to return a response in the time allotted, but may still be processing the request',
      ];
    case 429:
      return [
        StatusReason.TooManyRequests,
        'the server has received too many requests and has asked us to try again later',
      ];
    default:
      return code >= 500
        ? [
            StatusReason.InternalError,
            `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`,
          ]
        : [
            StatusReason.Unknown,
            `the server responded with the status code ${code} but did not return more information`,
          ];
  }
}

/**
 * The error for an HTTP status without a Status body, worded as apimachinery's
 * NewGenericServerResponse: e.g. `the server reported a conflict (post configmaps web)` with
 * reason AlreadyExists for a 409 answering a POST, Conflict for any other verb.
 */
export function newGenericServerResponse(response: GenericServerResponse): StatusError {
  const { code, verb, groupResource: gr, name, serverMessage, retryAfterSeconds } = response;
  const [reason, text] = reasonAndMessage(code, verb.toUpperCase(), serverMessage);
  let message = text;
  if (gr && (gr.resource || gr.group)) {
    const target = name ? ` ${name}` : '';
    message = `${text} (${verb.toLowerCase()} ${formatGroupResource(gr)}${target})`;
  }
  return new StatusError({
    status: 'Failure',
    code,
    reason,
    message,
    details: {
      ...(gr?.group ? { group: gr.group } : {}),
      ...(gr?.resource ? { kind: gr.resource } : {}),
      ...(name ? { name } : {}),
      ...(response.unexpectedResponse
        ? { causes: [{ reason: CauseTypeUnexpectedServerResponse, message: serverMessage }] }
        : {}),
      ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
    },
  });
}

/** What {@link statusErrorFromResponse} knows of the request an error response answers. */
export interface ResponseContext {
  /** Seconds from the response's Retry-After header; added to the details when the body gave none. */
  retryAfterSeconds?: number | undefined;
  /** The HTTP method (`POST` turns a bare 409 into AlreadyExists). */
  verb?: string | undefined;
  /** The resource addressed, when the request named one. */
  groupResource?: GroupResource | undefined;
  /** The object's name, when the request named one. */
  name?: string | undefined;
  /** The response's Content-Type: only a `text/*` body (or one without a type) is quoted. */
  contentType?: string | undefined;
}

/** The longest part of an error body that is quoted in a message, in characters (client-go's cap). */
export const MaxUnstructuredResponseTextBytes = 2048;

/** The Content-Type of a body client-go quotes: none, or `text/*`. */
function isTextResponse(contentType: string | undefined): boolean {
  if (contentType === undefined || contentType.trim() === '') return true;
  return /^\s*text\//i.test(contentType);
}

/**
 * Builds the StatusError for an HTTP error response: the body's Status when it is one, otherwise
 * apimachinery's mapping for a body that is not ({@link newGenericServerResponse}, as client-go's
 * rest.Request does), naming the verb, resource and object of `context`. The body is quoted only
 * when it is text (at most {@link MaxUnstructuredResponseTextBytes} characters); any other body
 * is `unknown`.
 */
export function statusErrorFromResponse(
  code: number,
  body: string,
  context: ResponseContext = {},
): StatusError {
  const { retryAfterSeconds } = context;
  let status: Status | undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed === 'object' && parsed !== null && (parsed as Status).kind === 'Status')
      status = parsed as Status;
  } catch {
    // not JSON: apimachinery's generic mapping below
  }
  if (!status)
    return newGenericServerResponse({
      code,
      verb: context.verb ?? 'GET',
      groupResource: context.groupResource,
      name: context.name,
      serverMessage: isTextResponse(context.contentType)
        ? body.slice(0, MaxUnstructuredResponseTextBytes).trim()
        : 'unknown',
      retryAfterSeconds,
      unexpectedResponse: true,
    });
  status.code ??= code;
  if (retryAfterSeconds !== undefined && status.details?.retryAfterSeconds === undefined) {
    status.details = { ...status.details, retryAfterSeconds };
  }
  return new StatusError(status);
}
