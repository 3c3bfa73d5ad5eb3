/**
 * The command line of `create-kubekit-operator`.
 * @packageDocumentation
 */
import { parseArgs } from 'node:util';
import type { CliStreams } from '@kubekit/codegen';
import type { ScaffoldOptions } from './operator-options';
import { ScaffoldError } from './scaffold-error';
import { scaffold } from './scaffold';

/** The help text. */
export const Usage = `Usage: npm create kubekit-operator@latest <name> -- [options]
       create-kubekit-operator <name> [options]

Writes a ready Kubernetes operator project into ./<name>: a CRD, its generated client, a
controller on @kubekit/controller, a test on the in-memory API server, deploy manifests
(CRD, least-privilege RBAC, a Deployment with leader election and probes) and a Dockerfile.

Options:
  --group <group>      API group of the custom resource (default example.com)
  --version <version>  its version (default v1alpha1)
  --kind <Kind>        its kind (default Widget)
  --plural <plural>    its plural (default: lower-case kind + s)
  --dir <path>         where to write (default ./<name>)
  -h, --help           this text

Then: cd <name> && npm install && npm test && npm start
`;

/** Runs the command line; resolves with the exit code (0 ok, 2 usage, 1 failure). */
export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        group: { type: 'string' },
        version: { type: 'string' },
        kind: { type: 'string' },
        plural: { type: 'string' },
        dir: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    streams.stderr(`${(err as Error).message}\n\n${Usage}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    streams.stdout(Usage);
    return 0;
  }
  const [name, ...extra] = positionals;
  if (!name || extra.length) {
    streams.stderr(`expected one project name, got ${positionals.length}\n\n${Usage}`);
    return 2;
  }
  const options: ScaffoldOptions = { name };
  for (const key of ['group', 'version', 'kind', 'plural'] as const) {
    const value = values[key];
    if (value !== undefined) options[key] = value;
  }
  const dir = values.dir ?? name;
  try {
    const files = await scaffold(dir, options);
    streams.stdout(
      `wrote ${files.length} files to ${dir}\n\nnext:\n  cd ${dir}\n  npm install\n  npm test\n  npm start   # against your current kubeconfig context\n`,
    );
    return 0;
  } catch (err) {
    if (!(err instanceof ScaffoldError)) throw err;
    streams.stderr(`create-kubekit-operator: ${err.message}\n`);
    return 1;
  }
}
