import { newControllerExpectations } from '@kubekit/controller';
import { satisfiedOrPassed, type CreationVersions } from './lost-creations';

const key = 'sim/job-3/pods';

function pendingCreate(createdVersion?: string) {
  const expectations = newControllerExpectations();
  const versions: CreationVersions = new Map();
  expectations.expectCreations(key, 1);
  if (createdVersion !== undefined) versions.set(key, createdVersion);
  return { expectations, versions };
}

describe('satisfiedOrPassed', () => {
  test('a key with every expectation observed is satisfied and keeps its record', () => {
    const { expectations, versions } = pendingCreate('10');
    expectations.creationObserved(key);
    expect(satisfiedOrPassed(expectations, versions, key, '5')).toBe(true);
    expect(expectations.getExpectations(key)).toBeDefined();
  });

  test('a creation the cache has not reached yet keeps the job waiting', () => {
    const { expectations, versions } = pendingCreate('10');
    expect(satisfiedOrPassed(expectations, versions, key, '9')).toBe(false);
    expect(expectations.getExpectations(key)?.add).toBe(1);
  });

  test('a creation the cache has passed without its add event (created and deleted during a relist) no longer blocks', () => {
    const { expectations, versions } = pendingCreate('10');
    expect(satisfiedOrPassed(expectations, versions, key, '12')).toBe(true);
    expect(expectations.getExpectations(key)).toBeUndefined();
    expect(versions.has(key)).toBe(false);
  });

  test('a pending deletion is never resolved by the resourceVersion', () => {
    const { expectations, versions } = pendingCreate('10');
    expectations.setExpectations(key, 1, 1);
    expect(satisfiedOrPassed(expectations, versions, key, '99')).toBe(false);
  });

  test('without a recorded create or with non-decimal resourceVersions the TTL decides', () => {
    expect(satisfiedOrPassed(...args(pendingCreate()), '99')).toBe(false);
    expect(satisfiedOrPassed(...args(pendingCreate('abc')), '99')).toBe(false);
    expect(satisfiedOrPassed(...args(pendingCreate('10')), '')).toBe(false);
  });
});

function args(p: ReturnType<typeof pendingCreate>) {
  return [p.expectations, p.versions, key] as const;
}
