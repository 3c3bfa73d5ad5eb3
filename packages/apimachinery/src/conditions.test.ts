import {
  findCondition,
  formatTime,
  isConditionTrue,
  removeCondition,
  setCondition,
} from './conditions';
import { FakeClock } from './fake-clock';
import type { Condition } from './meta';

describe('conditions', () => {
  const clock = new FakeClock({ now: Date.UTC(2024, 4, 1, 12, 0, 0, 500) });
  const t0 = '2024-05-01T12:00:00Z';

  it('formats times as second-precision RFC 3339', () => {
    expect(formatTime(Date.UTC(2024, 4, 1, 12, 0, 0, 999))).toBe(t0);
  });

  it('adds a new condition stamped now unless it carries its own time', () => {
    const conditions: Condition[] = [];
    expect(
      setCondition(conditions, { type: 'Ready', status: 'False', reason: 'Starting' }, { clock }),
    ).toBe(true);
    expect(conditions).toEqual([
      { type: 'Ready', status: 'False', reason: 'Starting', lastTransitionTime: t0 },
    ]);
    setCondition(conditions, { type: 'Done', status: 'False', lastTransitionTime: 'T' }, { clock });
    expect(findCondition(conditions, 'Done')?.lastTransitionTime).toBe('T');
  });

  it('moves lastTransitionTime only when the status changes', () => {
    const local = new FakeClock({ now: 0 });
    const conditions: Condition[] = [];
    setCondition(conditions, { type: 'Ready', status: 'False' }, { clock: local });
    local.step(60_000);
    expect(
      setCondition(
        conditions,
        { type: 'Ready', status: 'False', message: 'still' },
        { clock: local },
      ),
    ).toBe(true);
    expect(conditions[0]).toMatchObject({
      lastTransitionTime: '1970-01-01T00:00:00Z',
      message: 'still',
    });
    expect(
      setCondition(
        conditions,
        { type: 'Ready', status: 'False', message: 'still' },
        { clock: local },
      ),
    ).toBe(false);
    local.step(60_000);
    expect(
      setCondition(
        conditions,
        { type: 'Ready', status: 'True', reason: 'Up', observedGeneration: 2 },
        { clock: local },
      ),
    ).toBe(true);
    expect(conditions[0]).toEqual({
      type: 'Ready',
      status: 'True',
      reason: 'Up',
      message: undefined,
      observedGeneration: 2,
      lastTransitionTime: '1970-01-01T00:02:00Z',
    });
    expect(isConditionTrue(conditions, 'Ready')).toBe(true);
  });

  it('treats absent and empty reason as equal', () => {
    const conditions: Condition[] = [
      { type: 'A', status: 'True', reason: '', lastTransitionTime: 'x' },
    ];
    expect(setCondition(conditions, { type: 'A', status: 'True' }, { clock })).toBe(false);
  });

  it('finds, tests and removes conditions', () => {
    const conditions: Condition[] = [
      { type: 'A', status: 'True' },
      { type: 'B', status: 'Unknown' },
    ];
    expect(isConditionTrue(conditions, 'A')).toBe(true);
    expect(isConditionTrue(conditions, 'B')).toBe(false);
    expect(isConditionTrue(undefined, 'A')).toBe(false);
    expect(findCondition(conditions, 'C')).toBeUndefined();
    expect(removeCondition(conditions, 'A')).toBe(true);
    expect(removeCondition(conditions, 'A')).toBe(false);
    expect(conditions.map((c) => c.type)).toEqual(['B']);
  });
});
