import { VirtualClock } from './virtual-clock';
import { seededRandom } from './random';

describe('VirtualClock', () => {
  test('fires timers in due order, ties in the order they were set, moving time to each', () => {
    const clock = new VirtualClock(1000);
    const fired: string[] = [];
    clock.setTimeout(() => fired.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => fired.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => fired.push(`c@${clock.now()}`), 20);
    const cleared = clock.setTimeout(() => fired.push('never'), 15);
    clock.clearTimeout(cleared);
    expect(clock.nextDue()).toBe(1010);
    while (clock.fireNext(5000));
    expect(fired).toEqual(['a@1010', 'b@1020', 'c@1020']);
    expect(clock.now()).toBe(5000);
  });

  test('stops at the limit and keeps later timers; never fires an infinite one', () => {
    const clock = new VirtualClock(0);
    const fired: number[] = [];
    clock.setTimeout(() => fired.push(1), 100);
    clock.setTimeout(() => fired.push(2), Infinity);
    expect(clock.fireNext(50)).toBe(false);
    expect(clock.now()).toBe(50);
    expect(clock.fireNext(1e12)).toBe(true);
    expect(clock.fireNext(1e12)).toBe(false);
    expect(fired).toEqual([1]);
  });

  test('a skewed view reads ahead but shares the timers', async () => {
    const clock = new VirtualClock(0);
    let skew = 500;
    const view = clock.skewed(() => skew);
    expect(view.now()).toBe(500);
    const slept = view.sleep(100);
    clock.fireNext(1000);
    await slept;
    expect(clock.now()).toBe(100);
    skew = -50;
    expect(view.now()).toBe(50);
  });
});

describe('seededRandom', () => {
  test('a seed gives the same stream; forks are independent and reproducible', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(seededRandom(43).next()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(7).fork().int(1000)).toBe(seededRandom(7).fork().int(1000));
    expect(() => a.pick([])).toThrow(RangeError);
  });
});
