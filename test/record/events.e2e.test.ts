/**
 * Event recording over real HTTP against the server under test (../server-under-test): both Events
 * APIs, deduplication by patch, aggregation and the spam filter as the server stores them.
 */
import { FakeClock, type KubeList } from '@kubekit/apimachinery';
import {
  EventBroadcaster,
  type EventBroadcasterOptions,
  coreV1EventSink,
  eventClientFromRest,
  eventsV1EventSink,
  type CoreEvent,
  type EventSink,
  type EventsV1Event,
  type RecordError,
} from '@kubekit/record';
import { RESTClient } from '@kubekit/rest';
import { startServerUnderTest, type ServerUnderTest } from '../server-under-test';

let server: ServerUnderTest;
let client: RESTClient;
let clock: FakeClock;

beforeAll(async () => {
  server = await startServerUnderTest();
  client = new RESTClient({
    server: server.url,
    caData: server.caPem,
    bearerToken: server.token,
    qps: 1_000,
    burst: 1_000,
  });
});
afterAll(async () => {
  await client.close();
  await server.stop();
});
beforeEach(() => {
  clock = new FakeClock({ now: Date.UTC(2025, 0, 1) });
});

/** A broadcaster on the fake clock recording to core/v1 through `client`, and its recorder. */
function coreV1Recording(
  options: Omit<EventBroadcasterOptions, 'clock'> = {},
  component = 'tfjob-controller',
) {
  const b = new EventBroadcaster({ clock, ...options });
  b.startRecordingToSink(coreV1EventSink(eventClientFromRest(client, 'v1')));
  return { b, recorder: b.newRecorder({ component }) };
}

let objects = 0;
/** A fresh object per test, so that per-object state (spam budget, aggregation) starts clean. */
function subject() {
  const name = `job-${++objects}`;
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    metadata: { name, namespace: 'default', uid: `uid-${name}` },
  };
}

async function listEvents<T>(api: 'v1' | 'events.k8s.io/v1', name: string): Promise<T[]> {
  const field = api === 'v1' ? 'involvedObject.name' : 'regarding.name';
  const list = await client
    .get()
    .groupVersion(
      api === 'v1' ? { group: '', version: 'v1' } : { group: 'events.k8s.io', version: 'v1' },
    )
    .namespace('default')
    .resource('events')
    .do<KubeList<T & { metadata: object }>>();
  return list.items.filter((e) => {
    const ref = (e as Record<string, { name?: string } | undefined>)[field.split('.')[0]!];
    return ref?.name === name;
  });
}

describe('core/v1 Events', () => {
  it('creates an event, then patches count and lastTimestamp when it repeats', async () => {
    const { b, recorder } = coreV1Recording();
    const job = subject();
    recorder.eventf(job, 'Warning', 'BackOff', 'restarting %s', 'worker-0');
    await b.shutdown(); // flush
    const { b: b2, recorder: r2 } = coreV1Recording();
    for (let i = 0; i < 3; i++) {
      r2.eventf(job, 'Warning', 'BackOff', 'again %d', 7);
      clock.step(1_000);
    }
    await b2.shutdown();
    const stored = await listEvents<CoreEvent>('v1', job.metadata.name);
    expect(stored).toHaveLength(2);
    expect(stored.find((e) => e.message === 'again 7')).toMatchObject({
      count: 3,
      reason: 'BackOff',
      type: 'Warning',
      source: { component: 'tfjob-controller' },
      involvedObject: { kind: 'TFJob', name: job.metadata.name, uid: job.metadata.uid },
      firstTimestamp: '2025-01-01T00:00:00Z',
      lastTimestamp: '2025-01-01T00:00:02Z',
    });
  });

  it('combines more than ten distinct messages of one reason into one aggregated event', async () => {
    const { b, recorder } = coreV1Recording();
    const job = subject();
    for (let i = 0; i < 15; i++)
      recorder.event(job, 'Warning', 'FailedCreatePod', `quota exceeded (${i})`);
    await b.shutdown();
    const stored = await listEvents<CoreEvent>('v1', job.metadata.name);
    expect(stored).toHaveLength(10);
    const combined = stored.filter((e) =>
      e.message?.startsWith('(combined from similar events): '),
    );
    expect(combined).toEqual([
      expect.objectContaining({
        count: 6,
        message: '(combined from similar events): quota exceeded (14)',
      }),
    ]);
  });

  it('lets a source write 25 events about an object, then throttles it', async () => {
    const { b, recorder } = coreV1Recording({ correlator: { maxSimilarEvents: 1_000 } });
    const job = subject();
    for (let i = 0; i < 40; i++) recorder.event(job, 'Normal', `Step${i}`, 'progress');
    await b.shutdown();
    expect(await listEvents<CoreEvent>('v1', job.metadata.name)).toHaveLength(25);
  });
});

