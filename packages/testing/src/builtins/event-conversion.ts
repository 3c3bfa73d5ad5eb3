import { emptyCoreEvent, emptyEventsV1Event } from './defaults/event-defaults';
import type { Obj, StoreView } from '../storage/store';

/**
 * Conversion between core/v1 and events.k8s.io/v1 Events. kube-apiserver stores both as one
 * resource (core Events), so an event written through either API is read, watched, updated and
 * deleted through the other. Field pairs, in events.k8s.io/v1 field order:
 * `involvedObject` <-> `regarding`, `message` <-> `note`, `reportingComponent` <->
 * `reportingController`, `source` <-> `deprecatedSource`, `firstTimestamp` / `lastTimestamp` /
 * `count` <-> `deprecatedFirstTimestamp` / `deprecatedLastTimestamp` / `deprecatedCount`; the
 * others keep their names.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/events/v1/conversion.go
 */

/** [core/v1 field, events.k8s.io/v1 field], in events.k8s.io/v1 serialization order. */
const pairs: ReadonlyArray<readonly [string, string]> = [
  ['eventTime', 'eventTime'],
  ['series', 'series'],
  ['reportingComponent', 'reportingController'],
  ['reportingInstance', 'reportingInstance'],
  ['action', 'action'],
  ['reason', 'reason'],
  ['involvedObject', 'regarding'],
  ['related', 'related'],
  ['message', 'note'],
  ['type', 'type'],
  ['source', 'deprecatedSource'],
  ['firstTimestamp', 'deprecatedFirstTimestamp'],
  ['lastTimestamp', 'deprecatedLastTimestamp'],
  ['count', 'deprecatedCount'],
];

/** core/v1 Event fields in their serialization order. */
const coreOrder = [
  'involvedObject',
  'reason',
  'message',
  'source',
  'firstTimestamp',
  'lastTimestamp',
  'count',
  'type',
  'eventTime',
  'series',
  'action',
  'related',
  'reportingComponent',
  'reportingInstance',
];

/** A value Go's `omitempty` drops. */
const omitted = (v: unknown): boolean => v === undefined || v === null || v === '' || v === 0;

/**
 * Builds the target event: `names` in order, each from `source` via `sourceField`; the fields in
 * `always` are serialized even when empty (Go has no omitempty on them), the others are dropped
 * when empty.
 */
function convert(
  ev: Obj,
  apiVersion: string,
  names: readonly string[],
  sourceField: ReadonlyMap<string, string>,
  always: Readonly<Obj>,
): Obj {
  const out: Obj = { kind: ev.kind, apiVersion, metadata: ev.metadata };
  for (const name of names) {
    const value = ev[sourceField.get(name)!];
    if (name in always) out[name] = omitted(value) ? structuredClone(always[name]) : value;
    else if (!omitted(value)) out[name] = value;
  }
  return out;
}

const coreFieldOf = new Map(pairs.map(([core, v1]) => [v1, core]));
const v1FieldOf = new Map(pairs);
const v1Order = pairs.map(([, v1]) => v1);

/** A stored (core/v1) Event as events.k8s.io/v1 serves it. */
export function coreEventToEventsV1(ev: Obj): Obj {
  return convert(ev, 'events.k8s.io/v1', v1Order, coreFieldOf, emptyEventsV1Event);
}

/** An events.k8s.io/v1 Event as it is stored (core/v1). */
export function eventsV1EventToCore(ev: Obj): Obj {
  return convert(ev, 'v1', coreOrder, v1FieldOf, emptyCoreEvent);
}

/** events.k8s.io/v1 Events are the core `events` resource, converted. */
export const eventsV1View: StoreView = {
  base: 'events',
  fromBase: coreEventToEventsV1,
  toBase: eventsV1EventToCore,
};
