/**
 * kubekit's benchmark harness: every scenario for kubekit, @kubernetes/client-node and the raw
 * limit (undici + JSON.parse), in this process, against the same @kubekit/testing servers (run
 * in a child process), interleaved, several repetitions; prints a markdown table and writes it
 * with a JSON document (every sample) to test/bench/results/.
 *
 *   npx tsx --conditions=@kubekit/source test/bench/run.ts [--full] [--smoke] [--only <scenario>] [--reps <n>] [--large-reps <n>] [--out <dir>]
 *
 * `--reps` overrides the profile's rounds per case (large cases run at most that many);
 * `--large-reps` the rounds of the large cases (100k pods, 1,000 TFJobs).
 *
 * Scenarios (for --only, comma-separated): sync (1 and 3), watch (2), rest (4), workqueue (5), tfjob (6),
 * priority (7); tfjob-real (6b, the real control plane of test/real-apiserver) runs only when named.
 * See docs/benchmarks.md for what each measures and how.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { makeClients } from './clients';
import type { BenchContext, Scenario } from './context';
import type { Profile, Row } from './harness';
import { environment, markdown, rowLine, type BenchResult } from './report';
import { informerSync } from './scenarios/informer-sync';
import { priorityQueue } from './scenarios/priority-queue';
import { rest } from './scenarios/rest';
import { tfjobController } from './scenarios/tfjob-controller';
import { tfjobRealControlPlane } from './scenarios/tfjob-real';
import { watch } from './scenarios/watch';
import { workqueue } from './scenarios/workqueue';
import { startServerProcess } from './server-handle';

const heapMb = 8192;

const profiles: Record<Profile['name'], Profile> = {
  smoke: {
    name: 'smoke',
    reps: 2,
    warmup: false,
    syncSizes: [20],
    coldSyncSizes: [20],
    watch: { pods: 5, burst: 20, paced: 5, intervalMs: 2 },
    rest: { perSample: { 1: 2, 32: 4 }, listPerSample: { 1: 1, 32: 2 }, listPods: 20 },
    workqueue: { keys: 1000, hotAdds: 5000 },
    tfjob: { jobs: [5] },
    priority: { initial: 500, overloadSeconds: 2 },
  },
  quick: {
    name: 'quick',
    reps: 5,
    warmup: true,
    syncSizes: [1000, 10_000],
    coldSyncSizes: [10_000],
    watch: { pods: 100, burst: 2000, paced: 300, intervalMs: 2 },
    rest: { perSample: { 1: 100, 32: 320 }, listPerSample: { 1: 4, 32: 32 }, listPods: 500 },
    workqueue: { keys: 100_000, hotAdds: 1_000_000 },
    tfjob: { jobs: [100] },
    priority: { initial: 10_000, overloadSeconds: 30 },
  },
  full: {
    name: 'full',
    reps: 7,
    warmup: true,
    largeReps: 3,
    syncSizes: [1000, 10_000, 100_000],
    coldSyncSizes: [10_000],
    watch: { pods: 1000, burst: 20_000, paced: 2000, intervalMs: 2 },
    rest: { perSample: { 1: 1000, 32: 5000 }, listPerSample: { 1: 40, 32: 256 }, listPods: 500 },
    workqueue: { keys: 1_000_000, hotAdds: 5_000_000 },
    tfjob: { jobs: [100, 1000] },
    priority: { initial: 10_000, overloadSeconds: 60 },
  },
};

const scenarios: Scenario[] = [
  informerSync,
  watch,
  rest,
  workqueue,
  tfjobController,
  tfjobRealControlPlane,
  priorityQueue,
];

const usage =
  'usage: run.ts [--full] [--smoke] [--only <scenario>] [--reps <n>] [--large-reps <n>] [--out <dir>]';

interface Args {
  profile: Profile;
  only: string[] | undefined;
  out: string;
}

function parseArgs(argv: string[]): Args {
  let name: Profile['name'] = 'quick';
  let only: string[] | undefined;
  let out = join(import.meta.dirname, 'results');
  let reps: number | undefined;
  let largeReps: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--full') name = 'full';
    else if (a === '--smoke') name = 'smoke';
    else if (a === '--only') only = (argv[++i] ?? '').split(',').filter(Boolean);
    else if (a === '--out') out = argv[++i] ?? out;
    else if (a === '--reps') reps = Number(argv[++i]);
    else if (a === '--large-reps') largeReps = Number(argv[++i]);
    else throw new Error(`unknown argument ${a}; ${usage}`);
  }
  for (const [flag, n] of [
    ['--reps', reps],
    ['--large-reps', largeReps],
  ] as const)
    if (n !== undefined && !(Number.isInteger(n) && n > 0))
      throw new Error(`${flag} takes a positive integer; ${usage}`);
  const known = scenarios.map((s) => s.name);
  for (const o of only ?? [])
    if (!known.includes(o)) throw new Error(`unknown scenario ${o}; one of ${known.join(', ')}`);
  let profile = profiles[name];
  if (reps !== undefined)
    profile = { ...profile, reps, largeReps: Math.min(reps, profile.largeReps ?? reps) };
  if (largeReps !== undefined) profile = { ...profile, largeReps };
  return { profile, only, out };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const env = environment();
  const started = performance.now();
  const log = (m: string) =>
    process.stderr.write(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${m}\n`);
  const selected = scenarios.filter((s) =>
    args.only ? args.only.includes(s.name) : !s.onlyWhenNamed,
  );
  const server = selected.some((s) => s.needsServer)
    ? await startServerProcess({ maxOldSpaceMb: heapMb })
    : undefined;
  const clients = server && {
    https: await makeClients(server.endpoints.https),
    http: await makeClients(server.endpoints.http),
  };
  const result: BenchResult = {
    profile: args.profile,
    environment: env,
    rows: [],
    pending: [],
    complete: false,
  };
  mkdirSync(args.out, { recursive: true });
  const stamp = env.date.replace(/[:.]/g, '-');
  const write = () => {
    const md = markdown(result);
    for (const base of [`${args.profile.name}-${stamp}`, `latest-${args.profile.name}`]) {
      writeFileSync(join(args.out, `${base}.json`), `${JSON.stringify(result, null, 2)}\n`);
      writeFileSync(join(args.out, `${base}.md`), md);
    }
    return md;
  };
  const emit = (rows: Row[]) => {
    result.rows.push(...rows);
    for (const row of rows) process.stdout.write(`${rowLine(row)}\n`);
    write();
  };
  const ctx: BenchContext = { profile: args.profile, server, clients, log, emit };
  try {
    for (const scenario of selected) {
      log(`scenario ${scenario.name}`);
      await scenario.run(ctx);
    }
  } finally {
    if (clients) await Promise.all([clients.https.close(), clients.http.close()]);
    await server?.stop();
  }
  env.loadEnd = loadavg().map((l) => Math.round(l * 100) / 100);
  result.complete = true;
  process.stdout.write(`\n${write()}`);
  log(`done; results in ${args.out}`);
}

if (globalThis.gc) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
} else {
  // Heap figures need --expose-gc: run again with it (and room for the full profile's 100k pods).
  const child = spawnSync(
    process.execPath,
    [
      ...process.execArgv,
      '--expose-gc',
      `--max-old-space-size=${heapMb}`,
      process.argv[1]!,
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  process.exitCode = child.status ?? 1;
}
