import type { SeededRandom } from './random';

/**
 * One fault of a simulation, due `at` ms after the start. A schedule is plain data: printed
 * with a failure, passed back as `simulate({ seed, schedule })` to replay it, and shrunk by
 * dropping events.
 */
export type FaultEvent =
  /** Every watch stream ends cleanly; informers re-watch from their last revision. */
  | { at: number; kind: 'watchDrop' }
  /** The watch history is compacted: resuming watches get 410 Expired and relist. */
  | { at: number; kind: 'compact' }
  /** The API server restarts: every connection is cut and the history compacted. */
  | { at: number; kind: 'serverRestart' }
  /** For `durationMs`, each request fails with `code` with probability `rate` (Retry-After 1 s; 409 only for writes). */
  | { at: number; kind: 'errors'; durationMs: number; code: 409 | 429 | 500; rate: number }
  /** For `durationMs`, every request of the managers is delayed by `ms`. */
  | { at: number; kind: 'latency'; durationMs: number; ms: number }
  /** For `durationMs`, watch events reach the managers `ms` late: their caches lag their own writes. */
  | { at: number; kind: 'cacheLag'; durationMs: number; ms: number }
  /** Controller manager `manager` crashes (nothing in memory survives) and restarts after `downMs`. */
  | { at: number; kind: 'crash'; manager: number; downMs: number }
  /** Manager `manager` cannot reach the API server for `durationMs` (it loses its lease). */
  | { at: number; kind: 'partition'; manager: number; durationMs: number }
  /** Manager `manager`'s clock reads `offsetMs` off the others' from now on. */
  | { at: number; kind: 'skew'; manager: number; offsetMs: number }
  /** The containers of one running pod are killed (`pick` in [0, 1) chooses it). */
  | { at: number; kind: 'killPod'; pick: number }
  /** One bound pod is evicted (`pick` in [0, 1) chooses it). */
  | { at: number; kind: 'evictPod'; pick: number }
  /** Node `node` is lost for `downMs` (its pods are force-deleted after 40 s). */
  | { at: number; kind: 'nodeLoss'; node: number; downMs: number };

/** The kinds of {@link FaultEvent}. */
export type FaultKind = FaultEvent['kind'];

/** Expected faults per simulated minute, by kind; a kind left out is not injected. */
export type FaultRates = Partial<Record<FaultKind, number>>;

/** The default mix: every kind, about one fault every 4 simulated seconds. */
export const defaultFaultRates: Readonly<Required<FaultRates>> = Object.freeze({
  watchDrop: 1.5,
  compact: 1,
  serverRestart: 0.5,
  errors: 2,
  latency: 1,
  cacheLag: 2,
  crash: 1,
  partition: 0.5,
  skew: 0.5,
  killPod: 3,
  evictPod: 1.5,
  nodeLoss: 0.3,
});

/** The parameters of one event of `kind` at `at`, drawn from `random`. */
function drawEvent(
  kind: FaultKind,
  at: number,
  r: SeededRandom,
  managers: number,
  nodes: number,
): FaultEvent {
  switch (kind) {
    case 'watchDrop':
    case 'compact':
    case 'serverRestart':
      return { at, kind };
    case 'errors':
      return {
        at,
        kind,
        durationMs: 1000 + r.int(9000),
        code: r.pick([409, 429, 500] as const),
        rate: (2 + r.int(6)) / 10,
      };
    case 'latency':
      return { at, kind, durationMs: 1000 + r.int(9000), ms: 10 + r.int(490) };
    case 'cacheLag':
      return { at, kind, durationMs: 2000 + r.int(18_000), ms: 50 + r.int(2950) };
    case 'crash':
      return { at, kind, manager: r.int(managers), downMs: 500 + r.int(9500) };
    case 'partition':
      return { at, kind, manager: r.int(managers), durationMs: 5000 + r.int(25_000) };
    case 'skew':
      return { at, kind, manager: r.int(managers), offsetMs: r.int(20_001) - 10_000 };
    case 'killPod':
    case 'evictPod':
      return { at, kind, pick: r.int(1_000_000) / 1_000_000 };
    case 'nodeLoss':
      return { at, kind, node: r.int(nodes), downMs: 10_000 + r.int(80_000) };
  }
}

/**
 * A random schedule over `[0, durationMs)`: for each kind a Poisson-like number of events
 * (its rate per minute), at uniform times, sorted by time (ties in kind order).
 */
export function randomSchedule(
  r: SeededRandom,
  options: { durationMs: number; rates: FaultRates; managers: number; nodes: number },
): FaultEvent[] {
  const events: FaultEvent[] = [];
  const minutes = options.durationMs / 60_000;
  for (const [kind, rate] of Object.entries(options.rates) as [FaultKind, number][]) {
    if (!(rate > 0)) continue;
    const mean = rate * minutes;
    // a count around the mean: uniform in [0, 2 * mean]
    const count = Math.round(r.next() * 2 * mean);
    for (let i = 0; i < count; i++)
      events.push(drawEvent(kind, r.int(options.durationMs), r, options.managers, options.nodes));
  }
  return events.sort((a, b) => a.at - b.at);
}

/** One line per event, e.g. `12.500s errors code=429 rate=0.4 durationMs=3000`. */
export function describeFault(e: FaultEvent): string {
  const { at, kind, ...rest } = e;
  const params = Object.entries(rest).map(([k, v]) => `${k}=${String(v)}`);
  return [`${(at / 1000).toFixed(3)}s`, kind, ...params].join(' ');
}
