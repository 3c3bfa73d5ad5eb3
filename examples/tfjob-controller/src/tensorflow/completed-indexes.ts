/**
 * Replica indexes as batch/v1 Job's `status.completedIndexes` spells them: sorted, comma
 * separated, consecutive runs as `first-last` (`"0,2-4,7"`). Kept as intervals, so a range of any
 * length costs two numbers.
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/controller/job/indexed_job_utils.go (orderedIntervals)
 */
export type IndexIntervals = readonly (readonly [first: number, last: number])[];

/**
 * Parses `text` (undefined or "" is empty). Items that are not `n` or `n-m` with `0 <= n <= m`
 * are skipped: the field is the controller's own bookkeeping and a bad one must not stop it.
 */
export function parseIndexes(text: string | undefined): IndexIntervals {
  const ranges: [number, number][] = [];
  for (const item of (text ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(item.trim());
    if (!m) continue;
    const first = Number(m[1]);
    const last = m[2] === undefined ? first : Number(m[2]);
    if (Number.isSafeInteger(last) && first <= last) ranges.push([first, last]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [first, last] of ranges) {
    const prev = out.at(-1);
    if (prev && first <= prev[1] + 1) prev[1] = Math.max(prev[1], last);
    else out.push([first, last]);
  }
  return out;
}

/** The intervals with `index` added (a new array). */
export function addIndex(intervals: IndexIntervals, index: number): IndexIntervals {
  return addRange(intervals, index, index);
}

/** True when `index` is in the intervals. */
export function hasIndex(intervals: IndexIntervals, index: number): boolean {
  return intervals.some(([first, last]) => first <= index && index <= last);
}

/** How many indexes below `limit` the intervals hold. */
export function countBelow(intervals: IndexIntervals, limit: number): number {
  let n = 0;
  for (const [first, last] of intervals)
    if (first < limit) n += Math.min(last, limit - 1) - first + 1;
  return n;
}

/** The `"0,2-4"` form (empty intervals: undefined, so the field is left out). */
export function formatIndexes(intervals: IndexIntervals): string | undefined {
  if (intervals.length === 0) return undefined;
  return intervals.map(([f, l]) => (f === l ? String(f) : `${f}-${l}`)).join(',');
}

function addRange(intervals: IndexIntervals, first: number, last: number): IndexIntervals {
  const out: [number, number][] = [];
  let lo = first;
  let hi = last;
  for (const [f, l] of intervals) {
    if (l + 1 < lo || f > hi + 1) out.push([f, l]);
    else {
      lo = Math.min(lo, f);
      hi = Math.max(hi, l);
    }
  }
  out.push([lo, hi]);
  return out.sort((a, b) => a[0] - b[0]);
}
