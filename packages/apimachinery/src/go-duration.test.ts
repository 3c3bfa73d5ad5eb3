import { formatGoDuration, parseGoDuration } from './go-duration';

describe('formatGoDuration (time.Duration.String)', () => {
  it.each([
    [0, '0s'],
    [1000, '1s'],
    [1500, '1.5s'],
    [500, '500ms'],
    [1.5, '1.5ms'],
    [0.001, '1µs'],
    [0.000001, '1ns'],
    [90_000, '1m30s'],
    [60_000, '1m0s'],
    [3_600_000, '1h0m0s'],
    [3_723_004, '1h2m3.004s'],
    [-2000, '-2s'],
    [10, '10ms'],
    [80_000, '1m20s'],
    [90_500, '1m30.5s'],
  ])('%p ms is %p', (ms, text) => {
    expect(formatGoDuration(ms)).toBe(text);
  });
});

describe('parseGoDuration (time.ParseDuration)', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['1s', 1000],
    ['+1.5s', 1500],
    ['-2s', -2000],
    ['300ms', 300],
    ['1.s', 1000],
    ['.5us', 0.0005],
    ['1µs', 0.001],
    ['1μs', 0.001],
    ['10ns', 0.00001],
    ['2h45m', 9_900_000],
    ['1m30.5s', 90_500],
    ['1h0m0s', 3_600_000],
  ])('%p is %p ms', (text, ms) => {
    expect(parseGoDuration(text)).toBeCloseTo(ms, 9);
  });

  it('reads back what formatGoDuration writes', () => {
    for (const ms of [0, 1.5, 500, 1500, 90_500, 3_723_004, -2000])
      expect(parseGoDuration(formatGoDuration(ms))).toBeCloseTo(ms, 9);
  });

  it.each([
    ['', 'no number'],
    ['-', 'no number'],
    ['1', 'a unit'],
    ['00', 'a unit'],
    ['s', 'needs a number'],
    ['.s', 'needs a number'],
    ['1x', 'unknown unit "x"'],
    ['1 s', 'unknown unit " s"'],
    ['1s2', 'a unit'],
    ['3000000h', 'longer than'],
  ])('rejects %p naming the text and why', (text, why) => {
    expect(() => parseGoDuration(text)).toThrow(`"${text}" is not a duration: `);
    expect(() => parseGoDuration(text)).toThrow(why);
  });
});
