/**
 * The `kubekit-gen` command line, as a function (the bin calls it with process.argv).
 * @packageDocumentation
 */
import { CodegenError } from './codegen-error';
import { generateFromCrds, generateFromTable } from './generate';
import { loadConfig, RESTClient } from '@kubekit/rest';
import { generateFromOpenApi } from './generate-openapi';
import { fetchOpenApi } from './openapi-cluster';
import type { GeneratedFile } from './model';
import { readJson, readJsonInputs, readYamlInputs, verifyOutput, writeOutput } from './output';

/** Where the CLI writes. */
export interface CliStreams {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The CLI's usage text. */
export const Usage = `Usage:
  kubekit-gen crd <file|dir>... --out <dir> [--runtime <module>] [--verify]
      Types, typed clients, informers and addToScheme for every served version of the
      CustomResourceDefinitions in the YAML files (directories are searched for *.yaml/*.yml).
  kubekit-gen table <file> --out <dir> [--verify]
      Typed clients, informers and addToScheme for the resources of a resource table.
  kubekit-gen openapi <file|dir>... --out <dir> [--discovery <file>] [--group-version <gv>]...
                      [--runtime <module>] [--verify]
  kubekit-gen openapi --from-cluster [--kubeconfig <file>] [--context <name>]
                      [--group-version <gv>]... --out <dir> [--runtime <module>] [--verify]
      Types for every schema of the OpenAPI v3 documents (directories are searched for *.json),
      typed clients, informers and addToScheme for every resource of their paths; short names
      and categories from --discovery (a JSON list of APIResourceLists). --from-cluster reads
      the documents and discovery of the cluster of the kubeconfig (as kubectl finds it) from
      /openapi/v3: CRDs installed by others get types and clients without their YAML.

Options:
  --out <dir>         the output directory; kubekit-gen owns it and replaces it as a whole
  --runtime <module>  where generated code imports the clientset runtime and the built-in
                      Clientset its Clientset extends from (default @kubekit/clientset;
                      a path starting with . is relative to --out)
  --verify            write nothing; exit 1 with a diff when <dir> is not what would be generated
  --discovery <file>  (openapi) APIResourceLists with short names and categories
  --group-version <gv> (openapi) clients only for this group version (repeatable; e.g. apps/v1)
  --from-cluster      (openapi) read the documents from the cluster instead of files
  --kubeconfig <file> (--from-cluster) the kubeconfig; default KUBECONFIG, in-cluster, ~/.kube/config
  --context <name>    (--from-cluster) the kubeconfig context; default its current context

Exit codes: 0 done (or up to date), 1 stale output (--verify), 2 bad input or usage.
`;

const commands = ['crd', 'table', 'openapi'] as const;

interface Args {
  command: (typeof commands)[number];
  inputs: string[];
  out: string;
  runtime: string | undefined;
  verify: boolean;
  discovery: string | undefined;
  groupVersions: string[];
  fromCluster: boolean;
  kubeconfig: string | undefined;
  context: string | undefined;
}

function parseArgs(argv: readonly string[]): Args {
  const [command, ...rest] = argv;
  if (!commands.includes(command as Args['command']))
    throw new CodegenError(
      'Usage',
      command ? `unknown command ${JSON.stringify(command)}` : 'a command is required',
    );
  const inputs: string[] = [];
  let out: string | undefined;
  let runtime: string | undefined;
  let verify = false;
  let discovery: string | undefined;
  const groupVersions: string[] = [];
  let fromCluster = false;
  let kubeconfig: string | undefined;
  let context: string | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    const value = (): string => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--'))
        throw new CodegenError('Usage', `${arg} needs a value`);
      return v;
    };
    if (arg === '--out') out = value();
    else if (arg === '--runtime') runtime = value();
    else if (arg === '--verify') verify = true;
    else if (arg === '--discovery' && command === 'openapi') discovery = value();
    else if (arg === '--group-version' && command === 'openapi') groupVersions.push(value());
    else if (arg === '--from-cluster' && command === 'openapi') fromCluster = true;
    else if (arg === '--kubeconfig' && command === 'openapi') kubeconfig = value();
    else if (arg === '--context' && command === 'openapi') context = value();
    else if (arg.startsWith('--')) throw new CodegenError('Usage', `unknown option ${arg}`);
    else inputs.push(arg);
  }
  if (!out) throw new CodegenError('Usage', '--out <dir> is required');
  if (fromCluster && (inputs.length > 0 || discovery !== undefined))
    throw new CodegenError('Usage', '--from-cluster reads no input files (and no --discovery)');
  if ((kubeconfig !== undefined || context !== undefined) && !fromCluster)
    throw new CodegenError('Usage', '--kubeconfig and --context go with --from-cluster');
  if (inputs.length === 0 && !fromCluster)
    throw new CodegenError('Usage', 'at least one input is required');
  if (command === 'table' && (inputs.length > 1 || runtime !== undefined))
    throw new CodegenError('Usage', 'table takes one file (its runtime is set in the table)');
  return {
    command: command as Args['command'],
    inputs,
    out,
    runtime,
    verify,
    discovery,
    groupVersions,
    fromCluster,
    kubeconfig,
    context,
  };
}

