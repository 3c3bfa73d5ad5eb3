import { referenceTo } from '../event-recorder';
import { FormattingRecorder, type FormattedEvent } from '../internal/formatting-recorder';

/** One event a {@link FakeRecorder} saw. */
export interface RecordedEvent {
  /** `Normal` or `Warning`. */
  type: string;
  reason: string;
  message: string;
  /** The subject's reference (kind, name, namespace, ...), or the reason none could be built. */
  object: ReturnType<typeof referenceTo>;
  /** Annotations given to `annotatedEventf`. */
  annotations?: Record<string, string>;
}

/**
 * An {@link EventRecorder} for tests of code that records events (client-go's FakeRecorder):
 * keeps every event in memory, in order, with no broadcaster, correlation or I/O.
 * `events` holds them as client-go's FakeRecorder formats them, `<type> <reason> <message>`.
 *
 * @example
 * ```ts
 * const recorder = new FakeRecorder();
 * await reconcile(job, { recorder });
 * expect(recorder.events).toContain('Normal SuccessfulCreatePod Created pod: mnist-worker-0');
 * ```
 *
 * @see https://github.com/kubernetes/client-go/blob/master/tools/record/fake.go
 */
export class FakeRecorder extends FormattingRecorder {
  /** Every event as `<type> <reason> <message>`. */
  readonly events: string[] = [];
  /** Every event with its subject and annotations. */
  readonly recorded: RecordedEvent[] = [];

  /** Forgets everything recorded so far. */
  clear(): void {
    this.events.length = 0;
    this.recorded.length = 0;
  }

  protected record({ object, annotations, type, reason, message }: FormattedEvent): void {
    this.events.push(`${type} ${reason} ${message}`);
    this.recorded.push({
      type,
      reason,
      message,
      object: referenceTo(object),
      ...(annotations ? { annotations: { ...annotations } } : {}),
    });
  }
}
