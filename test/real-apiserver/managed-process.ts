import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { RealApiServerError } from './real-apiserver-error';

/** Options of {@link startProcess}. */
export interface ProcessOptions {
  /** Short name used in errors ("etcd", "kube-apiserver"). */
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  /** Everything the process prints (stdout and stderr) is appended here. */
  readonly logFile: string;
  /** Called with each complete line the process prints on stdout (readiness lines). */
  readonly onStdoutLine?: (line: string) => void;
}

/** A child server process whose output goes to a log file. */
export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  /** Last few kilobytes of output, for error messages. */
  outputTail(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcessWithoutNullStreams>();
let exitHookInstalled = false;

// Last resort for an abrupt exit of this Node process (process.exit, an uncaught error): kill
// whatever is still running. The children also stop by themselves when their stdin closes
// (REALAPISERVER_STOP_ON_STDIN_EOF), which covers SIGKILL of this process too.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/**
 * Spawns a server process with its stdin on a pipe (closing it stops the server, see the Go
 * package parentwatch) and its output in a log file.
 */
export function startProcess(options: ProcessOptions): ManagedProcess {
  installExitHook();
  const child = spawn(options.command, options.args, {
    stdio: ['pipe', 'pipe', 'pipe'],
    // Own process group: Ctrl-C in a terminal signals only this process, which then stops the
    // servers in order (kube-apiserver before the etcd it still needs while draining).
    detached: true,
    env: { ...process.env, REALAPISERVER_STOP_ON_STDIN_EOF: '1' },
  });
  running.add(child);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  let tail = '';
  const record = (chunk: Buffer) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-8_000);
  };
  let partial = '';
  child.stdout.on('data', (chunk: Buffer) => {
    record(chunk);
    const lines = (partial + chunk.toString()).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) options.onStdoutLine?.(line);
  });
  child.stderr.on('data', record);
  // Errors writing to stdin after the child died are expected; exit is reported through `exited`.
  child.stdin.on('error', () => {});

  const exited = new Promise<number | string>((resolve) => {
    child.once('error', (err) => {
      tail += `\n${String(err)}`;
      resolve('spawn-error');
    });
    child.once('close', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  }).finally(() => {
    running.delete(child);
    log.end();
  });

  return {
    name: options.name,
    pid: child.pid ?? -1,
    logFile: options.logFile,
    exited,
    outputTail: () => tail,
    async stop(graceMs = 15_000) {
      if (!running.has(child)) {
        await exited;
        return;
      }
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Waits for `ready` while `proc` runs: rejects if the process exits first or `timeoutMs`
 * passes.
 *
 * @throws RealApiServerError `process-exited` or `not-ready`.
 */
export function whileRunning<T>(
  proc: ManagedProcess,
  ready: Promise<T>,
  timeoutMs: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(
      () =>
        settle(() =>
          reject(
            new RealApiServerError(
              'not-ready',
              `${proc.name} not ready after ${timeoutMs} ms; log ${proc.logFile}:\n${proc.outputTail()}`,
            ),
          ),
        ),
      timeoutMs,
    );
    void proc.exited.then((code) => settle(() => reject(exitedError(proc, code))));
    ready.then(
      (value) => settle(() => resolve(value)),
      (err: unknown) => settle(() => reject(err)),
    );
  });
}

/** The error for a server process that exited while it was expected to run. */
export function exitedError(proc: ManagedProcess, code: number | string): RealApiServerError {
  return new RealApiServerError(
    'process-exited',
    `${proc.name} exited (${code}); log ${proc.logFile}:\n${proc.outputTail()}`,
  );
}
