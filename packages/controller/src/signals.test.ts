import { EventEmitter } from 'node:events';
import { setupSignalHandler } from './signals';

describe('setupSignalHandler', () => {
  it('aborts on the first signal and calls onSecondSignal on the next', () => {
    const proc = new EventEmitter();
    const second: string[] = [];
    const signal = setupSignalHandler({
      process: proc as unknown as NodeJS.Process,
      onSecondSignal: (s) => second.push(s),
    });
    expect(signal.aborted).toBe(false);
    proc.emit('SIGTERM', 'SIGTERM');
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).message).toBe('received SIGTERM, shutting down');
    expect(second).toEqual([]);
    proc.emit('SIGINT', 'SIGINT');
    expect(second).toEqual(['SIGINT']);
    expect(proc.listenerCount('SIGTERM')).toBe(1); // the second-signal handler only
  });

  it('listens only to the signals it is given', () => {
    const proc = new EventEmitter();
    const signal = setupSignalHandler({
      process: proc as unknown as NodeJS.Process,
      signals: ['SIGHUP'],
    });
    proc.emit('SIGTERM', 'SIGTERM');
    expect(signal.aborted).toBe(false);
    proc.emit('SIGHUP', 'SIGHUP');
    expect(signal.aborted).toBe(true);
  });
});
