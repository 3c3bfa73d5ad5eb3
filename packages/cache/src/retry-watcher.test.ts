import {
  FakeClock,
  newForbidden,
  newGone,
  newInternalError,
  newTooManyRequests,
  newUnauthorized,
  type Status,
  type WatchEvent,
} from '@kubekit/apimachinery';
import { pod, until, type TestPod } from './internal/test-helpers';
import type { ListerWatcher } from './listwatch';
import { newRetryWatcher, type RetryWatcherOptions } from './retry-watcher';
import { newFakeListerWatcher, type FakeListerWatcher } from './testing';

// Ports the cases of client-go's tools/watch/retrywatcher_test.go (TestNewRetryWatcher and
// TestRetryWatcher); each test names the case it follows.

/** Consumes a RetryWatcher in the background, recording `TYPE name@rv` or `ERROR code`. */
function consume(
  options: Partial<RetryWatcherOptions<TestPod>> & { lw?: FakeListerWatcher<TestPod> },
) {
  const lw = options.lw ?? newFakeListerWatcher<TestPod>();
  const clock = new FakeClock();
  const controller = new AbortController();
  const seen: string[] = [];
  let ended = false;
  const watcher = newRetryWatcher<TestPod>({
    watcher: lw,
    initialResourceVersion: '1',
    clock,
    signal: controller.signal,
    ...options,
  });
  const done = (async () => {
    for await (const event of watcher) seen.push(show(event));
    ended = true;
  })();
  return { lw, clock, seen, done, stop: () => controller.abort(), ended: () => ended };
}

function show(event: WatchEvent<TestPod>): string {
  if (event.type === 'ERROR') {
    const status = event.object as unknown as Status;
    return `ERROR ${status.code} ${status.message}`;
  }
  return `${event.type} ${event.object.metadata!.name}@${event.object.metadata!.resourceVersion}`;
}

/** A fake with pods a@1, b@2, c@3 created. */
function seeded(): FakeListerWatcher<TestPod> {
  const lw = newFakeListerWatcher<TestPod>();
  for (const name of ['a', 'b', 'c']) lw.add(pod(name));
  return lw;
}

