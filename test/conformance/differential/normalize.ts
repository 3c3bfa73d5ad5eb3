/**
 * What of a response the differential suite compares: the status code and the body, minus
 * what legitimately differs between two servers or two runs (uids, resource versions,
 * timestamps, continue tokens, generated name suffixes, the run's random id).
 */
export interface ComparableResponse {
  status: number;
  body: unknown;
}

const dropped = new Set(['uid', 'resourceVersion', 'creationTimestamp', 'selfLink', 'time']);
const stamped = new Set(['deletionTimestamp', 'startTime', 'lastTransitionTime', 'eventTime']);
const generatedName = /^(gen-)[a-z0-9]{5}$/;
const uidInText = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const rvInText = /(resourceVersion|ResourceVersion|in record)(["\\:=( ]+)\d+/g;

function normalizeValue(value: unknown, run: string, key?: string): unknown {
  if (Array.isArray(value)) return value.map((v) => normalizeValue(v, run));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (dropped.has(k)) continue;
      if (stamped.has(k)) out[k] = '<timestamp>';
      else if (k === 'continue') out[k] = v ? '<token>' : v;
      else out[k] = normalizeValue(v, run, k);
    }
    return out;
  }
  if (typeof value === 'string') {
    if (key === 'name' && generatedName.test(value)) return value.replace(generatedName, '$1xxxxx');
    return value.replace(uidInText, '<uid>').replace(rvInText, '$1$2<rv>').replaceAll(run, '{run}');
  }
  return value;
}

/** The comparable part of a response (see the module notes); `run` becomes `{run}`. */
export function comparable(status: number, body: unknown, run: string): ComparableResponse {
  return { status, body: normalizeValue(body, run) };
}
