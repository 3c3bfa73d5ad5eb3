import {
  defaultFaultRates,
  describeFault,
  randomSchedule,
  type FaultEvent,
} from './fault-schedule';
import type { Violation } from './invariants';
import { seededRandom } from './random';
import { runOnce, type RunStreams } from './simulation-run';
import type { SimulationOptions, SimulationRun } from './simulation-types';

/** The outcome of {@link simulate}. */
export interface SimulationResult extends SimulationRun {
  seed: number;
  /** True when every invariant held. */
  ok: boolean;
  /** Simulated seconds per wall-clock second. */
  speed: number;
  /** A failing run shrunk: the shortest schedule found that still breaks the same invariant. */
  shrunk?: SimulationRun & { reruns: number };
  /** Seed, violations, the (shrunk) schedule as JSON and the end of the trace, for people. */
  report(traceLines?: number): string;
}

/** Thrown by {@link simulateSeeds} for the first failing seed; its message is the report. */
export class SimulationFailure extends Error {
  override readonly name = 'SimulationFailure';
  constructor(readonly result: SimulationResult) {
    super(result.report());
  }
}

let running = false;

/** The streams of `seed`, forked in a fixed order whatever the options. */
function streamsOf(seed: number) {
  const root = seededRandom(seed);
  const schedule = root.fork();
  const streams = (): RunStreams => {
    const again = seededRandom(seed);
    again.fork();
    return { requests: again.fork(), kubelet: again.fork(), math: again.fork() };
  };
  return { schedule, streams };
}

/**
 * Runs controller managers against the in-memory API server and a simulated kubelet on one
 * virtual clock, under a fault schedule drawn from `seed`, checking invariants after every
 * step and once the system is quiet. The same options and seed replay the identical run
 * (compare `trace`); a failing schedule is shrunk by dropping faults while the same invariant
 * still breaks.
 *
 * Determinism: everything runs in this process. Requests go over real HTTP/1.1 through
 * in-memory socket pairs (no OS scheduling), every timer is on the virtual clock (time jumps to
 * the next timer once the event loop is idle), and `Math.random` is the seeded stream while a
 * run lasts. Code under test must take its clock from the context and start no real timers or
 * I/O. One simulation runs at a time per process.
 *
 * @throws Error when called while another simulation runs in this process.
 * @example
 * ```ts
 * const result = await simulate({ seed: 7, manager: async (ctx) => { ... }, invariants });
 * if (!result.ok) throw new Error(result.report());
 * ```
 */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  if (running) throw new Error('simulate(): another simulation is running in this process');
  running = true;
  try {
    const seed = options.seed ?? Date.now() % 2 ** 31;
    const { schedule: scheduleRandom, streams } = streamsOf(seed);
    const schedule =
      options.schedule !== undefined
        ? [...options.schedule]
        : randomSchedule(scheduleRandom, {
            durationMs: options.durationMs ?? 60_000,
            rates: options.faults ?? defaultFaultRates,
            managers: options.managers ?? 1,
            nodes: options.nodes ?? 2,
          });
    const run = await runOnce(options, schedule, streams());
    let shrunk: (SimulationRun & { reruns: number }) | undefined;
    if (run.violations.length > 0 && options.shrink !== false) {
      const maxRuns = typeof options.shrink === 'object' ? (options.shrink.maxRuns ?? 40) : 40;
      shrunk = await shrink(run, maxRuns, (s) => runOnce(options, s, streams()));
    }
    return resultOf(seed, run, shrunk);
  } finally {
    running = false;
  }
}

/**
 * Runs `seeds` seeds (a count from `firstSeed`, default 1, or a list) and throws a
 * {@link SimulationFailure} for the first that fails. Returns every result otherwise.
 */
export async function simulateSeeds(
  options: Omit<SimulationOptions, 'seed'> & {
    seeds: number | readonly number[];
    firstSeed?: number;
  },
): Promise<SimulationResult[]> {
  const first = options.firstSeed ?? 1;
  const seeds =
    typeof options.seeds === 'number'
      ? Array.from({ length: options.seeds }, (_, i) => first + i)
      : options.seeds;
  const results: SimulationResult[] = [];
  for (const seed of seeds) {
    const result = await simulate({ ...options, seed });
    if (!result.ok) throw new SimulationFailure(result);
    results.push(result);
  }
  return results;
}

const sameFailure = (a: Violation[], b: Violation[]): boolean =>
  b.length > 0 && a[0]?.invariant === b[0]?.invariant;

/**
 * Delta debugging over the schedule: drops chunks of events (halves, then quarters, ... then
 * single events) while a rerun still breaks the same invariant first.
 */
async function shrink(
  failing: SimulationRun,
  maxRuns: number,
  rerun: (schedule: FaultEvent[]) => Promise<SimulationRun>,
): Promise<SimulationRun & { reruns: number }> {
  let best = failing;
  let reruns = 0;
  for (let chunk = Math.ceil(best.schedule.length / 2); chunk >= 1 && reruns < maxRuns;) {
    let removed = false;
    for (let i = 0; i < best.schedule.length && reruns < maxRuns;) {
      const candidate = [...best.schedule.slice(0, i), ...best.schedule.slice(i + chunk)];
      reruns++;
      const run = await rerun(candidate);
      if (sameFailure(failing.violations, run.violations)) {
        best = run;
        removed = true;
      } else i += chunk;
    }
    if (!removed || chunk === 1) chunk = Math.floor(chunk / 2);
    if (chunk === 0) break;
  }
  return { ...best, reruns };
}

function resultOf(
  seed: number,
  run: SimulationRun,
  shrunk: (SimulationRun & { reruns: number }) | undefined,
): SimulationResult {
  return {
    ...run,
    seed,
    ok: run.violations.length === 0,
    speed: run.simulatedMs / Math.max(run.wallMs, 1),
    ...(shrunk ? { shrunk } : {}),
    report(traceLines = 60) {
      if (run.violations.length === 0)
        return `simulation seed ${seed}: ok (${(run.simulatedMs / 1000).toFixed(1)} simulated s, ${run.schedule.length} faults, ${run.requests} requests)`;
      const shown = shrunk ?? run;
      const lines = [
        `simulation seed ${seed} FAILED:`,
        ...shown.violations.map(
          (v) => `  ${(v.atMs / 1000).toFixed(3)}s ${v.invariant}: ${v.message}`,
        ),
        shrunk
          ? `fault schedule shrunk from ${run.schedule.length} to ${shrunk.schedule.length} events (${shrunk.reruns} reruns):`
          : `fault schedule (${run.schedule.length} events):`,
        ...shown.schedule.map((e) => `  ${describeFault(e)}`),
        `replay: simulate({ ...options, seed: ${seed}, schedule: ${JSON.stringify(shown.schedule)} })`,
        `trace (last ${Math.min(traceLines, shown.trace.length)} of ${shown.trace.length} lines):`,
        ...shown.trace.slice(-traceLines),
      ];
      return lines.join('\n');
    },
  };
}
