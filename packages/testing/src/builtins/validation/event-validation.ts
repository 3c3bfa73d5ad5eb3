import type { FieldError } from '@kubekit/apimachinery';
import { invalid, required } from '../../semantics/schema/field-error';
import { isDNS1123Subdomain, isQualifiedName } from '../../semantics/schema/name-validation';
import { deepEqual, stringOf } from '../../semantics/json';
import type { Obj } from '../../storage/store';

/**
 * Event validation of kube-apiserver: every write passes the legacy checks (the involved
 * object's namespace, and for events with an eventTime the reporting fields); creates through
 * events.k8s.io/v1 are also held to the strict rules (eventTime, type, no deprecated fields),
 * updates through it may change nothing but the series (checked again when it changes) and
 * metadata.
 * Field paths are those of the internal Event (`involvedObject`, `message`, ...), whatever
 * the version the client wrote.
 *
 * @see https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/core/validation/events.go
 */

/** The fields the checks read, under their internal names. */
interface InternalEvent {
  namespace: string;
  involvedNamespace: string;
  eventTime: unknown;
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  message: string;
  type: string;
  series?: Obj;
  firstTimestamp: unknown;
  lastTimestamp: unknown;
  count: number;
  source: Obj;
}

/** The fields of a core/v1 or events.k8s.io/v1 Event under their internal names. */
function internalEvent(ev: Obj, eventsV1: boolean): InternalEvent {
  const involved: Obj = (eventsV1 ? ev.regarding : ev.involvedObject) ?? {};
  return {
    namespace: stringOf(ev.metadata?.namespace),
    involvedNamespace: stringOf(involved.namespace),
    eventTime: ev.eventTime,
    reportingController: stringOf(eventsV1 ? ev.reportingController : ev.reportingComponent),
    reportingInstance: stringOf(ev.reportingInstance),
    action: stringOf(ev.action),
    reason: stringOf(ev.reason),
    message: stringOf(eventsV1 ? ev.note : ev.message),
    type: stringOf(ev.type),
    series: ev.series ?? undefined,
    firstTimestamp: eventsV1 ? ev.deprecatedFirstTimestamp : ev.firstTimestamp,
    lastTimestamp: eventsV1 ? ev.deprecatedLastTimestamp : ev.lastTimestamp,
    count: Number((eventsV1 ? ev.deprecatedCount : ev.count) ?? 0),
    source: (eventsV1 ? ev.deprecatedSource : ev.source) ?? {},
  };
}

/** A time Go would decode as non-zero. */
const isSet = (t: unknown): boolean => typeof t === 'string' && t !== '';

const limits = { reportingInstance: 128, action: 128, reason: 128, message: 1024 } as const;

function tooLongText(field: keyof typeof limits, value: string): FieldError[] {
  return value.length > limits[field]
    ? [invalid(field, '', `can have at most ${limits[field]} characters`)]
    : [];
}

function mismatch(e: InternalEvent): FieldError {
  return invalid('involvedObject.namespace', e.involvedNamespace, 'does not match event.namespace');
}

function legacyErrors(e: InternalEvent, eventsV1: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!isSet(e.eventTime)) {
    const ok = e.involvedNamespace
      ? e.namespace === e.involvedNamespace
      : e.namespace === '' || e.namespace === 'default';
    if (!ok) errs.push(mismatch(e));
  } else {
    if (!e.involvedNamespace && e.namespace !== 'default' && e.namespace !== 'kube-system')
      errs.push(mismatch(e));
    const rc = eventsV1 ? 'reportingController' : 'reportingComponent';
    if (!e.reportingController) errs.push(required(rc));
    for (const msg of isQualifiedName(e.reportingController))
      errs.push(invalid(rc, e.reportingController, msg));
    if (!e.reportingInstance) errs.push(required('reportingInstance'));
    errs.push(...tooLongText('reportingInstance', e.reportingInstance));
    if (!e.action) errs.push(required('action'));
    errs.push(...tooLongText('action', e.action));
    if (!e.reason) errs.push(required('reason'));
    errs.push(...tooLongText('reason', e.reason));
    errs.push(...tooLongText('message', e.message));
  }
  for (const msg of isDNS1123Subdomain(e.namespace))
    errs.push(invalid('namespace', e.namespace, msg));
  return errs;
}

