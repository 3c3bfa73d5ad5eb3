import type { Obj } from '../../storage/store';

/**
 * What Go serializes for an empty core/v1 Event: the fields without `omitempty` (and the
 * structs and times `omitempty` cannot drop). Every stored event has them; the field manager
 * compares a created event with this object, so nobody owns them.
 *
 * @see https://github.com/kubernetes/api/blob/master/core/v1/types.go
 */
export const emptyCoreEvent: Readonly<Obj> = {
  involvedObject: {},
  source: {},
  firstTimestamp: null,
  lastTimestamp: null,
  eventTime: null,
  reportingComponent: '',
  reportingInstance: '',
};

/**
 * What Go serializes for an empty events.k8s.io/v1 Event.
 *
 * @see https://github.com/kubernetes/api/blob/master/events/v1/types.go
 */
export const emptyEventsV1Event: Readonly<Obj> = {
  eventTime: null,
  regarding: {},
  deprecatedSource: {},
  deprecatedFirstTimestamp: null,
  deprecatedLastTimestamp: null,
};

function fillFrom(empty: Readonly<Obj>): (ev: Obj) => void {
  return (ev) => {
    for (const [k, v] of Object.entries(empty)) if (ev[k] === undefined) ev[k] = structuredClone(v);
  };
}

/** A written core/v1 Event as Go serializes it (`source: {}`, null times, empty strings). */
export const defaultCoreEvent = fillFrom(emptyCoreEvent);

/** A written events.k8s.io/v1 Event as Go serializes it. */
export const defaultEventsV1Event = fillFrom(emptyEventsV1Event);
