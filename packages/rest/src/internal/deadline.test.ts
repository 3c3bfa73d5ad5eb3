import { FakeClock } from '@kubekit/apimachinery';
import { RequestError } from '../request-error';
import { Deadline } from './deadline';

const request = { method: 'GET', url: 'https://example.test/api/v1/pods' };

function ended(deadline: Deadline): unknown {
  try {
    deadline.throwIfEnded(request);
    return undefined;
  } catch (err) {
    return err;
  }
}

describe('Deadline', () => {
  it('shares one timer between the deadlines of a clock, each ending at its own time', () => {
    const clock = new FakeClock();
    const slow = new Deadline(clock, 100, undefined);
    const fast = new Deadline(clock, 50, undefined);
    const third = new Deadline(clock, 100, undefined);
    expect(clock.waiters()).toBe(1);
    const aborted: string[] = [];
    fast.signal!.addEventListener('abort', () => aborted.push('fast'));
    slow.signal!.addEventListener('abort', () => aborted.push('slow'));
    clock.step(49);
    expect(aborted).toEqual([]);
    clock.step(1);
    expect(aborted).toEqual(['fast']);
    expect(fast.signal?.aborted).toBe(true);
    expect((fast.signal?.reason as DOMException).name).toBe('TimeoutError');
    expect(ended(fast)).toBeInstanceOf(RequestError);
    expect(ended(fast)).toMatchObject({
      reason: 'Timeout',
      message: expect.stringContaining('timed out after 50 ms'),
    });
    expect(ended(slow)).toBeUndefined();
    third.dispose(); // finished in time: never ends
    clock.step(50);
    expect(aborted).toEqual(['fast', 'slow']);
    expect(ended(third)).toBeUndefined();
    expect(third.signal?.aborted).toBe(false);
    slow.dispose();
    fast.dispose();
    expect(clock.waiters()).toBe(0);
  });

  it('leaves no timer once nothing is pending, and none at all without a timeout', () => {
    const clock = new FakeClock();
    const a = new Deadline(clock, 1000, undefined);
    const b = new Deadline(clock, 1000, undefined);
    a.dispose();
    expect(clock.waiters()).toBe(1);
    b.dispose();
    expect(clock.waiters()).toBe(0);
    const none = new Deadline(clock, 0, undefined);
    expect(clock.waiters()).toBe(0);
    expect(none.signal).toBeUndefined();
  });

  it("ends with the caller's reason when the caller aborts, even before its signal is made", () => {
    const clock = new FakeClock();
    const caller = new AbortController();
    const deadline = new Deadline(clock, 1000, caller.signal);
    const reason = new Error('stop');
    caller.abort(reason);
    expect(deadline.signal?.aborted).toBe(true);
    expect(deadline.signal?.reason).toBe(reason);
    expect(ended(deadline)).toBe(reason);
    deadline.dispose();
    expect(clock.waiters()).toBe(0);
  });

  it('hands out the caller signal itself when there is no timeout', () => {
    const caller = new AbortController();
    const deadline = new Deadline(new FakeClock(), 0, caller.signal);
    expect(deadline.signal).toBe(caller.signal);
  });

  it('ends the attached attempt when it ends (at once if it has), never after dispose', () => {
    const clock = new FakeClock();
    const reasons: unknown[] = [];
    const attempt = { abort: (reason: unknown) => reasons.push(reason) };
    const timed = new Deadline(clock, 100, undefined);
    timed.attach(attempt);
    clock.step(100);
    expect(reasons).toHaveLength(1);
    expect((reasons[0] as DOMException).name).toBe('TimeoutError');
    timed.attach(attempt); // a retry after the end
    expect(reasons).toHaveLength(2);

    const caller = new AbortController();
    const untimed = new Deadline(clock, 0, caller.signal);
    untimed.attach(attempt);
    caller.abort(new Error('stop'));
    expect(reasons[2]).toEqual(new Error('stop'));

    const disposed = new Deadline(clock, 100, undefined);
    disposed.attach(attempt);
    disposed.dispose();
    clock.step(100);
    expect(reasons).toHaveLength(3);
  });
});
