/**
 * What robfig/cron's standard parser (the one kube-apiserver validates a CronJob's schedule
 * with) says about a schedule: five fields of values, ranges, steps and names, or a descriptor;
 * `TZ=` / `CRON_TZ=` prefixes are refused for the timeZone field. Messages as Go prints them.
 *
 * @see https://github.com/robfig/cron/blob/master/parser.go
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/batch/validation/validation.go
 */

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const monthNames = [
  'jan',
  'feb',
  'mar',
  'apr',
  'may',
  'jun',
  'jul',
  'aug',
  'sep',
  'oct',
  'nov',
  'dec',
];
const dayNames = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const fields: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(monthNames.map((n, i) => [n, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(dayNames.map((n, i) => [n, i])) },
];

const descriptors = [
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
];

/** strconv.Atoi, throwing Go's error text. */
function parseNumber(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr))
    throw new Error(
      `failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`,
    );
  const n = Number(expr);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function parseIntOrName(expr: string, bounds: Bounds): number {
  return bounds.names?.[expr.toLowerCase()] ?? parseNumber(expr);
}

/** robfig's getRange: one comma-separated part of a field. */
function checkRange(expr: string, bounds: Bounds): void {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = bounds.min;
    end = bounds.max;
  } else {
    start = parseIntOrName(lowAndHigh[0]!, bounds);
    if (lowAndHigh.length > 2) throw new Error(`too many hyphens: ${expr}`);
    end = lowAndHigh.length === 2 ? parseIntOrName(lowAndHigh[1]!, bounds) : start;
  }
  let step = 1;
  if (rangeAndStep.length > 2) throw new Error(`too many slashes: ${expr}`);
  if (rangeAndStep.length === 2) {
    step = parseNumber(rangeAndStep[1]!);
    if (lowAndHigh.length === 1) end = bounds.max;
  }
  if (start < bounds.min)
    throw new Error(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max)
    throw new Error(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end)
    throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
}

/** Why kube-apiserver rejects `schedule`, or undefined when it accepts it. */
export function scheduleProblem(schedule: string): string | undefined {
  if (schedule.includes('TZ'))
    return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  if (schedule.startsWith('@')) {
    if (descriptors.includes(schedule) || schedule.startsWith('@every ')) return undefined;
    return `unrecognized descriptor: ${schedule}`;
  }
  const parts = schedule.trim().split(/\s+/).filter(Boolean);
  if (parts.length !== 5)
    return `expected exactly 5 fields, found ${parts.length}: [${parts.join(' ')}]`;
  try {
    parts.forEach((part, i) => {
      for (const expr of part.split(',')) checkRange(expr, fields[i]!);
    });
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}
