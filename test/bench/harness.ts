/**
 * The measuring core: interleaved repetitions of one case for every client, summaries (median
 * and spread) and the rows of the report, with ratios kubekit / client-node and kubekit / raw.
 */
import type { Clock } from '@kubekit/workqueue';
import { loadavg } from 'node:os';
import { clientNames, type ClientName } from './clients';

/** The sizes and repetitions of one run of the harness. */
export interface Profile {
  name: 'smoke' | 'quick' | 'full';
  /** Timed repetitions per client and case (after one untimed warm-up run when `warmup`). */
  reps: number;
  warmup: boolean;
  /**
   * Rounds of a large case (100k pods, 1,000 TFJobs), run without a warm-up: each round takes
   * minutes, and JIT warm-up is a rounding error at that size. Default: `reps`.
   */
  largeReps?: number;
  /**
   * A sample that takes longer than this (ms) is recorded as an error (something hangs): 300 s,
   * and 600 s for a large case (a 100k-pod sync takes a minute or more on a loaded machine).
   */
  sampleTimeoutMs?: number;
  /** Scenario 1/3: pods per informer sync. */
  syncSizes: number[];
  /** Scenario 1: sizes (of `syncSizes`) also synced cold, each sample in a fresh process. */
  coldSyncSizes: number[];
  /** Scenario 2: pods watched, updates written back to back, updates written paced. */
  watch: { pods: number; burst: number; paced: number; intervalMs: number };
  /**
   * Scenario 4: requests per sample at concurrency 1 / 32, and for LIST(500); pods in the listed
   * namespace (500, fewer only in the smoke profile).
   */
  rest: {
    perSample: Record<1 | 32, number>;
    listPerSample: Record<1 | 32, number>;
    listPods: number;
  };
  /** Scenario 5: distinct keys, adds to the hot set. */
  workqueue: { keys: number; hotAdds: number };
  /** Scenario 6: TFJobs (1 PS + 3 workers each) submitted at once, one case per count. */
  tfjob: { jobs: number[] };
  /** Scenario 7: keys of the initial list; simulated seconds of the overload case. */
  priority: { initial: number; overloadSeconds: number };
}

/** Median and spread of one metric's samples. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** (max - min) / median: the relative range of the samples. */
  spread: number;
  samples: number[];
}

/** What a client's cell holds: a summary, or why there is none. */
export type Cell = Summary | { error: string } | { na: string };

/** One line of the report: one metric of one case for every client. */
export interface Row {
  scenario: string;
  case: string;
  metric: string;
  unit: string;
  lowerIsBetter: boolean;
  results: Record<ClientName, Cell>;
  /**
   * kubekit's cost divided by the other's (time, bytes, or the inverse of a throughput): below 1
   * kubekit is cheaper. Absent when either side has no summary.
   */
  ratios: { kubekitOverClientNode?: number; kubekitOverRaw?: number };
}

/** A metric a case reports, keyed by the name its samples use. */
export interface MetricSpec {
  key: string;
  metric: string;
  unit: string;
  lowerIsBetter: boolean;
}

/** Metric name -> value, produced by one timed run. */
export type Sample = Record<string, number>;

const sorted = (values: number[]) => [...values].sort((a, b) => a - b);

/** The `p`-quantile (0..1) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  const s = sorted(values);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))]!;
}

/** Median, min, max and relative range of `samples`. */
export function summarize(samples: number[]): Summary {
  const s = sorted(samples);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  const min = s[0]!;
  const max = s[s.length - 1]!;
  return { median, min, max, spread: median ? (max - min) / median : 0, samples };
}

/** The 1, 5 and 15-minute load averages, as `1.2 / 0.9 / 0.7` (other processes' load on the run). */
export function loadAverage(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');
}

/**
 * Heap in use once the process has settled: a few event-loop turns (closed sockets, finished
 * streams and their finalizers), then full collections (needs --expose-gc).
 */
export async function settledHeap(): Promise<number> {
  const gc = globalThis.gc;
  if (!gc) throw new Error('run node with --expose-gc');
  for (let i = 0; i < 2; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc();
  }
  return process.memoryUsage().heapUsed;
}

