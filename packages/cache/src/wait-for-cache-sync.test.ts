import { until } from './internal/test-helpers';
import { waitForCacheSync } from './wait-for-cache-sync';

describe('waitForCacheSync', () => {
  it('resolves at once when everything has synced', async () => {
    await expect(
      waitForCacheSync(undefined, () => true, { hasSynced: () => true }),
    ).resolves.toBeUndefined();
  });

  it('resolves once the last informer syncs', async () => {
    let synced = false;
    let resolved = false;
    const waiting = waitForCacheSync(undefined, { hasSynced: () => synced }, () => true).then(
      () => {
        resolved = true;
      },
    );
    await new Promise((r) => setTimeout(r, 30));
    expect(resolved).toBe(false);
    synced = true;
    await waiting;
    expect(resolved).toBe(true);
  });

  it('rejects with an AbortError when the signal aborts first, and stops polling', async () => {
    let checks = 0;
    const controller = new AbortController();
    const waiting = waitForCacheSync(controller.signal, () => {
      checks++;
      return false;
    });
    await until(() => checks > 1, 'a poll');
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    const after = checks;
    await new Promise((r) => setTimeout(r, 30));
    expect(checks).toBe(after);
    await expect(waitForCacheSync(controller.signal, () => true)).rejects.toMatchObject({
      name: 'AbortError',
    });
  });
});
