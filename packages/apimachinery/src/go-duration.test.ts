import { formatGoDuration } from './go-duration';

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
