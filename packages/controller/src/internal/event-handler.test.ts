import { LowPriority, newPriorityQueue } from '@kubekit/workqueue';
import { cm } from '../test-support/controller-test-helpers';
import { eventHandler } from './event-handler';

/** controller-runtime's WithLowPriorityWhenUnchanged, as the controller's handler applies it. */
describe('eventHandler with a priority queue', () => {
  const priorityOf = async (send: (h: ReturnType<typeof eventHandler>) => void) => {
    const queue = newPriorityQueue<string>();
    send(eventHandler(queue, {}, queue));
    const next = await queue.getWithPriority();
    queue.shutDown();
    return next.priority;
  };

  it('an add from the initial list is low priority; a later add is not', async () => {
    await expect(priorityOf((h) => h.onAdd?.(cm('a'), true))).resolves.toBe(LowPriority);
    await expect(priorityOf((h) => h.onAdd?.(cm('a'), false))).resolves.toBe(0);
  });

  it('a resync (same resourceVersion) is low priority; a real update is not', async () => {
    const v1 = cm('a', { resourceVersion: '1' });
    const v2 = cm('a', { resourceVersion: '2' });
    await expect(priorityOf((h) => h.onUpdate?.(v1, v1))).resolves.toBe(LowPriority);
    await expect(priorityOf((h) => h.onUpdate?.(v1, v2))).resolves.toBe(0);
  });

  it('a delete is never low priority', async () => {
    await expect(priorityOf((h) => h.onDelete?.(cm('a')))).resolves.toBe(0);
  });

  it('without a priority queue every key is simply added', () => {
    const queue = newPriorityQueue<string>();
    eventHandler(queue, {}, undefined).onAdd?.(cm('a'), true);
    expect(queue.len()).toBe(1);
  });
});
