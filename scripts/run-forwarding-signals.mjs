// Runs a child process and passes on the signals a supervisor sends to this process alone
// (SIGTERM, SIGHUP), so `kill <pid of npm's node>` stops the whole chain instead of orphaning
// the child. SIGINT from a terminal already reaches the whole process group: it is not sent
// twice, only kept from ending this process before the child has exited.
// Resolves with the exit code to use: the child's, or 128 + the signal number that ended it.
// Written for old Nodes too: no syntax newer than Node 14.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';

export function runForwardingSignals(command, args, options) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    const forward = (signal) => child.kill(signal);
    const ignore = () => {};
    process.on('SIGTERM', forward);
    process.on('SIGHUP', forward);
    process.on('SIGINT', ignore);
    const done = (code) => {
      process.off('SIGTERM', forward);
      process.off('SIGHUP', forward);
      process.off('SIGINT', ignore);
      resolve(code);
    };
    child.on('error', (err) => {
      console.error(`could not run ${command}: ${err.message}`);
      done(1);
    });
    child.on('exit', (code, signal) =>
      done(signal ? 128 + (constants.signals[signal] || 0) : code),
    );
  });
}
