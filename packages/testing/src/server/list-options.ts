/**
 * Reads ListOptions (meta/v1) from the query string, validated with kube-apiserver's rules and
 * messages (422 on `ListOptions.meta.k8s.io`).
 *
 * @see https://github.com/kubernetes/apimachinery/blob/master/pkg/apis/meta/internalversion/validation/validation.go
 */
import { newBadRequest, newInvalid, type FieldError } from '@kubekit/apimachinery';
import { GoNumError, parseGoInt64 } from '../go/go-strconv';
import type { ListOptions } from '../storage/store-options';

/** A bool query parameter as kube converts it: absent, `0` and `false` (any case) are false. */
const truthy = (v: string | null): boolean =>
  v !== null && v !== '0' && v.toLowerCase() !== 'false';

/** An int64 query parameter: 400 with strconv's text when it is not one. */
function int64Param(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null) return undefined;
  try {
    return Number(parseGoInt64(v));
  } catch (err) {
    if (err instanceof GoNumError) throw newBadRequest(err.message);
    throw err;
  }
}

function forbidden(field: string, msg: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail: `Forbidden: ${msg}` };
}

/** Reads and validates the list / watch query parameters into the storage's {@link ListOptions}. */
export function parseListOptions(q: URLSearchParams, watchFromPath: boolean): ListOptions {
  const opts: ListOptions = {
    labelSelector: q.get('labelSelector'),
    fieldSelector: q.get('fieldSelector'),
    watch: watchFromPath || truthy(q.get('watch')),
    allowWatchBookmarks: truthy(q.get('allowWatchBookmarks')),
    resourceVersion: q.get('resourceVersion') ?? '',
    resourceVersionMatch: q.get('resourceVersionMatch') ?? '',
    sendInitialEvents: q.has('sendInitialEvents') ? truthy(q.get('sendInitialEvents')) : undefined,
    timeoutSeconds: int64Param(q, 'timeoutSeconds'),
    limit: int64Param(q, 'limit') ?? 0,
    continueToken: q.get('continue') ?? '',
  };
  if (opts.limit < 0) opts.limit = 0; // kube ignores a negative limit
  const errs: FieldError[] = [];
  const m = opts.resourceVersionMatch;
  if (m) {
    if (opts.watch && opts.sendInitialEvents === undefined) {
      errs.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
        ),
      );
    }
    if (m !== 'Exact' && m !== 'NotOlderThan') {
      errs.push({
        type: 'FieldValueNotSupported',
        field: 'resourceVersionMatch',
        detail: `Unsupported value: "${m}": supported values: "Exact", "NotOlderThan", ""`,
      });
    }
    if (m === 'Exact' && opts.resourceVersion === '0') {
      errs.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch "exact" is forbidden for resourceVersion "0"',
        ),
      );
    }
    if (!opts.resourceVersion && !(opts.watch && opts.sendInitialEvents !== undefined)) {
      errs.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden unless resourceVersion is provided',
        ),
      );
    }
    if (opts.continueToken)
      errs.push(
        forbidden(
          'resourceVersionMatch',
          'resourceVersionMatch is forbidden when continue is provided',
        ),
      );
  }
  if (opts.sendInitialEvents !== undefined) {
    if (!opts.watch)
      errs.push(forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
    else if (m !== 'NotOlderThan') {
      errs.push(
        forbidden(
          'resourceVersionMatch',
          'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan',
        ),
      );
    }
  }
  if (errs.length) throw newInvalid({ group: 'meta.k8s.io', kind: 'ListOptions' }, '', errs);
  return opts;
}
