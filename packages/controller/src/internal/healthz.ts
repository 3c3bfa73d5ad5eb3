/**
 * A health or readiness check: returns (or resolves) when healthy, throws (or rejects) when not.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/server/healthz/healthz.go (HealthChecker)
 */
export type HealthCheck = () => void | Promise<void>;

/** The outcome of a set of checks, rendered like kube-apiserver's healthz. */
export interface HealthzResponse {
  status: number;
  body: string;
}

/** The longest reason a response carries; longer ones are cut. */
const maxReasonLength = 300;

/**
 * The reason of a failed check as one line of a probe response: the first line of the error's
 * message, cut to 300 characters; `reason withheld` when asked to withhold it.
 */
function reasonOf(err: unknown, withhold: boolean): string {
  if (withhold) return 'reason withheld';
  const text = String((err as Error)?.message ?? err)
    .split('\n', 1)[0]!
    .trim();
  if (text === '') return 'no reason given';
  return text.length > maxReasonLength ? `${text.slice(0, maxReasonLength)}...` : text;
}

/**
 * Runs `checks` (minus `exclude`) at once, listed in the order they were added, and renders the answer of `/healthz`, `/readyz` or
 * `/livez` as k8s.io/apiserver's healthz does: `ok` when all pass (or one line per check with
 * `verbose`), else 500 with `[+]name ok` / `[-]name failed: <reason>` lines. The reason is the
 * first line of the check's error (so a probe's output says why), or `reason withheld` as
 * kube-apiserver writes when `withholdReasons` is set; every error also goes to `onFailure`.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/server/healthz/healthz.go
 */
export async function runChecks(
  endpoint: string,
  checks: ReadonlyMap<string, HealthCheck>,
  options: {
    verbose: boolean;
    exclude: ReadonlySet<string>;
    withholdReasons: boolean;
    onFailure: (name: string, err: unknown) => void;
  },
): Promise<HealthzResponse> {
  const names = [...checks.keys()].filter((n) => !options.exclude.has(n));
  const results = await Promise.all(names.map((name) => runOne(checks.get(name)!)));
  const lines: string[] = [];
  let failed = false;
  names.forEach((name, i) => {
    const err = results[i];
    if (err === undefined) {
      lines.push(`[+]${name} ok`);
    } else {
      failed = true;
      options.onFailure(name, err.error);
      lines.push(`[-]${name} failed: ${reasonOf(err.error, options.withholdReasons)}`);
    }
  });
  for (const name of options.exclude) {
    if (!checks.has(name))
      lines.push(`warn: some health checks cannot be excluded: no matches for "${name}"`);
  }
  if (failed) return { status: 500, body: `${lines.join('\n')}\n${endpoint} check failed\n` };
  if (!options.verbose) return { status: 200, body: 'ok' };
  return { status: 200, body: `${lines.join('\n')}\n${endpoint} check passed\n` };
}

/** The answer of one check's own endpoint (`/healthz/<name>`); the reason as in {@link runChecks}. */
export async function runSingle(
  check: HealthCheck,
  withholdReasons: boolean,
): Promise<HealthzResponse> {
  const result = await runOne(check);
  if (result === undefined) return { status: 200, body: 'ok' };
  const reason = withholdReasons ? 'check failed' : reasonOf(result.error, false);
  return { status: 500, body: `internal server error: ${reason}` };
}

async function runOne(check: HealthCheck): Promise<{ error: unknown } | undefined> {
  try {
    await check();
    return undefined;
  } catch (error) {
    return { error };
  }
}