describe('events.k8s.io/v1 Events', () => {
  it('creates an event and records repeats as a series', async () => {
    const b = new EventBroadcaster({ clock });
    b.startRecordingToSink(eventsV1EventSink(eventClientFromRest(client, 'events.k8s.io/v1')));
    const recorder = b.newRecorder({
      component: 'kubeflow.org/tfjob-controller',
      host: 'controller-0',
    });
    const job = subject();
    for (let i = 0; i < 4; i++) {
      recorder.event(job, 'Normal', 'SuccessfulCreatePod', 'Created pod: worker-0');
      clock.step(500);
    }
    await b.shutdown();
    const stored = await listEvents<EventsV1Event>('events.k8s.io/v1', job.metadata.name);
    expect(stored).toEqual([
      expect.objectContaining({
        reason: 'SuccessfulCreatePod',
        action: 'SuccessfulCreatePod',
        note: 'Created pod: worker-0',
        reportingController: 'kubeflow.org/tfjob-controller',
        reportingInstance: 'controller-0',
        regarding: expect.objectContaining({ kind: 'TFJob', name: job.metadata.name }),
        series: { count: 4, lastObservedTime: '2025-01-01T00:00:01.500000Z' },
      }),
    ]);
  });
});

describe('client-go parity', () => {
  it('EventSourceObjectSpamFilter keys by type (getSpamKey): a Warning after 25 Normal events is written', async () => {
    const { b, recorder } = coreV1Recording({ correlator: { maxSimilarEvents: 1_000 } });
    const job = subject();
    for (let i = 0; i < 30; i++) recorder.event(job, 'Normal', `Step${i}`, 'progress');
    recorder.event(job, 'Warning', 'Failed', 'worker-0 exited with code 1');
    await b.shutdown();
    const stored = await listEvents<CoreEvent>('v1', job.metadata.name);
    expect(stored).toHaveLength(26);
    expect(stored.filter((e) => e.type === 'Warning')).toEqual([
      expect.objectContaining({ reason: 'Failed', message: 'worker-0 exited with code 1' }),
    ]);
  });

  it.each([
    ['a colon (an RBAC role)', 'system:controller:job-controller'],
    ['upper case', 'Worker-0'],
    ["'/' and '!'", 'bad/name!'],
    ['250 characters (no room for the suffix)', 'a'.repeat(250)],
  ])(
    'GenerateEventName: an object named with %s gets a generated event name the server accepts',
    async (_, name) => {
      const errors: unknown[] = [];
      const { b, recorder } = coreV1Recording({ onError: (err) => errors.push(err) }, 'ctrl');
      const object = { apiVersion: 'v1', kind: 'ConfigMap', name, namespace: 'default' };
      recorder.event(object, 'Normal', 'Synced', 'ok');
      await b.shutdown();
      expect(errors).toEqual([]);
      const [stored] = await listEvents<CoreEvent>('v1', name);
      expect(stored?.involvedObject.name).toBe(name);
      expect(stored?.metadata.name).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
      );
    },
  );

  it('recordEvent does not retry a request that cannot be constructed (RequestConstructionError)', async () => {
    const errors: RecordError[] = [];
    let creates = 0;
    const rest = eventClientFromRest(client, 'v1');
    const b = new EventBroadcaster({ clock, onError: (err) => errors.push(err) });
    b.startRecordingToSink(
      coreV1EventSink({
        ...rest,
        create: (namespace, event, options) => {
          creates++;
          return rest.create(namespace, event, options);
        },
      }),
    );
    const object = { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', namespace: 'team/a' };
    b.newRecorder({ component: 'ctrl' }).event(object, 'Normal', 'Synced', 'ok');
    await b.shutdown(); // resolves at once: no retry is waiting on the (fake) clock
    expect(creates).toBe(1);
    expect(b.droppedEvents).toBe(1);
    expect(errors).toEqual([
      expect.objectContaining({
        reason: 'WriteFailed',
        message: expect.stringMatching(
          /^Unable to construct event team\/a\/cm\.[0-9a-f]+: .*\(will not retry!\)$/,
        ),
      }),
    ]);
  });

  it('recordEvent creates anew without the stale resourceVersion when the Patch answers NotFound', async () => {
    const rest = eventClientFromRest(client, 'v1');
    const created: CoreEvent[] = [];
    let written!: () => void;
    const firstWritten = new Promise<void>((resolve) => (written = resolve));
    // a custom sink passing events through as they come (no stripping of its own)
    const sink: EventSink = {
      async create(event, options) {
        created.push(structuredClone(event));
        const { eventTime: _eventTime, ...core } = event;
        const stored = await rest.create(
          'default',
          { apiVersion: 'v1', kind: 'Event', ...core },
          options,
        );
        written();
        return stored;
      },
      patch: (event, { count, lastTimestamp, message }, options) =>
        rest.patch('default', event.metadata.name!, { count, lastTimestamp, message }, options),
    };
    const errors: unknown[] = [];
    const b = new EventBroadcaster({ clock, onError: (err) => errors.push(err) });
    b.startRecordingToSink(sink);
    const recorder = b.newRecorder({ component: 'ctrl' });
    const job = subject();
    recorder.event(job, 'Normal', 'Synced', 'ok');
    await firstWritten;
    const [first] = await listEvents<CoreEvent>('v1', job.metadata.name);
    await client.delete().namespace('default').resource('events').name(first!.metadata.name!).do();
    recorder.event(job, 'Normal', 'Synced', 'ok'); // a repeat: Patch, NotFound, Create
    await b.shutdown();
    expect(errors).toEqual([]);
    expect(created).toHaveLength(2);
    expect(created[1]!.metadata.resourceVersion).toBeUndefined();
    expect(await listEvents<CoreEvent>('v1', job.metadata.name)).toEqual([
      expect.objectContaining({ count: 2, message: 'ok' }),
    ]);
  });
});
