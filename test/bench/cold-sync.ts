/**
 * The parent side of ./cold-sync-process: one informer sync in a fresh process (the measuring
 * process's JIT and connections are warm after the first sample; a controller's first sync
 * after it starts has neither), loading kubekit's built packages as users do.
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { withoutSourceCondition, type ColdModules } from './built-packages';
import type { ClientName } from './clients';
import type { InformerOptions } from './informers';
import type { ServerEndpoint } from './server-protocol';

/** What the parent sends. */
export interface ColdSyncRequest {
  endpoint: ServerEndpoint;
  client: ClientName;
  options: Omit<InformerOptions, 'onUpdate'>;
}

/** What the child answers: the sync's wall and CPU time (ms) and the objects it cached. */
export interface ColdSyncResult {
  wallMs: number;
  cpuMs: number;
  cached: number;
}

/**
 * Syncs `client`'s informer once in a fresh process and resolves with what it measured. With
 * `modules` `'dist'` the process loads kubekit's built packages (tsx still runs the harness's
 * own TypeScript), with `'source'` the TypeScript sources.
 */
export function coldSync(request: ColdSyncRequest, modules: ColdModules): Promise<ColdSyncResult> {
  const inherited = process.execArgv.filter(
    (a) => a !== '--expose-gc' && !a.startsWith('--cpu-prof'),
  );
  const execArgv = modules === 'dist' ? withoutSourceCondition(inherited) : inherited;
  const child = fork(join(import.meta.dirname, 'cold-sync-process.ts'), [], {
    execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    let answered = false;
    child.once('message', (reply: ColdSyncResult | { error: string }) => {
      answered = true;
      if ('error' in reply) reject(new Error(`cold sync process: ${reply.error}`));
      else resolve(reply);
    });
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`cold sync process exited (${code}) without an answer`));
    });
    child.send(request);
  });
}
