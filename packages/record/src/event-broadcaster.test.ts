import {
  FakeClock,
  newForbidden,
  newNotFound,
  newServiceUnavailable,
  type StatusError,
} from '@kubekit/apimachinery';
import type { CoreEvent, EventsV1Event } from './event';
import { EventBroadcaster, type EventBroadcasterOptions } from './event-broadcaster';
import { coreV1EventSink, eventsV1EventSink, type EventClient, type EventSink } from './event-sink';
import type { RecordError } from './record-error';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'prod', uid: 'u1', resourceVersion: '7' },
};
const events = { group: '', resource: 'events' };

/** An in-memory Events API: stores by namespace/name, applies merge patches, injects failures. */
class MemoryEvents<
  T extends { metadata: { name?: string; resourceVersion?: string } },
> implements EventClient<T> {
  readonly stored = new Map<string, T>();
  readonly calls: string[] = [];
  /** Consumed one per call: an error to throw, or 'hang'. */
  readonly failures: (StatusError | Error | 'hang')[] = [];
  #rv = 0;

  async create(namespace: string, event: T): Promise<T> {
    this.calls.push(`create ${event.metadata.name}`);
    await this.#fail();
    const stored = structuredClone(event);
    stored.metadata.resourceVersion = String(++this.#rv);
    this.stored.set(`${namespace}/${event.metadata.name}`, stored);
    return stored;
  }

  async patch(namespace: string, name: string, patch: Record<string, unknown>): Promise<T> {
    this.calls.push(`patch ${name}`);
    await this.#fail();
    const current = this.stored.get(`${namespace}/${name}`);
    if (!current) throw newNotFound(events, name);
    const patched = { ...current, ...structuredClone(patch) } as T;
    patched.metadata.resourceVersion = String(++this.#rv);
    this.stored.set(`${namespace}/${name}`, patched);
    return patched;
  }

  async #fail(): Promise<void> {
    const failure = this.failures.shift();
    if (failure === 'hang') await new Promise<never>(() => {});
    if (failure) throw failure;
  }
}

let clock: FakeClock;
let errors: RecordError[];
beforeEach(() => {
  clock = new FakeClock({ now: Date.UTC(2025, 5, 1) });
  errors = [];
});

function broadcaster(options: EventBroadcasterOptions = {}) {
  return new EventBroadcaster({
    clock,
    random: () => 0.5,
    onError: (e) => errors.push(e),
    ...options,
  });
}

describe('EventBroadcaster with a core/v1 sink', () => {
  it('writes a recorded event with its reference, source, count and timestamps', async () => {
    const api = new MemoryEvents<CoreEvent>();
    const b = broadcaster();
    b.startRecordingToSink(coreV1EventSink(api));
    b.newRecorder({ component: 'ctrl', host: 'node-1' }).eventf(
      pod,
      'Normal',
      'Created',
      'Created pod: %s (%d)',
      'web-0',
      3,
    );
    await b.shutdown();
    const [written] = [...api.stored.values()];
    expect(written).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { namespace: 'prod', name: expect.stringMatching(/^web\.[0-9a-f]+$/) },
      involvedObject: {
        apiVersion: 'v1',
        kind: 'Pod',
        name: 'web',
        namespace: 'prod',
        uid: 'u1',
        resourceVersion: '7',
      },
      reason: 'Created',
      message: 'Created pod: web-0 (3)',
      type: 'Normal',
      count: 1,
      source: { component: 'ctrl', host: 'node-1' },
      reportingComponent: 'ctrl',
      reportingInstance: 'node-1',
      firstTimestamp: '2025-06-01T00:00:00Z',
      lastTimestamp: '2025-06-01T00:00:00Z',
    });
    expect(errors).toEqual([]);
  });

  it('creates an identical event once and patches its count afterwards', async () => {
    const api = new MemoryEvents<CoreEvent>();
    const b = broadcaster();
    b.startRecordingToSink(coreV1EventSink(api));
    const recorder = b.newRecorder({ component: 'ctrl' });
    for (let i = 0; i < 3; i++) {
      recorder.event(pod, 'Warning', 'BackOff', 'Back-off restarting failed container');
      await clock.advance(1_000);
    }
    await b.shutdown();
    expect(api.calls.map((c) => c.split(' ')[0])).toEqual(['create', 'patch', 'patch']);
    expect([...api.stored.values()]).toEqual([
      expect.objectContaining({
        count: 3,
        lastTimestamp: '2025-06-01T00:00:02Z',
        firstTimestamp: '2025-06-01T00:00:00Z',
      }),
    ]);
  });

  it('records the annotations of annotatedEventf on the event', async () => {
    const api = new MemoryEvents<CoreEvent>();
    const b = broadcaster();
    b.startRecordingToSink(coreV1EventSink(api));
    b.newRecorder({ component: 'ctrl' }).annotatedEventf(
      pod,
      { team: 'ml' },
      'Normal',
      'Scaled',
      '%v replicas',
      4,
    );
    await b.shutdown();
    expect([...api.stored.values()][0]?.metadata.annotations).toEqual({ team: 'ml' });
  });

  it('drops invalid events at the recorder and says why', async () => {
    const api = new MemoryEvents<CoreEvent>();
    const b = broadcaster();
    b.startRecordingToSink(coreV1EventSink(api));
    const recorder = b.newRecorder({ component: 'ctrl' });
    recorder.event(pod, 'Fatal', 'Boom', 'x');
    recorder.event({ metadata: { name: 'no-kind' } }, 'Normal', 'Boom', 'x');
    await b.shutdown();
    expect(api.calls).toEqual([]);
    expect(errors.map((e) => [e.reason, e.message])).toEqual([
      ['InvalidEvent', "unsupported event type 'Fatal'"],
      ['InvalidEvent', expect.stringMatching(/no kind/)],
    ]);
  });

  it('retries transient failures and gives up on rejections', async () => {
    const api = new MemoryEvents<CoreEvent>();
    api.failures.push(newServiceUnavailable('etcd'), newServiceUnavailable('etcd'));
    const b = broadcaster({ retryIntervalMs: 10_000 });
    b.startRecordingToSink(coreV1EventSink(api));
    const recorder = b.newRecorder({ component: 'ctrl' });
    recorder.event(pod, 'Normal', 'First', 'a');
    await clock.advance(4_999); // the first retry waits random (0.5) * 10 s
    expect(api.calls).toHaveLength(1);
    await clock.advance(1);
    expect(api.calls).toHaveLength(2);
    await clock.advance(10_000);
    expect(api.stored.size).toBe(1);

    api.failures.push(newForbidden(events, '', 'no RBAC'));
    recorder.event(pod, 'Normal', 'Second', 'b');
    await clock.advance(60_000);
    expect(api.calls).toHaveLength(4);
    expect(b.droppedEvents).toBe(1);
    expect(errors.map((e) => e.reason)).toEqual(['WriteFailed']);
    await b.shutdown();
  });

  it('recreates a repeated event whose original vanished', async () => {
    const api = new MemoryEvents<CoreEvent>();
    const b = broadcaster();
    b.startRecordingToSink(coreV1EventSink(api));
    const recorder = b.newRecorder({ component: 'ctrl' });
    recorder.event(pod, 'Normal', 'Synced', 'ok');
    await clock.advance(0);
    api.stored.clear(); // expired by the server's event TTL
    recorder.event(pod, 'Normal', 'Synced', 'ok');
    await b.shutdown();
    expect(api.calls.map((c) => c.split(' ')[0])).toEqual(['create', 'patch', 'create']);
    expect([...api.stored.values()][0]?.count).toBe(2);
  });

  it('never blocks the caller: a stuck sink fills its bounded queue, then events are dropped', async () => {
    const api = new MemoryEvents<CoreEvent>();
    api.failures.push('hang');
    const logged: string[] = [];
    const b = broadcaster({ maxQueuedEvents: 100 });
    b.startRecordingToSink(coreV1EventSink(api));
    b.startLogging((line) => logged.push(line));
    const recorder = b.newRecorder({ component: 'ctrl' });
    for (let i = 0; i < 150; i++) recorder.event(pod, 'Normal', 'Tick', `tick ${i}`);
    // one event is in the stuck write, 100 wait, 49 were dropped for the sink; the logger kept up
    // with its own queue only once it runs, so it dropped the same overflow
    expect(b.droppedEvents).toBe(49 + 49);
    await clock.advance(0);
    expect(logged).toHaveLength(101);
    expect(logged[0]).toBe("Event(Pod prod/web): type: 'Normal' reason: 'Tick' tick 0");
    const stopped = b.shutdown({ timeoutMs: 1_000 });
    await clock.advance(1_000);
    await stopped;
    expect(b.droppedEvents).toBe(49 + 49 + 100);
    expect(api.stored.size).toBe(0);
  });

  it('flushes queued events at shutdown and drops what the timeout cuts off', async () => {
    const api = new MemoryEvents<CoreEvent>();
    const b = broadcaster();
    b.startRecordingToSink(coreV1EventSink(api));
    const recorder = b.newRecorder({ component: 'ctrl' });
    for (let i = 0; i < 20; i++) recorder.event(pod, 'Normal', `R${i}`, 'flushed');
    await b.shutdown();
    expect(api.stored.size).toBe(20);
    recorder.event(pod, 'Normal', 'Late', 'after shutdown');
    expect(b.droppedEvents).toBe(1);
    expect(errors.at(-1)?.reason).toBe('Dropped');
  });

  it('hands raw events to watchers in order', async () => {
    const seen: string[] = [];
    const b = broadcaster();
    const watch = b.startEventWatcher((e) => void seen.push(e.reason ?? ''));
    const recorder = b.newRecorder({ component: 'ctrl' });
    recorder.event(pod, 'Normal', 'A', 'x');
    recorder.event(pod, 'Normal', 'A', 'x');
    await clock.advance(0);
    await watch.stop();
    recorder.event(pod, 'Normal', 'B', 'x');
    await b.shutdown();
    expect(seen).toEqual(['A', 'A']);
  });
});

