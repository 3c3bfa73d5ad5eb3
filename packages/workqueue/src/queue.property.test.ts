import fc from 'fast-check';
import { itemFastSlowRateLimiter } from './default-rate-limiters';
import { newDelayingQueue } from './delaying-queue';
import { newQueue } from './queue';
import { newRateLimitingQueue } from './rate-limiting-queue';
import { runWorkers } from './run-workers';

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e');

describe('Queue under random schedules of concurrent async workers', () => {
  it('never hands a key to two workers at once, loses no added key, and drains in-flight work', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 4 }),
        fc.array(key, { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 10 }),
        fc.nat(),
        fc.constantFrom('drain', 'shutDown'),
        async (s, workers, adds, workSteps, shutdownAt, mode) => {
          const queue = newQueue();
          let tick = 0;
          const inFlight = new Set<string>();
          const overlaps: string[] = [];
          /** Tick of the last add of each key that the queue accepted (before shutdown). */
          const lastAdd = new Map<string, number>();
          /** Largest start tick of a finished processing of each key. */
          const lastFinishedStart = new Map<string, number>();
          const unprocessed = () =>
            [...lastAdd].filter(([k, t]) => (lastFinishedStart.get(k) ?? -1) <= t).map(([k]) => k);
          let drainSnapshot: { inFlight: number; len: number; unprocessed: string[] } | undefined;

          const stopAt = Math.min(shutdownAt % (adds.length + 1), adds.length);
          const producer = (async () => {
            for (let i = 0; i <= adds.length; i++) {
              if (i === stopAt) {
                await s.schedule(Promise.resolve(), 'shutdown');
                if (mode === 'drain') {
                  void queue.shutDownWithDrain().then(() => {
                    drainSnapshot = {
                      inFlight: inFlight.size,
                      len: queue.len(),
                      unprocessed: unprocessed(),
                    };
                  });
                } else {
                  queue.shutDown();
                }
              }
              const k = adds[i];
              if (k === undefined) break;
              await s.schedule(Promise.resolve(), `add ${k}`);
              const accepted = !queue.shuttingDown();
              queue.add(k);
              if (accepted) lastAdd.set(k, ++tick);
            }
          })();

          let step = 0;
          const worker = async (id: number) => {
            for (;;) {
              const next = await queue.get();
              if (next.shutdown) return;
              const k = next.item;
              if (inFlight.has(k)) overlaps.push(k);
              inFlight.add(k);
              const start = ++tick;
              const steps = workSteps[step++ % workSteps.length]!;
              for (let j = 0; j < steps; j++)
                await s.schedule(Promise.resolve(), `worker ${id} ${k}`);
              inFlight.delete(k);
              lastFinishedStart.set(k, start);
              queue.done(k);
            }
          };
          const loops = Array.from({ length: workers }, (_, id) => worker(id));

          await s.waitFor(Promise.all([producer, ...loops]));
          await Promise.resolve();

          expect(overlaps).toEqual([]);
          expect(unprocessed()).toEqual([]);
          expect(queue.len()).toBe(0);
          if (mode === 'drain') {
            expect(drainSnapshot).toEqual({ inFlight: 0, len: 0, unprocessed: [] });
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('runWorkers under random schedules and failures', () => {
  it('never runs a key twice at once and has no handler running once it resolves', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 4 }),
        fc.array(key, { minLength: 1, maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 10 }),
        fc.nat(),
        async (s, workers, adds, failures, abortAt) => {
          const queue = newRateLimitingQueue({
            rateLimiter: itemFastSlowRateLimiter({
              fastDelayMs: 0,
              slowDelayMs: 0,
              maxFastAttempts: 0,
            }),
          });
          const controller = new AbortController();
          const running = new Set<string>();
          const overlaps: string[] = [];
          let calls = 0;
          const stopped = runWorkers({
            queue,
            workers,
            signal: controller.signal,
            handler: async (k) => {
              if (running.has(k)) overlaps.push(k);
              running.add(k);
              const fail = failures[calls++ % failures.length]!;
              await s.schedule(Promise.resolve(), `handle ${k}`);
              running.delete(k);
              if (fail) throw new Error(`fail ${k}`);
            },
          });
          const stopIndex = abortAt % (adds.length + 1);
          const producer = (async () => {
            for (let i = 0; i < adds.length; i++) {
              if (i === stopIndex) controller.abort();
              await s.schedule(Promise.resolve(), `add ${adds[i]}`);
              queue.add(adds[i]!);
            }
            controller.abort();
          })();
          let runningAtResolve = -1;
          await s.waitFor(
            Promise.all([producer, stopped.then(() => (runningAtResolve = running.size))]),
          );
          expect(overlaps).toEqual([]);
          expect(runningAtResolve).toBe(0);
          expect(queue.len()).toBe(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('DelayingQueue against a model, under random delays and clock steps', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('adds each item exactly when its earliest requested ready time passes', async () => {
    const op = fc.oneof(
      fc.record({
        kind: fc.constant('addAfter' as const),
        key,
        delay: fc.integer({ min: -5, max: 200 }),
      }),
      fc.record({ kind: fc.constant('step' as const), ms: fc.integer({ min: 0, max: 120 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), async (ops) => {
        const queue = newDelayingQueue();
        const start = Date.now();
        /** Model: earliest ready time of each waiting key. */
        const waiting = new Map<string, number>();
        /** Model: keys added at once (a non-positive delay leaves a waiting entry alone). */
        const immediate = new Set<string>();
        const expectReadyMatchesModel = async () => {
          const now = Date.now() - start;
          const expected = new Set(immediate);
          immediate.clear();
          for (const [k, at] of waiting) {
            if (at > now) continue;
            expected.add(k);
            waiting.delete(k);
          }
          const got: string[] = [];
          while (queue.len() > 0) {
            const next = await queue.get();
            got.push(next.item!);
            queue.done(next.item!);
          }
          expect(got.sort()).toEqual([...expected].sort());
        };
        for (const o of ops) {
          if (o.kind === 'addAfter') {
            const at = Date.now() - start + o.delay;
            if (o.delay <= 0) immediate.add(o.key);
            else waiting.set(o.key, Math.min(waiting.get(o.key) ?? Infinity, at));
            queue.addAfter(o.key, o.delay);
          } else {
            jest.advanceTimersByTime(o.ms);
          }
          await expectReadyMatchesModel();
        }
        jest.advanceTimersByTime(1000);
        await expectReadyMatchesModel();
        expect(waiting.size).toBe(0);
        expect(jest.getTimerCount()).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
