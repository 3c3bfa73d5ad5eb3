import { newBadRequest } from '@kubekit/apimachinery';
import type { DeleteOptions } from './generic-store';

/** Reads `dryRun`: only `All` is defined; anything else is a 400 as in kube-apiserver. */
export function parseDryRun(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  for (const v of values)
    if (v !== 'All')
      throw newBadRequest(`Invalid dry run value: ${JSON.stringify(v)}; supported values: "All"`);
  return values.length > 0;
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
  if (policy) {
    if (!['Orphan', 'Background', 'Foreground'].includes(policy)) {
      throw newBadRequest(
        `propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`,
      );
    }
    opts.propagationPolicy = policy;
  }
  const orphan = q.get('orphanDependents') ?? b.orphanDependents;
  if (orphan !== undefined && orphan !== null)
    opts.orphanDependents = orphan === true || orphan === 'true';
  if (b.preconditions) opts.preconditions = b.preconditions;
  const dry: unknown = b.dryRun;
  opts.dryRun = parseDryRun(q) || (Array.isArray(dry) && dry.includes('All'));
  return opts;
}
