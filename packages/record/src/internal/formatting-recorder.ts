import type { EventRecorder, EventSubject } from '../event-recorder';
import { sprintf } from './sprintf';

/**
 * The formatting half every recorder shares: `event`, `eventf` and `annotatedEventf`
 * format the message (Go-style verbs) and hand one call to `record`.
 */
export abstract class FormattingRecorder implements EventRecorder {
  event(object: EventSubject, type: string, reason: string, message: string): void {
    this.record(object, undefined, type, reason, message);
  }

  eventf(
    object: EventSubject,
    type: string,
    reason: string,
    format: string,
    ...args: unknown[]
  ): void {
    this.record(object, undefined, type, reason, sprintf(format, args));
  }

  annotatedEventf(
    object: EventSubject,
    annotations: Record<string, string>,
    type: string,
    reason: string,
    format: string,
    ...args: unknown[]
  ): void {
    this.record(object, annotations, type, reason, sprintf(format, args));
  }

  /** Records one event whose message is already formatted. */
  protected abstract record(
    object: EventSubject,
    annotations: Record<string, string> | undefined,
    type: string,
    reason: string,
    message: string,
  ): void;
}
