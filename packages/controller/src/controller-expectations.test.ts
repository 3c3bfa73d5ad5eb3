import { FakeClock, type KubeObject } from '@kubekit/apimachinery';
import { deletedFinalStateUnknown } from '@kubekit/cache';
import {
  ExpectationsTimeoutMs,
  expectationsObserver,
  newControllerExpectations,
} from './controller-expectations';
import { ControllerError } from './controller-error';

describe('ControllerExpectations', () => {
  it('is satisfied for a key it has no record of', () => {
    const e = newControllerExpectations();
    expect(e.satisfiedExpectations('default/job')).toBe(true);
    expect(e.getExpectations('default/job')).toBeUndefined();
  });

  it('is unsatisfied until every expected creation was observed', () => {
    const e = newControllerExpectations({ clock: new FakeClock() });
    e.expectCreations('default/job/worker', 2);
    expect(e.satisfiedExpectations('default/job/worker')).toBe(false);
    e.creationObserved('default/job/worker');
    expect(e.satisfiedExpectations('default/job/worker')).toBe(false);
    e.creationObserved('default/job/worker');
    expect(e.satisfiedExpectations('default/job/worker')).toBe(true);
    expect(e.satisfiedExpectations('default/job/ps')).toBe(true); // keys are independent
  });

  it('tracks deletions the same way, and expect* replaces the whole record', () => {
    const e = newControllerExpectations({ clock: new FakeClock() });
    e.expectDeletions('k', 1);
    expect(e.getExpectations('k')).toMatchObject({ add: 0, del: 1 });
    e.expectCreations('k', 3);
    expect(e.getExpectations('k')).toMatchObject({ add: 3, del: 0 });
    e.setExpectations('k', 1, 1);
    e.creationObserved('k');
    expect(e.satisfiedExpectations('k')).toBe(false);
    e.deletionObserved('k');
    expect(e.satisfiedExpectations('k')).toBe(true);
  });

  it('trusts a record for 5 minutes only, so a lost event cannot block a key forever', () => {
    const clock = new FakeClock();
    const e = newControllerExpectations({ clock });
    e.expectCreations('k', 1);
    clock.step(ExpectationsTimeoutMs);
    expect(e.satisfiedExpectations('k')).toBe(false);
    clock.step(1);
    expect(e.satisfiedExpectations('k')).toBe(true);
  });

  it('keeps the timestamp when raising or lowering, and ignores keys without a record', () => {
    const clock = new FakeClock();
    const e = newControllerExpectations({ clock, ttlMs: 1000 });
    e.raiseExpectations('none', 1, 1);
    e.creationObserved('none');
    expect(e.size()).toBe(0);
    e.expectCreations('k', 1);
    const stamped = e.getExpectations('k')!.timestamp;
    clock.step(600);
    e.raiseExpectations('k', 2, 1);
    e.lowerExpectations('k', 1, 0);
    expect(e.getExpectations('k')).toEqual({ add: 2, del: 1, timestamp: stamped });
    clock.step(401);
    expect(e.satisfiedExpectations('k')).toBe(true); // expired from the original stamp
  });

  it('counts below zero as satisfied and forgets deleted keys', () => {
    const e = newControllerExpectations({ clock: new FakeClock() });
    e.expectCreations('k', 0);
    e.creationObserved('k');
    expect(e.getExpectations('k')?.add).toBe(-1);
    expect(e.satisfiedExpectations('k')).toBe(true);
    e.deleteExpectations('k');
    expect(e.size()).toBe(0);
  });

  it('rejects a non-positive TTL', () => {
    expect(() => newControllerExpectations({ ttlMs: 0 })).toThrow(ControllerError);
  });
});

describe('expectationsObserver', () => {
  it('observes creations on add and deletions on delete for the key keyOf gives', () => {
    const e = newControllerExpectations({ clock: new FakeClock() });
    e.setExpectations('default/job', 1, 1);
    const observe = expectationsObserver(e, (obj) =>
      obj.metadata?.labels?.job ? `default/${obj.metadata.labels.job}` : undefined,
    );
    const pod = { metadata: { name: 'p', namespace: 'default', labels: { job: 'job' } } };
    observe({ type: 'update', oldObject: pod, object: pod });
    observe({ type: 'add', object: { metadata: { name: 'orphan' } }, isInInitialList: false });
    expect(e.getExpectations('default/job')).toMatchObject({ add: 1, del: 1 });
    observe({ type: 'add', object: pod, isInInitialList: false });
    observe({ type: 'delete', object: pod });
    expect(e.getExpectations('default/job')).toMatchObject({ add: 0, del: 0 });
  });

  it('counts a deletion learned from a relist (a tombstone) for the object it carries', () => {
    const e = newControllerExpectations({ clock: new FakeClock() });
    e.setExpectations('default/job', 0, 2);
    const observe = expectationsObserver(e, (obj) =>
      obj.metadata?.labels?.job ? `default/${obj.metadata.labels.job}` : undefined,
    );
    const pod = { metadata: { name: 'p', namespace: 'default', labels: { job: 'job' } } };
    observe({ type: 'delete', object: deletedFinalStateUnknown('default/p', pod) });
    observe({
      type: 'delete',
      object: deletedFinalStateUnknown<KubeObject>('default/q', undefined),
    });
    expect(e.getExpectations('default/job')).toMatchObject({ add: 0, del: 1 });
  });
});
