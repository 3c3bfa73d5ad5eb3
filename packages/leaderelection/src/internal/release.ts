import { isNotFound } from '@kubekit/apimachinery';
import type { Clock } from '../clock';
import { LeaderElectionError } from '../leader-election-error';
import type { LeaderElectionRecord, LockSnapshot, ResourceLock } from '../resource-lock';
import { microTime } from './micro-time';
import { callWithin } from './sleep';

/** What {@link releaseLock} needs. */
export interface ReleaseOptions {
  lock: ResourceLock;
  identity: string;
  clock: Clock;
  /** Bound of each API call (client-go uses the renew deadline). */
  timeoutMs: number;
}

/**
 * Gives the lease up (client-go's `LeaderElector.release`): reads the lock afresh and, only when
 * `identity` still holds it, writes it back over the version just read with the holder emptied
 * and a 1 s duration (the transitions kept). Resolves with the last snapshot seen (undefined when
 * the lock is gone). A failure is not retried: it rejects with a {@link LeaderElectionError}
 * `ReleaseFailed` whose cause is the API error, and the lease then expires on its own.
 */
export async function releaseLock(options: ReleaseOptions): Promise<LockSnapshot | undefined> {
  const { lock, identity, clock, timeoutMs } = options;
  try {
    const current = await callWithin(clock, timeoutMs, (signal) => lock.get({ signal }));
    if (current.record.holderIdentity !== identity) return current;
    const now = microTime(clock.now());
    const released: LeaderElectionRecord = {
      holderIdentity: '',
      leaseDurationSeconds: 1,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: current.record.leaseTransitions,
    };
    return await callWithin(clock, timeoutMs, (signal) => lock.update(released, { signal }));
  } catch (err) {
    if (isNotFound(err)) return undefined; // nothing left to release
    throw new LeaderElectionError(
      'ReleaseFailed',
      `failed to release lock ${lock.describe()}: ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
}