describe('EventBroadcaster with an events.k8s.io/v1 sink', () => {
  it('writes regarding/note/reportingController and records repeats as a series', async () => {
    const api = new MemoryEvents<EventsV1Event>();
    const b = broadcaster();
    const sink: EventSink = eventsV1EventSink(api);
    b.startRecordingToSink(sink);
    const recorder = b.newRecorder({ component: 'kubekit.io/tfjob-controller', host: 'pod-1' });
    recorder.event(pod, 'Warning', 'FailedCreate', 'quota exceeded');
    await clock.advance(5_000);
    recorder.event(pod, 'Warning', 'FailedCreate', 'quota exceeded');
    await b.shutdown();
    const [written] = [...api.stored.values()];
    expect(written).toEqual({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      metadata: expect.objectContaining({ namespace: 'prod' }),
      eventTime: '2025-06-01T00:00:00.000000Z',
      reportingController: 'kubekit.io/tfjob-controller',
      reportingInstance: 'pod-1',
      action: 'FailedCreate',
      reason: 'FailedCreate',
      regarding: expect.objectContaining({ kind: 'Pod', name: 'web' }),
      note: 'quota exceeded',
      type: 'Warning',
      series: { count: 2, lastObservedTime: '2025-06-01T00:00:05.000000Z' },
    });
    expect(api.calls.map((c) => c.split(' ')[0])).toEqual(['create', 'patch']);
  });

  it('truncates notes to 1 KiB', async () => {
    const api = new MemoryEvents<EventsV1Event>();
    const b = broadcaster();
    b.startRecordingToSink(eventsV1EventSink(api));
    b.newRecorder({ component: 'c' }).event(pod, 'Normal', 'Long', 'x'.repeat(5000));
    await b.shutdown();
    expect([...api.stored.values()][0]?.note).toHaveLength(1024);
  });
});