describe('RetryWatcher', () => {
  it('NewRetryWatcher: refuses an empty or "0" initial resourceVersion', () => {
    const lw = newFakeListerWatcher<TestPod>();
    for (const rv of ['', '0']) {
      expect(() => newRetryWatcher({ watcher: lw, initialResourceVersion: rv })).toThrow(
        `initial RV "${rv}" is not supported due to issues with underlying WATCH`,
      );
    }
  });

  it('works with initialRV set, skipping the preceding items but reading those directly following', async () => {
    const t = consume({ lw: seeded() });
    await until(() => t.seen.length === 2, 'events');
    expect(t.seen).toEqual(['ADDED b@2', 'ADDED c@3']);
    expect(t.lw.watches[0]!.options).toMatchObject({
      resourceVersion: '1',
      allowWatchBookmarks: true,
    });
    t.stop();
    await t.done;
  });

  it('survives closed watches and resumes after the last delivered resourceVersion, without duplicates', async () => {
    const t = consume({ lw: seeded() });
    await until(() => t.seen.length === 2, 'first events');
    t.lw.closeWatches();
    t.lw.add(pod('d'));
    await t.clock.advance(1000); // minRestartDelay
    await until(() => t.seen.length === 3, 'event after the restart');
    t.lw.closeWatches();
    t.lw.modify(pod('a', 'default', { phase: 'Running' }));
    t.lw.delete(pod('b'));
    await t.clock.advance(1000);
    await until(() => t.seen.length === 5, 'events after the second restart');
    expect(t.seen).toEqual(['ADDED b@2', 'ADDED c@3', 'ADDED d@4', 'MODIFIED a@5', 'DELETED b@6']);
    expect(t.lw.watches.map((w) => w.options.resourceVersion)).toEqual(['1', '3', '4']);
    t.stop();
    await t.done;
    expect(t.ended()).toBe(true);
  });

  it('advances the resourceVersion on bookmarks without yielding them', async () => {
    const calls: (string | undefined)[] = [];
    const watcher: Pick<ListerWatcher<TestPod>, 'watch'> = {
      async *watch(options) {
        calls.push(options.resourceVersion);
        if (calls.length > 1) return;
        yield { type: 'ADDED', object: pod('b', 'default', { rv: '2' }) };
        yield { type: 'BOOKMARK', object: { metadata: { resourceVersion: '7' } } as TestPod };
      },
    };
    const t = consume({ watcher });
    await until(() => calls.length === 1 && t.seen.length === 1, 'first watch');
    await t.clock.advance(1000);
    await until(() => calls.length === 2, 'restart');
    expect(calls).toEqual(['1', '7']);
    expect(t.seen).toEqual(['ADDED b@2']);
    t.stop();
    await t.done;
  });

  it.each([
    ['recovers if watchClient returns error', new Error('connection refused')],
    ['recovers from 410 Gone error on watch establishment', newGone('gone')],
  ])('%s', async (_name, error) => {
    const lw = seeded();
    lw.failWatches(error);
    const t = consume({ lw });
    await until(() => lw.watches.length === 1, 'failed watch');
    expect(t.seen).toEqual([]);
    await t.clock.advance(1000);
    await until(() => t.seen.length === 2, 'events after the retry');
    t.stop();
    await t.done;
  });

  it.each([
    ['fails on Forbidden', newForbidden({ group: '', resource: 'pods' }, '', 'unknown'), 403],
    ['fails on Unauthorized', newUnauthorized(), 401],
  ])('%s: yields the Status and ends', async (_name, error, code) => {
    const lw = seeded();
    lw.failWatches(error);
    const t = consume({ lw });
    await t.done;
    expect(t.seen).toEqual([`ERROR ${code} ${error.message}`]);
    expect(lw.watches).toHaveLength(1);
  });

  it('fails on Gone (RV too old error): yields the ERROR event and ends', async () => {
    const lw = seeded();
    lw.compact();
    const t = consume({ lw });
    await t.done;
    expect(t.seen).toHaveLength(1);
    expect(t.seen[0]).toMatch(/^ERROR 410 /);
  });

  it.each([
    ['recovers from internal server error', newInternalError('etcd hiccup'), 0],
    [
      'recovers from unexpected error code, after its Retry-After',
      newTooManyRequests('slow down', 3),
      3000,
    ],
  ])('%s', async (_name, error, retryAfterMs) => {
    const t = consume({ lw: seeded() });
    await until(() => t.seen.length === 2, 'events');
    t.lw.sendError(error);
    t.lw.add(pod('d'));
    await t.clock.advance(Math.max(retryAfterMs, 1000) - 1);
    expect(t.lw.watches).toHaveLength(1);
    await t.clock.advance(1);
    await until(() => t.seen.length === 3, 'event after the retry');
    expect(t.seen[2]).toBe('ADDED d@4');
    t.stop();
    await t.done;
  });

  it.each([
    [
      'an event without a resourceVersion',
      { type: 'ADDED', object: { kind: 'Pod', metadata: { name: 'x', namespace: 'ns' } } },
      `ERROR 500 Internal error occurred: retryWatcher: object Pod "ns/x" doesn't support resourceVersion`,
    ],
    [
      'an event of an unknown type',
      { type: 'SURPRISE', object: pod('x', 'ns', { rv: '5' }) },
      'ERROR 500 Internal error occurred: retryWatcher failed to recognize Event type "SURPRISE"',
    ],
  ])('stops after %s, which it cannot skip safely', async (_name, event, expected) => {
    const watcher: Pick<ListerWatcher<TestPod>, 'watch'> = {
      async *watch() {
        yield event as WatchEvent<TestPod>;
        yield { type: 'ADDED', object: pod('never', 'ns', { rv: '6' }) };
      },
    };
    const t = consume({ watcher });
    await t.done;
    expect(t.seen).toEqual([expected]);
  });

  it('closes the stream when the consumer leaves the loop', async () => {
    const lw = seeded();
    for await (const event of newRetryWatcher({ watcher: lw, initialResourceVersion: '1' })) {
      expect(show(event)).toBe('ADDED b@2');
      break;
    }
    expect(lw.watches[0]!.open).toBe(false);
  });
});
