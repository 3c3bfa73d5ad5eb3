import { FakeRecorder } from './fake-recorder';

const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'prod' } };

describe('FakeRecorder', () => {
  it('keeps events in order as "<type> <reason> <message>" with their subject', () => {
    const recorder = new FakeRecorder();
    recorder.event(pod, 'Normal', 'Scheduled', 'assigned to node-1');
    recorder.eventf(pod, 'Warning', 'BackOff', 'restarting %s (%d)', 'main', 3);
    recorder.annotatedEventf(pod, { team: 'ml' }, 'Normal', 'Scaled', 'to %v', 2);
    expect(recorder.events).toEqual([
      'Normal Scheduled assigned to node-1',
      'Warning BackOff restarting main (3)',
      'Normal Scaled to 2',
    ]);
    expect(recorder.recorded[2]).toEqual({
      type: 'Normal',
      reason: 'Scaled',
      message: 'to 2',
      object: { apiVersion: 'v1', kind: 'Pod', name: 'web', namespace: 'prod' },
      annotations: { team: 'ml' },
    });
    recorder.clear();
    expect(recorder.events).toEqual([]);
  });
});
