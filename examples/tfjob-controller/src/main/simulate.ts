/**
 * `npm run simulate -- --seeds N [--first S] [--managers M] [--jobs J] [--duration MS]
 * [--faults X]`: the soak run of the TFJob controller under deterministic simulation, outside
 * CI. Runs seeds S to S+N-1 (`--faults X` multiplies every default fault rate by X), prints one
 * line per seed and the throughput; on the first failure prints its report (seed, shrunk
 * schedule, trace) and exits 1. Replay a failure with `--first <seed> --seeds 1` and the same flags.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultFaultRates, simulate, type FaultRates } from '@kubekit/testing';
import { readCrd } from '../crd';
import { tfJobSimulation } from '../simulation/tfjob-simulation';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '20' },
    first: { type: 'string', default: '1' },
    managers: { type: 'string', default: '2' },
    jobs: { type: 'string', default: '4' },
    duration: { type: 'string', default: '60000' },
    faults: { type: 'string', default: '1' },
  },
});
const int = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isSafeInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer, got ${JSON.stringify(values[name])}`);
    process.exit(2);
  }
  return n;
};
const options = tfJobSimulation({
  crd: readCrd(join(import.meta.dirname, '../../deploy/crd.yaml')),
  managers: int('managers'),
  jobs: int('jobs'),
  durationMs: int('duration'),
});
const factor = Number(values.faults);
if (!(factor >= 0)) {
  console.error(`--faults must be a number >= 0, got ${JSON.stringify(values.faults)}`);
  process.exit(2);
}
const faults: FaultRates = Object.fromEntries(
  Object.entries(defaultFaultRates).map(([kind, rate]) => [kind, rate * factor]),
);
// the reflectors' default handler warns on every injected fault: the trace already shows them
console.warn = () => undefined;
let simulated = 0;
let wall = 0;
const first = int('first');
const count = int('seeds');
for (let seed = first; seed < first + count; seed++) {
  const result = await simulate({ ...options, faults, seed });
  simulated += result.simulatedMs;
  wall += result.wallMs;
  console.log(
    `seed ${seed}: ${result.ok ? 'ok' : 'FAILED'}, ${result.schedule.length} faults, ${result.requests} requests, ${(result.simulatedMs / 1000).toFixed(1)} simulated s in ${(result.wallMs / 1000).toFixed(1)} s`,
  );
  if (!result.ok) {
    console.log(result.report());
    process.exit(1);
  }
}
console.log(
  `${count} seeds ok: ${(simulated / 1000).toFixed(0)} simulated s in ${(wall / 1000).toFixed(1)} wall s (${(simulated / Math.max(wall, 1)).toFixed(1)} simulated s per wall s)`,
);