async function generate(args: Args): Promise<GeneratedFile[]> {
  if (args.command === 'openapi' && args.fromCluster) return generateFromCluster(args);
  if (args.command === 'openapi') {
    const exclude = args.discovery ? [args.discovery] : [];
    return generateFromOpenApi(await readJsonInputs(args.inputs, exclude), {
      runtimeModule: args.runtime,
      discovery: args.discovery ? await readJson(args.discovery) : undefined,
      groupVersions: args.groupVersions.length ? args.groupVersions : undefined,
    });
  }
  const docs = await readYamlInputs(args.inputs);
  return args.command === 'crd'
    ? generateFromCrds(docs, { runtimeModule: args.runtime })
    : generateFromTable(docs);
}

async function generateFromCluster(args: Args): Promise<GeneratedFile[]> {
  let client: RESTClient;
  try {
    client = new RESTClient(loadConfig({ path: args.kubeconfig, context: args.context }));
  } catch (err) {
    throw new CodegenError(
      'Io',
      `cannot reach a cluster: ${(err as Error).message}`,
      {},
      { cause: err },
    );
  }
  try {
    const groupVersions = args.groupVersions.length ? args.groupVersions : undefined;
    const { inputs, discovery } = await fetchOpenApi(client, { groupVersions });
    return await generateFromOpenApi(inputs, {
      runtimeModule: args.runtime,
      discovery: { source: 'the cluster discovery', value: discovery },
      groupVersions,
    });
  } finally {
    await client.close();
  }
}

/**
 * Runs kubekit-gen with `argv` (without the program name) and resolves with the exit code:
 * 0 done or up to date, 1 stale output under `--verify`, 2 bad input or usage. Never throws
 * for bad input: errors are written to `streams.stderr`.
 */
export async function runCli(argv: readonly string[], streams: CliStreams): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    streams.stdout(Usage);
    return 0;
  }
  try {
    const args = parseArgs(argv);
    const files = await generate(args);
    if (args.verify) {
      const diff = await verifyOutput(args.out, files);
      if (diff) {
        streams.stderr(
          `kubekit-gen: ${args.out} is stale; regenerate it with: kubekit-gen ${argv.filter((a) => a !== '--verify').join(' ')}\n\n${diff}`,
        );
        return 1;
      }
      streams.stdout(`kubekit-gen: ${args.out} is up to date (${files.length} files)\n`);
      return 0;
    }
    await writeOutput(args.out, files);
    streams.stdout(`kubekit-gen: wrote ${files.length} files to ${args.out}\n`);
    return 0;
  } catch (err) {
    if (!CodegenError.isInstance(err)) throw err;
    streams.stderr(`kubekit-gen: ${err.message}\n${err.reason === 'Usage' ? `\n${Usage}` : ''}`);
    return 2;
  }
}
