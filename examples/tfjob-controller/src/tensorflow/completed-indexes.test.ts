import { addIndex, countBelow, formatIndexes, hasIndex, parseIndexes } from './completed-indexes';

describe('completed indexes', () => {
  it('round-trips the batch/v1 compressed form, merging adjacent and overlapping runs', () => {
    expect(formatIndexes(parseIndexes('7,0,2-3,4,3-5'))).toBe('0,2-5,7');
    expect(formatIndexes(parseIndexes(''))).toBeUndefined();
    expect(formatIndexes(parseIndexes(undefined))).toBeUndefined();
  });

  it('adds an index, bridging two runs', () => {
    const merged = addIndex(parseIndexes('0-1,3'), 2);
    expect(formatIndexes(merged)).toBe('0-3');
    expect(hasIndex(merged, 3)).toBe(true);
    expect(hasIndex(merged, 4)).toBe(false);
  });

  it('skips malformed items instead of failing', () => {
    expect(formatIndexes(parseIndexes('x,5-2,-1,1, 4 ,9-99999999999999999999'))).toBe('1,4');
  });

  it('counts indexes below a limit without materialising ranges', () => {
    const huge = parseIndexes('0-2147483646');
    expect(countBelow(huge, 3)).toBe(3);
    expect(countBelow(parseIndexes('1,3-5'), 4)).toBe(2);
  });
});
