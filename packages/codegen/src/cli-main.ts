import type { CliStreams } from './run-cli';

/** A command line program: its arguments and output streams in, its exit code out. */
export type CliProgram = (argv: readonly string[], streams: CliStreams) => Promise<number>;

/**
 * Runs `program` as the process's main: with the process's arguments, writing to its stdout and
 * stderr; its result becomes `process.exitCode`. A rejection (a bug, not a user's mistake, which
 * the program reports itself) is printed and exits 3. The bins of `kubekit-gen` and
 * `create-kubekit-operator` are this one call.
 */
export function runCliMain(program: CliProgram): void {
  program(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 3;
    },
  );
}
