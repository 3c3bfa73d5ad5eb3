import { FakeClock } from './fake-clock';
import { DefaultBackoff, DefaultRetry, onError, retryOnConflict } from './retry';
import { newConflict, newNotFound } from './status-errors';
import { WaitTimeoutError } from './wait-timeout-error';

const pods = { group: '', resource: 'pods' };
const conflict = () => newConflict(pods, 'p', 'the object has been modified');

/** A function failing with `errors` in turn, then returning `value`; records the fake times. */
function failing<T>(clock: FakeClock, errors: unknown[], value: T) {
  const times: number[] = [];
  const fn = () => {
    times.push(clock.now());
    const error = errors.shift();
    if (error !== undefined) throw error;
    return value;
  };
  return { times, fn };
}

async function settle<T>(clock: FakeClock, promise: Promise<T>): Promise<T | unknown> {
  const settled = promise.catch((e: unknown) => e);
  await clock.advance(10_000);
  return settled;
}

describe('retryOnConflict (client-go util/retry)', () => {
  it('runs the write again after a Conflict and resolves with its result', async () => {
    const clock = new FakeClock({ now: 0 });
    const { times, fn } = failing(clock, [conflict(), conflict()], 'written');
    const backoff = { ...DefaultRetry, jitter: 0 };
    expect(await settle(clock, retryOnConflict(backoff, fn, { clock }))).toBe('written');
    expect(times).toEqual([0, 10, 20]);
  });

  it('returns the last Conflict, not a wait timeout, when the tries run out', async () => {
    const clock = new FakeClock({ now: 0 });
    const last = conflict();
    const { times, fn } = failing(clock, [conflict(), conflict(), last], 'never');
    const err = await settle(clock, retryOnConflict({ duration: 10, steps: 3 }, fn, { clock }));
    expect(err).toBe(last);
    expect(times).toHaveLength(3);
  });

  it('gives up at once on an error other than a Conflict', async () => {
    const clock = new FakeClock({ now: 0 });
    const notFound = newNotFound(pods, 'p');
    const { times, fn } = failing(clock, [conflict(), notFound], 'never');
    expect(await settle(clock, retryOnConflict(DefaultRetry, fn, { clock }))).toBe(notFound);
    expect(times).toHaveLength(2);
  });

  it('with zero steps never runs the function and reports the exhausted backoff', async () => {
    const fn = jest.fn();
    const err = await retryOnConflict({ duration: 10, steps: 0 }, fn).catch((e: unknown) => e);
    expect(WaitTimeoutError.isInstance(err)).toBe(true);
    expect(fn).not.toHaveBeenCalled();
  });

  it('stops with the abort reason when its signal aborts', async () => {
    const clock = new FakeClock({ now: 0 });
    const controller = new AbortController();
    const { fn } = failing(clock, [conflict(), conflict(), conflict()], 'never');
    const pending = retryOnConflict(DefaultRetry, fn, { clock, signal: controller.signal });
    controller.abort(new Error('stopped'));
    expect(await settle(clock, pending)).toMatchObject({ message: 'stopped' });
  });
});

describe('onError (client-go util/retry)', () => {
  it('retries what the predicate accepts on the growing DefaultBackoff', async () => {
    const clock = new FakeClock({ now: 0 });
    const busy = new Error('busy');
    const { times, fn } = failing(clock, [busy, busy, busy], 42);
    const backoff = { ...DefaultBackoff, jitter: 0 };
    const result = await settle(
      clock,
      onError(backoff, (e) => e === busy, fn, { clock }),
    );
    expect(result).toBe(42);
    expect(times).toEqual([0, 10, 60, 310]);
  });

  it('rethrows a refused error even when it is itself a wait timeout', async () => {
    const clock = new FakeClock({ now: 0 });
    const inner = new WaitTimeoutError('Timeout');
    const { fn } = failing(clock, [conflict(), inner], 'never');
    expect(await settle(clock, retryOnConflict(DefaultRetry, fn, { clock }))).toBe(inner);
  });
});
