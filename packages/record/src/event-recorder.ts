import type { KubeObject } from '@kubekit/apimachinery';
import type { Clock } from './clock';
import { EventType, type CoreEvent, type EventSource, type ObjectReference } from './event';
import { RecordError } from './record-error';
import { eventName } from './internal/event-name';
import { FormattingRecorder, type FormattedEvent } from './internal/formatting-recorder';
import { microTime, rfc3339 } from './internal/time-format';

/** What an event can be about: an object (with apiVersion, kind, metadata) or a reference to one. */
export type EventSubject = Pick<KubeObject, 'apiVersion' | 'kind' | 'metadata'> | ObjectReference;

/**
 * Records events about objects (client-go's record.EventRecorder). Every method returns at once
 * and never throws: events are queued by the broadcaster and written in the background. An
 * invalid event (type other than `Normal`/`Warning`, subject without kind or name) is dropped
 * and reported to the broadcaster's `onError`.
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/record/event.go
 */
export interface EventRecorder {
  /**
   * Records that `reason` (short, CamelCase, machine-readable) happened to `object`.
   * @param type `Normal` or `Warning`.
   * @param message human-readable details.
   */
  event(object: EventSubject, type: EventType | string, reason: string, message: string): void;
  /** {@link EventRecorder.event} with a Go-style format (`%s %v %d %q %f %t %x %%`). */
  eventf(
    object: EventSubject,
    type: EventType | string,
    reason: string,
    format: string,
    ...args: unknown[]
  ): void;
  /** {@link EventRecorder.eventf} that also sets annotations on the event object. */
  annotatedEventf(
    object: EventSubject,
    annotations: Record<string, string>,
    type: EventType | string,
    reason: string,
    format: string,
    ...args: unknown[]
  ): void;
}

/** The reference an event carries for `subject`, or a reason why none can be made. */
export function referenceTo(subject: EventSubject): ObjectReference | string {
  const fields: ObjectReference =
    'metadata' in subject && subject.metadata
      ? {
          apiVersion: subject.apiVersion,
          kind: subject.kind,
          name: subject.metadata.name,
          namespace: subject.metadata.namespace,
          uid: subject.metadata.uid,
          resourceVersion: subject.metadata.resourceVersion,
        }
      : (subject as ObjectReference);
  if (!fields.kind) return 'the object has no kind (set apiVersion and kind)';
  if (!fields.name) return 'the object has no name';
  const ref: ObjectReference = {};
  for (const key of referenceKeys) {
    const value = fields[key];
    if (value) ref[key] = value;
  }
  return ref;
}

const referenceKeys = [
  'apiVersion',
  'kind',
  'name',
  'namespace',
  'uid',
  'resourceVersion',
  'fieldPath',
] as const satisfies readonly (keyof ObjectReference)[];

/** @internal The recorder a broadcaster hands out. */
export class EventRecorderImpl extends FormattingRecorder {
  constructor(
    private readonly options: {
      source: EventSource;
      clock: Clock;
      emit: (event: CoreEvent) => void;
      invalid: (err: RecordError) => void;
    },
  ) {
    super();
  }

  protected record({ object, annotations, type, reason, message }: FormattedEvent): void {
    if (type !== EventType.Normal && type !== EventType.Warning) {
      this.options.invalid(new RecordError('InvalidEvent', `unsupported event type '${type}'`));
      return;
    }
    const ref = referenceTo(object);
    if (typeof ref === 'string') {
      this.options.invalid(new RecordError('InvalidEvent', `cannot record ${reason}: ${ref}`));
      return;
    }
    const now = this.options.clock.now();
    const stamp = rfc3339(now);
    const { component, host } = this.options.source;
    this.options.emit({
      metadata: {
        name: eventName(ref.name ?? '', now),
        namespace: ref.namespace || 'default',
        ...(annotations ? { annotations: { ...annotations } } : {}),
      },
      involvedObject: ref,
      reason,
      message,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
      eventTime: microTime(now),
      type,
      source: { ...(component ? { component } : {}), ...(host ? { host } : {}) },
      ...(component ? { reportingComponent: component } : {}),
      ...(host ? { reportingInstance: host } : {}),
    });
  }
}
