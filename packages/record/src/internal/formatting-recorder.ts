import type { EventRecorder, EventSubject } from '../event-recorder';
import { sprintf } from './sprintf';

/** One event as a recorder receives it, its message already formatted. */
export interface FormattedEvent {
  object: EventSubject;
  annotations: Record<string, string> | undefined;
  type: string;
  reason: string;
  message: string;
}

/**
 * The formatting half every recorder shares: `event`, `eventf` and `annotatedEventf`
 * format the message (Go-style verbs) and hand one call to `record`.
 */
export abstract class FormattingRecorder implements EventRecorder {
  event(object: EventSubject, type: string, reason: string, message: string): void {
    this.record({ object, annotations: undefined, type, reason, message });
  }

  eventf(
    object: EventSubject,
    type: string,
    reason: string,
    format: string,
    ...args: unknown[]
  ): void {
    this.record({ object, annotations: undefined, type, reason, message: sprintf(format, args) });
  }

  annotatedEventf(
    object: EventSubject,
    annotations: Record<string, string>,
    type: string,
    reason: string,
    format: string,
    ...args: unknown[]
  ): void {
    this.record({ object, annotations, type, reason, message: sprintf(format, args) });
  }

  /** Records one event whose message is already formatted. */
  protected abstract record(event: FormattedEvent): void;
}
