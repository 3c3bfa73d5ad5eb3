/** The harness's output: a markdown table and a JSON document with every sample. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { clientNames } from './clients';
import type { Cell, Profile, Row } from './harness';

/** Where and how the figures were taken. */
export interface Environment {
  date: string;
  node: string;
  cpu: string;
  cores: number;
  memoryGb: number;
  /** 1/5/15-minute load averages when the run started and ended (other processes' load). */
  loadStart: number[];
  loadEnd: number[];
  clientNode: string;
  commit: string;
}

/** A scenario the harness cannot measure yet, and why. */
export interface Pending {
  scenario: string;
  reason: string;
}

/** The JSON document the harness writes. */
export interface BenchResult {
  profile: Profile;
  environment: Environment;
  rows: Row[];
  pending: Pending[];
  /** False while the run is still going (the files are rewritten after every case). */
  complete: boolean;
}

/** The environment now (call at the start; `finish` adds the end load). */
export function environment(): Environment {
  const pkg = createRequire(import.meta.url).resolve('@kubernetes/client-node/package.json');
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadStart: loadavg().map((l) => Math.round(l * 100) / 100),
    loadEnd: [],
    clientNode: (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version,
    commit,
  };
}

/** A number with about three significant digits and thousands separators. */
export function formatNumber(x: number): string {
  const digits = Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : 2;
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

function cell(c: Cell): string {
  if ('median' in c) return `${formatNumber(c.median)} ±${Math.round((c.spread / 2) * 100)}%`;
  if ('error' in c) return `error: ${c.error.replace(/\|/g, '/').slice(0, 80)}`;
  return `n/a (${c.na})`;
}

const ratio = (r: number | undefined) => (r === undefined ? '' : `${r.toFixed(2)}x`);

/** One row of the markdown table. */
export function rowLine(row: Row): string {
  return (
    `| ${row.scenario} | ${row.case} | ${row.metric} (${row.unit}) | ${clientNames.map((c) => cell(row.results[c])).join(' | ')} | ` +
    `${ratio(row.ratios.kubekitOverClientNode)} | ${ratio(row.ratios.kubekitOverRaw)} |`
  );
}

/** The markdown report: environment, one table of every row, pending scenarios. */
export function markdown(result: BenchResult): string {
  const e = result.environment;
  const lines = [
    `kubekit benchmarks, ${result.profile.name} profile: median of ${result.profile.reps} interleaved runs per client` +
      `${result.profile.warmup ? ' after one warm-up' : ''}` +
      `${result.profile.largeReps === undefined ? '' : ` (${result.profile.largeReps} without warm-up for 100k pods and 1,000 TFJobs)`}` +
      ', ±half the relative range (max-min)/median.',
    '',
    `Machine: ${e.cores} cores (${e.cpu}), ${e.memoryGb} GB; Node ${e.node}; @kubernetes/client-node ${e.clientNode}; ` +
      `commit ${e.commit}; ${e.date}. Load average (1/5/15 min) at start ${e.loadStart.join(' / ')}, ` +
      (result.complete ? `at end ${e.loadEnd.join(' / ')}.` : 'still running (partial results).'),
    '',
    "Ratios are kubekit's cost over the other's (time, CPU, bytes, or the inverse of a rate): below 1.00x kubekit is cheaper.",
    '',
    `| scenario | case | metric | ${clientNames.join(' | ')} | kubekit / client-node | kubekit / raw |`,
    `| --- | --- | --- | ${clientNames.map(() => '---:').join(' | ')} | ---: | ---: |`,
  ];
  for (const row of result.rows) lines.push(rowLine(row));
  if (result.pending.length) {
    lines.push('', 'Not measured yet:');
    for (const p of result.pending) lines.push(`- ${p.scenario}: ${p.reason}`);
  }
  return `${lines.join('\n')}\n`;
}
