import type { TFJob } from '../generated/kubeflow.org/v1';

/** The part of the typed TFJob client {@link followJob} uses. */
export interface TFJobWatcher {
  watch(options: {
    fieldSelector?: string;
    resourceVersion?: string;
    signal?: AbortSignal;
  }): Promise<AsyncIterable<{ type: string; object: TFJob }>>;
}

/** The job's replica counts, e.g. `PS 1 active/0 succeeded/0 failed, Worker 2 active/...`. */
function replicaSummary(job: TFJob): string {
  const entries = Object.entries(job.status?.replicaStatuses ?? {});
  if (!entries.length) return 'no replicas yet';
  return entries
    .map(
      ([t, s]) =>
        `${t} ${s.active ?? 0} active/${s.succeeded ?? 0} succeeded/${s.failed ?? 0} failed`,
    )
    .join(', ');
}

/**
 * Follows TFJob `name` with a watch (every update, so short-lived conditions such as Restarting
 * are not missed as a poll would miss them) and prints each condition that turns True, with the
 * replica counts. Open it before creating the job. Resolves with `Succeeded`, `Failed`,
 * `timed out` (after `timeoutMs`) or `interrupted` (once `signal` aborts); a watch the server
 * ends is resumed from the last version.
 */
export async function followJob(
  client: TFJobWatcher,
  name: string,
  timeoutMs: number,
  print: (line: string) => void,
  signal?: AbortSignal,
): Promise<() => Promise<string>> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const stop = () => abort.abort();
  signal?.addEventListener('abort', stop, { once: true });
  const ended = () => (signal?.aborted ? 'interrupted' : 'timed out');
  const open = (resourceVersion?: string) =>
    client.watch({ fieldSelector: `metadata.name=${name}`, resourceVersion, signal: abort.signal });
  let stream = await open();
  const seen = new Map<string, string>(); // condition type -> status
  return async () => {
    let rv: string | undefined;
    try {
      while (!abort.signal.aborted) {
        for await (const event of stream) {
          const job = event.object;
          rv = job.metadata?.resourceVersion ?? rv;
          if (event.type !== 'ADDED' && event.type !== 'MODIFIED') continue;
          const conditions = job.status?.conditions ?? [];
          // a condition the controller filtered out (Running while Restarting) can come back
          for (const type of seen.keys())
            if (!conditions.some((c) => c.type === type)) seen.delete(type);
          for (const c of conditions) {
            const was = seen.get(c.type);
            seen.set(c.type, c.status);
            if (c.status !== 'True' || was === 'True') continue;
            const at = new Date().toISOString().slice(11, 19);
            print(
              `${at} ${c.type} (${c.reason ?? '-'}) | ${replicaSummary(job)} | restarts ${job.status?.restartCount ?? 0}`,
            );
            if (c.type === 'Failed' && c.message) print(`  ${c.message}`);
            if (c.type === 'Succeeded' || c.type === 'Failed') return c.type;
          }
        }
        if (!abort.signal.aborted) stream = await open(rv);
      }
      return ended();
    } catch (err) {
      if (abort.signal.aborted) return ended();
      throw err;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', stop);
      abort.abort();
    }
  };
}