/** Wall time (ms) and this process's CPU time (ms, user + system, all threads) of `body`. */
export async function timed<T>(
  body: () => Promise<T>,
): Promise<{ value: T; wallMs: number; cpuMs: number }> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await body();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { value, wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const sampleTimeoutMs = 300_000;
const largeSampleTimeoutMs = 600_000;

/**
 * The profile a case runs with: when `large`, {@link Profile.largeReps} rounds, no warm-up and
 * the large sample timeout.
 */
export function profileFor(profile: Profile, large: boolean): Profile {
  return large
    ? {
        ...profile,
        reps: profile.largeReps ?? profile.reps,
        warmup: profile.largeReps === undefined && profile.warmup,
        sampleTimeoutMs: largeSampleTimeoutMs,
      }
    : profile;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs `run` for every client in `clients`, `profile.reps` rounds, rotating the order each round
 * so no client always goes first (after a warm-up round when the profile asks). A client whose
 * run throws is recorded with the error and skipped from then on.
 */
export async function interleaved(
  profile: Profile,
  clients: readonly ClientName[],
  run: (client: ClientName, rep: number) => Promise<Sample>,
): Promise<Map<ClientName, Sample[] | { error: string }>> {
  const out = new Map<ClientName, Sample[] | { error: string }>(clients.map((c) => [c, []]));
  const rounds = profile.reps + (profile.warmup ? 1 : 0);
  for (let round = 0; round < rounds; round++) {
    const order = clients.map((_, i) => clients[(i + round) % clients.length]!);
    for (const client of order) {
      const samples = out.get(client)!;
      if (!Array.isArray(samples)) continue;
      try {
        const sample = await withTimeout(
          run(client, round),
          profile.sampleTimeoutMs ?? sampleTimeoutMs,
        );
        if (!profile.warmup || round > 0) samples.push(sample);
      } catch (err) {
        out.set(client, { error: String((err as Error)?.message ?? err) });
      }
    }
  }
  return out;
}

/** Rows for `metrics` of one case; clients absent from `measured` get `na` (with its reason). */
export function rowsOf(
  scenario: string,
  caseName: string,
  measured: Map<ClientName, Sample[] | { error: string }>,
  metrics: MetricSpec[],
  na: Partial<Record<ClientName, string>> = {},
): Row[] {
  return metrics.map((m) => {
    const results = Object.fromEntries(
      clientNames.map((client): [ClientName, Cell] => {
        const got = measured.get(client);
        if (!got) return [client, { na: na[client] ?? 'not applicable' }];
        if (!Array.isArray(got)) return [client, got];
        const values = got.map((s) => s[m.key]).filter((v): v is number => Number.isFinite(v));
        return [client, values.length ? summarize(values) : { error: `no ${m.key} samples` }];
      }),
    ) as Record<ClientName, Cell>;
    const ratio = (other: ClientName): number | undefined => {
      const k = results.kubekit;
      const o = results[other];
      if (!('median' in k) || !('median' in o) || !k.median || !o.median) return undefined;
      return m.lowerIsBetter ? k.median / o.median : o.median / k.median;
    };
    return {
      scenario,
      case: caseName,
      metric: m.metric,
      unit: m.unit,
      lowerIsBetter: m.lowerIsBetter,
      results,
      ratios: { kubekitOverClientNode: ratio('client-node'), kubekitOverRaw: ratio('raw') },
    };
  });
}

/** A clock whose time only moves when told, holding timers until then. */
export function manualClock(): Clock & { advance(ms: number): void } {
  let now = 0;
  let nextId = 0;
  const timers = new Map<number, { at: number; callback: () => void }>();
  return {
    now: () => now,
    setTimeout(callback, ms) {
      timers.set(++nextId, { at: now + ms, callback });
      return nextId;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers].sort(([, a], [, b]) => a.at - b.at)) {
        if (timer.at > now) continue;
        timers.delete(id);
        timer.callback();
      }
    },
  };
}
