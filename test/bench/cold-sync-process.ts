/**
 * One informer sync in a fresh process: scenario 1's cold cases. Started by ./cold-sync, which
 * sends the server's endpoint, the client and the informer options over IPC; builds the
 * clients, syncs once, and reports the sync's wall and CPU time and the objects cached. Module
 * loading happens before the timing; the JIT, the connection and every code path of the sync
 * are cold, as in a controller's first sync after it starts.
 */
import { makeClients } from './clients';
import type { ColdSyncRequest, ColdSyncResult } from './cold-sync';
import { timed } from './harness';
import { startInformer } from './informers';

process.once('message', (request: ColdSyncRequest) => {
  const run = async (): Promise<ColdSyncResult> => {
    const clients = await makeClients(request.endpoint);
    const sync = await timed(() => startInformer(request.client, clients, request.options, false));
    const cached = sync.value.size();
    await sync.value.stop();
    await clients.close();
    return { wallMs: sync.wallMs, cpuMs: sync.cpuMs, cached };
  };
  run().then(
    (result) => process.send!(result, () => process.exit(0)),
    (err: unknown) =>
      process.send!({ error: String((err as Error)?.stack ?? err) }, () => process.exit(1)),
  );
});
