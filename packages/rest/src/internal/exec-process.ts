import { spawn } from 'node:child_process';
import type { Clock, TimerHandle } from '@kubekit/apimachinery';
import { CredentialError } from '../credential-error';

/** What an exec plugin run may take. */
export interface ExecBounds {
  clock: Clock;
  /** Kill the plugin (its whole process group) after this many ms. */
  timeoutMs: number;
  /** Kill the plugin once it printed more than this many bytes on stdout. */
  maxOutputBytes: number;
}

/** stderr kept for the error message (the rest is read and dropped). */
const maxStderrBytes = 2048;

/**
 * Runs an exec credential plugin and resolves with its stdout once it exits 0.
 *
 * Guarantees: the run ends within `timeoutMs` on the given clock and holds at most
 * `maxOutputBytes` of stdout and 2 KiB of stderr; when it is cut short (timeout, too much
 * output) the plugin's whole process group is killed (SIGKILL), so helpers it started do not
 * linger, and the promise settles at once without waiting for them.
 *
 * Errors: CredentialError `ExecFailed`: cannot start (with `installHint` when the command is not
 * found), timed out, too much output, non-zero exit
 * (with the first 2 KiB of stderr, the plugin's own diagnostic).
 */
export function runExecProcess(
  name: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  bounds: ExecBounds,
  installHint?: string,
): Promise<string> {
  return new Promise((resolve, reject) => {
    // Its own process group (setsid), so that a timeout kills what the plugin started too.
    const child = spawn(name, args, {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
    });
    const out: Buffer[] = [];
    let outBytes = 0;
    const errOut: Buffer[] = [];
    let errBytes = 0;
    let settled = false;
    let timer: TimerHandle | undefined;

    const finish = (error: Error | undefined, stdout?: string) => {
      if (settled) return;
      settled = true;
      if (timer !== undefined) bounds.clock.clearTimeout(timer);
      if (error) reject(error);
      else resolve(stdout!);
    };
    const kill = (why: string) => {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
        try {
          if (process.platform === 'win32') child.kill('SIGKILL');
          else process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL'); // the group is gone already; make sure of the child
        }
      }
      child.stdout.destroy();
      child.stderr.destroy();
      finish(new CredentialError('ExecFailed', `exec plugin ${name} ${why}: killed`));
    };

    timer = bounds.clock.setTimeout(() => {
      timer = undefined;
      kill(`did not finish within ${bounds.timeoutMs} ms`);
    }, bounds.timeoutMs);
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > bounds.maxOutputBytes)
        return kill(`printed more than ${bounds.maxOutputBytes} bytes`);
      out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      if (errBytes < maxStderrBytes) errOut.push(b.subarray(0, maxStderrBytes - errBytes));
      errBytes += b.length;
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      // Node's spawn error lists the arguments (spawnargs), which may carry secrets: keep the
      // OS error's fields only.
      const { code, errno, syscall, path } = err;
      const cause = Object.assign(new Error(err.message), { code, errno, syscall, path });
      const hint = code === 'ENOENT' && installHint ? `\n${installHint}` : '';
      finish(
        new CredentialError('ExecFailed', `cannot run exec plugin ${name}: ${err.message}${hint}`, {
          cause,
        }),
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) return finish(undefined, Buffer.concat(out).toString('utf8'));
      const stderr = Buffer.concat(errOut).toString('utf8').trim();
      finish(
        new CredentialError(
          'ExecFailed',
          `exec plugin ${name} exited with ${signal ?? `code ${code}`}${stderr ? `: ${stderr}` : ''}`,
        ),
      );
    });
  });
}
