/**
 * The benchmark's API servers, in a child process of their own: an HTTPS server (the default of
 * @kubekit/testing) and a plain HTTP one. Keeping them out of the measuring process means the
 * clients' CPU time and heap are measured alone, and server work runs on the other core.
 *
 * Driven over IPC by {@link ./server-handle}: seeds pods straight into storage (./seed-pods), writes
 * the updates the watch scenario observes (each stamped with the write time), clears namespaces.
 */
import { setImmediate as turn } from 'node:timers/promises';
import { startApiServer, type ApiServer } from '@kubekit/testing';
import type { BenchPod } from './bench-pod';
import { seedPods } from './seed-pods';
import type {
  ServerCommand,
  ServerEndpoint,
  ServerReply,
  ServerUsage,
  Transport,
} from './server-protocol';
import { TFJobRealCluster } from './tfjob-real-cluster';
import { TFJobServer } from './tfjob-server';

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes. */
const preciseNow = () => performance.timeOrigin + performance.now();

const pods = { resource: 'pods' };

/** Writes `total` updates round-robin over `names`, each stamped with its write time. */
async function writeUpdates(
  server: ApiServer,
  command: Extract<ServerCommand, { op: 'updates' }>,
): Promise<void> {
  const { namespace, names, total, intervalMs } = command;
  for (let i = 0; i < total; i++) {
    const name = names[i % names.length]!;
    const live = server.storage.get<BenchPod>(pods, name, namespace)!;
    live.metadata!.annotations = {
      ...live.metadata!.annotations,
      'bench/seq': String(i),
      'bench/stamp': String(preciseNow()),
    };
    server.storage.update(pods, live);
    // Let the server flush events to the sockets now and then (every write when paced).
    if (intervalMs > 0) await new Promise((r) => setTimeout(r, intervalMs));
    else if (i % 64 === 63) await turn();
  }
}

function clear(server: ApiServer, namespace: string): number {
  let n = 0;
  for (const pod of server.storage.list(pods, namespace))
    if (server.storage.delete(pods, pod.metadata!.name!, namespace, { gracePeriodSeconds: 0 })) n++;
  return n;
}

/** This process's CPU so far and its memory (heap after full collections when `gc`). */
async function usage(gc: boolean): Promise<ServerUsage> {
  if (gc && globalThis.gc) {
    for (let i = 0; i < 2; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      globalThis.gc();
    }
  }
  const cpu = process.cpuUsage();
  const mem = process.memoryUsage();
  return {
    cpuMs: (cpu.user + cpu.system) / 1000,
    rssBytes: mem.rss,
    heapUsedBytes: mem.heapUsed,
  };
}

async function main(): Promise<void> {
  const servers: Record<Transport, ApiServer> = {
    https: await startApiServer({ onError: () => undefined }),
    http: await startApiServer({ http: true, onError: () => undefined }),
  };
  const endpoint = (s: ApiServer): ServerEndpoint => ({
    url: s.url,
    token: s.token,
    caPem: s.caPem,
    kubeconfigYaml: s.kubeconfigYaml,
  });
  const send = (reply: ServerReply) => process.send!(reply);
  let tfjob: TFJobServer | undefined;
  let real: TFJobRealCluster | undefined;
  const realCluster = () => {
    if (!real) throw new Error('tfjob-real-start first');
    return real;
  };
  process.on('message', (command: ServerCommand) => {
    const run = async (): Promise<unknown> => {
      switch (command.op) {
        case 'seed':
          return seedPods(servers[command.transport], command.namespace, command.count, {
            names: command.names,
          });
        case 'updates':
          await writeUpdates(servers[command.transport], command);
          return command.total;
        case 'clear':
          return clear(servers[command.transport], command.namespace);
        case 'usage':
          return usage(command.gc ?? false);
        case 'tfjob-start':
          await tfjob?.stop();
          tfjob = await TFJobServer.start();
          return endpoint(tfjob.server);
        case 'tfjob-wait':
          if (!tfjob) throw new Error('tfjob-wait before tfjob-start');
          await tfjob.submitAndWait(command.jobs);
          return true;
        case 'tfjob-stop':
          await tfjob?.stop();
          tfjob = undefined;
          return true;
        case 'tfjob-real-start':
          await real?.stop();
          real = await TFJobRealCluster.start(
            { url: command.url, token: command.token, caPem: command.caPem },
            command.nodes,
          );
          return true;
        case 'tfjob-real-submit':
          await realCluster().submit(command.jobs);
          return true;
        case 'tfjob-real-wait':
          return realCluster().done(command.jobs, command.timeoutMs);
        case 'tfjob-real-stop':
          await real?.stop();
          real = undefined;
          return true;
        case 'stop':
          await tfjob?.stop();
          await real?.stop();
          await Promise.all(Object.values(servers).map((s) => s.stop()));
          setImmediate(() => process.exit(0));
          return true;
      }
    };
    run().then(
      (result) => send({ id: command.id, ok: true, result }),
      (err: unknown) =>
        send({ id: command.id, ok: false, error: String((err as Error)?.stack ?? err) }),
    );
  });
  send({
    id: 0,
    ok: true,
    result: { https: endpoint(servers.https), http: endpoint(servers.http) },
  });
}

// The runner is gone (killed, e.g. by the smoke test's timeout): do not outlive it.
process.on('disconnect', () => process.exit(1));

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
