import { SharedProcessor } from './shared-processor';

describe('SharedProcessor.resyncPeriodFor', () => {
  // [informer default, requested, started] -> [period the handler gets, check period after]
  it.each([
    [0, 0, false, 0, 0],
    [0, 0, true, 0, 0],
    [0, 500, false, 1000, 1000], // at least 1 s; enables resync before start
    [0, 5000, true, 5000, 0], // after start the check period stays
    [10_000, 5000, false, 5000, 5000], // a shorter period before start lowers the check period
    [10_000, 5000, true, 10_000, 10_000], // after start it is raised to the check period
    [10_000, 20_000, false, 20_000, 10_000],
    [10_000, 20_000, true, 20_000, 10_000],
  ])(
    'default %i ms, asks %i ms, started %s: gets %i ms, check period %i ms',
    (defaultMs, requested, started, expected, checkAfter) => {
      const processor = new SharedProcessor(defaultMs);
      expect(processor.resyncPeriodFor(requested, started)).toBe(expected);
      expect(processor.resyncCheckPeriodMs).toBe(checkAfter);
    },
  );
});