function seriesErrors(e: InternalEvent): FieldError[] {
  const errs: FieldError[] = [];
  if (e.series) {
    if (Number(e.series.count ?? 0) < 2)
      errs.push(invalid('series.count', '', 'should be at least 2'));
    if (!isSet(e.series.lastObservedTime)) errs.push(required('series.lastObservedTime'));
  }
  return errs;
}

function strictErrors(e: InternalEvent): FieldError[] {
  const errs = seriesErrors(e);
  if (!isSet(e.eventTime)) errs.push(required('eventTime'));
  if (e.type !== 'Normal' && e.type !== 'Warning')
    errs.push(invalid('type', '', `has invalid value: ${e.type}`));
  if (isSet(e.firstTimestamp)) errs.push(invalid('firstTimestamp', '', 'needs to be unset'));
  if (isSet(e.lastTimestamp)) errs.push(invalid('lastTimestamp', '', 'needs to be unset'));
  if (e.count !== 0) errs.push(invalid('count', '', 'needs to be unset'));
  if (e.source.component || e.source.host) errs.push(invalid('source', '', 'needs to be unset'));
  return errs;
}

/** ObjectReference's internal Go field names with their JSON names. */
const referenceFields = [
  ['Kind', 'kind'],
  ['Namespace', 'namespace'],
  ['Name', 'name'],
  ['UID', 'uid'],
  ['APIVersion', 'apiVersion'],
  ['ResourceVersion', 'resourceVersion'],
  ['FieldPath', 'fieldPath'],
] as const;

/** An ObjectReference as Go's JSON shows the internal struct (every field, Go names). */
function internalReference(ref: Obj | undefined | null): Obj | null {
  if (!ref) return null;
  return Object.fromEntries(referenceFields.map(([go, json]) => [go, stringOf(ref[json])]));
}

/** The fields an events.k8s.io/v1 update may not change, as internal values, in kube's order. */
function immutables(ev: Obj, e: InternalEvent): Array<[string, unknown]> {
  const time = (t: unknown) => (isSet(t) ? t : null);
  return [
    ['involvedObject', internalReference((ev.regarding as Obj | undefined) ?? {})],
    ['reason', e.reason],
    ['message', e.message],
    ['source', { Component: stringOf(e.source.component), Host: stringOf(e.source.host) }],
    ['firstTimestamp', time(e.firstTimestamp)],
    ['lastTimestamp', time(e.lastTimestamp)],
    ['count', e.count],
    ['type', e.type],
    ['eventTime', time(e.eventTime)],
    ['action', e.action],
    ['related', internalReference(ev.related)],
    ['reportingController', e.reportingController],
    ['reportingInstance', e.reportingInstance],
  ];
}

/** ValidateEventUpdate's extra rules for events.k8s.io/v1: a changed series, immutable fields. */
function strictUpdateErrors(ev: Obj, old: Obj): FieldError[] {
  const e = internalEvent(ev, true);
  const o = internalEvent(old, true);
  const errs = deepEqual(e.series ?? null, o.series ?? null) ? [] : seriesErrors(e);
  const before = new Map(immutables(old, o));
  for (const [field, value] of immutables(ev, e)) {
    if (!deepEqual(value, before.get(field)))
      errs.push(invalid(field, value, 'field is immutable'));
  }
  return errs;
}

/**
 * ValidateEventCreate (no `old`) or ValidateEventUpdate; `eventsV1`: written through
 * events.k8s.io/v1 (`ev` and `old` are then events.k8s.io/v1 objects), else core/v1.
 */
export function validateEvent(ev: Obj, opts: { eventsV1: boolean; old?: Obj }): FieldError[] {
  const e = internalEvent(ev, opts.eventsV1);
  const errs = legacyErrors(e, opts.eventsV1);
  if (opts.eventsV1 && !opts.old) errs.push(...strictErrors(e));
  if (opts.eventsV1 && opts.old) errs.push(...strictUpdateErrors(ev, opts.old));
  return errs;
}
