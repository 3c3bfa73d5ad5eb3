/**
 * The parent side of ./server-process: forks it with the same loader flags (tsx, conditions) and
 * turns its IPC into promises.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Sample } from './harness';
import type {
  ServerCommand,
  ServerEndpoint,
  ServerReply,
  ServerUsage,
  Transport,
} from './server-protocol';

type CommandBody = ServerCommand extends infer C
  ? C extends ServerCommand
    ? Omit<C, 'id'>
    : never
  : never;

/** The running server process. */
export interface ServerHandle {
  readonly endpoints: Record<Transport, ServerEndpoint>;
  /** Sends a command and resolves with its result (rejects with the server's error). */
  call<R = unknown>(command: CommandBody): Promise<R>;
  /** The server process's CPU so far and its memory (heap after full collections when `gc`). */
  usage(gc?: boolean): Promise<ServerUsage>;
  /** Stops the servers and waits for the process to exit. */
  stop(): Promise<void>;
}

/** Starts the server process; `maxOldSpaceMb` sizes its heap (the full profile stores 100k pods). */
export async function startServerProcess(options: {
  maxOldSpaceMb: number;
}): Promise<ServerHandle> {
  const execArgv = process.execArgv.filter(
    (a) =>
      a !== '--expose-gc' && !a.startsWith('--max-old-space-size') && !a.startsWith('--cpu-prof'),
  );
  const child: ChildProcess = fork(join(import.meta.dirname, 'server-process.ts'), [], {
    execArgv: [...execArgv, '--expose-gc', `--max-old-space-size=${options.maxOldSpaceMb}`],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let nextId = 1;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.on('message', (reply: ServerReply) => {
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (reply.ok) waiter.resolve(reply.result);
    else waiter.reject(new Error(`server process: ${reply.error}`));
  });
  child.once('exit', (code) => {
    for (const w of pending.values()) w.reject(new Error(`server process exited (${code})`));
    pending.clear();
  });
  const endpoints = await new Promise<Record<Transport, ServerEndpoint>>((resolve, reject) => {
    pending.set(0, { resolve: (v) => resolve(v as Record<Transport, ServerEndpoint>), reject });
  });
  const call = <R>(command: CommandBody): Promise<R> =>
    new Promise<R>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: (v) => resolve(v as R), reject });
      // a call after the process exited (a timed-out sample still running) rejects, not crashes
      child.send({ ...command, id }, (err) => {
        if (!err) return;
        pending.delete(id);
        reject(err);
      });
    });
  return {
    endpoints,
    call,
    usage: (gc = false) => call<ServerUsage>({ op: 'usage', gc }),
    async stop() {
      await call({ op: 'stop' }).catch(() => undefined);
      await exited;
    },
  };
}

/**
 * Runs `body` and adds to its sample the server process's CPU time over it (`serverCpuMs`) and
 * its resident memory afterwards (`serverRssMb`): the server's share of the same work.
 */
export async function withServerCost(
  server: ServerHandle,
  body: () => Promise<Sample>,
): Promise<Sample> {
  const before = await server.usage();
  const sample = await body();
  const after = await server.usage();
  return {
    ...sample,
    serverCpuMs: after.cpuMs - before.cpuMs,
    serverRssMb: after.rssBytes / 2 ** 20,
  };
}
