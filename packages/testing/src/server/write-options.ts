import { StatusError, newInvalid, type FieldError } from '@kubekit/apimachinery';
import { invalid, notSupported } from '../semantics/schema/field-error';
import type { DeleteOptions } from '../storage/store-options';

/** The options kind a verb validates its query against (CreateOptions, UpdateOptions, ...). */
export type OptionsKind = 'CreateOptions' | 'UpdateOptions' | 'PatchOptions' | 'DeleteOptions';

/** The options kind of an HTTP method. */
export function optionsKindFor(method: string): OptionsKind {
  return method === 'POST'
    ? 'CreateOptions'
    : method === 'PUT'
      ? 'UpdateOptions'
      : method === 'PATCH'
        ? 'PatchOptions'
        : 'DeleteOptions';
}

/** Reads `dryRun`: only `All` is defined; anything else is a 422 on the verb's options kind. */
export function parseDryRun(q: URLSearchParams, kind: OptionsKind = 'CreateOptions'): boolean {
  const values = q.getAll('dryRun');
  if (values.some((v) => v !== 'All')) {
    throw newInvalid({ group: 'meta.k8s.io', kind }, '', [
      {
        type: 'FieldValueNotSupported',
        field: 'dryRun',
        detail: `Unsupported value: ${JSON.stringify(values)}: supported values: "All"`,
      },
    ]);
  }
  return values.length > 0;
}

/** 405 for a verb a resource does not serve, worded as kube-apiserver's router answers it. */
export function methodNotAllowed(): StatusError {
  return new StatusError({
    code: 405,
    reason: 'MethodNotAllowed',
    message: 'the server does not allow this method on the requested resource',
    details: {},
  });
}

/**
 * ValidateDeleteOptions' checks of the propagation options (kube lists `"nil"` among the
 * supported policies, for an unset one).
 */
function validateDeleteOptions(policy: unknown, orphan: unknown): FieldError[] {
  const errs: FieldError[] = [];
  if (policy === undefined || policy === null) return errs;
  if (orphan !== undefined && orphan !== null)
    errs.push(
      invalid(
        'propagationPolicy',
        policy,
        'orphanDependents and deletionPropagation cannot be both set',
      ),
    );
  if (!['Foreground', 'Background', 'Orphan'].includes(String(policy)))
    errs.push(
      notSupported('propagationPolicy', policy, ['Foreground', 'Background', 'Orphan', 'nil']),
    );
  return errs;
}

/** DeleteOptions from the request body (if any) overlaid with the query parameters. */
export function parseDeleteOptions(
  body: Record<string, any> | undefined,
  q: URLSearchParams,
): DeleteOptions {
  const opts: DeleteOptions = {};
  const b = body ?? {};
  const grace = q.get('gracePeriodSeconds') ?? b.gracePeriodSeconds;
  if (grace !== undefined && grace !== null) opts.gracePeriodSeconds = Number(grace);
  const policy = q.get('propagationPolicy') ?? b.propagationPolicy;
  const orphan = q.get('orphanDependents') ?? b.orphanDependents;
  const errs = validateDeleteOptions(policy, orphan);
  if (errs.length) throw newInvalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', errs);
  if (policy) opts.propagationPolicy = policy;
  if (orphan !== undefined && orphan !== null)
    opts.orphanDependents = orphan === true || orphan === 'true';
  if (b.preconditions) opts.preconditions = b.preconditions;
  const dry: unknown = b.dryRun;
  opts.dryRun = parseDryRun(q, 'DeleteOptions') || (Array.isArray(dry) && dry.includes('All'));
  return opts;
}
