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

/**
 * Runs `checks` (minus `exclude`) at once, listed in the order they were added, and renders the answer of `/healthz`, `/readyz` or
 * `/livez` as k8s.io/apiserver's healthz does: `ok` when all pass (or one line per check with
 * `verbose`), else 500 with `[+]name ok` / `[-]name failed: reason withheld` lines. Reasons go to
 * `onFailure`, never into the response.
 *
 * @see https://github.com/kubernetes/apiserver/blob/master/pkg/server/healthz/healthz.go
 */
export async function runChecks(
  endpoint: string,
  checks: ReadonlyMap<string, HealthCheck>,
  options: {
    verbose: boolean;
    exclude: ReadonlySet<string>;
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
      lines.push(`[-]${name} failed: reason withheld`);
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

/** The answer of one check's own endpoint (`/healthz/<name>`). */
export async function runSingle(check: HealthCheck): Promise<HealthzResponse> {
  const result = await runOne(check);
  if (result === undefined) return { status: 200, body: 'ok' };
  return { status: 500, body: 'internal server error: check failed' };
}

async function runOne(check: HealthCheck): Promise<{ error: unknown } | undefined> {
  try {
    await check();
    return undefined;
  } catch (error) {
    return { error };
  }
}
