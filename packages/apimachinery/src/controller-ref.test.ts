import { getControllerOf, isControlledBy, newControllerRef } from './controller-ref';
import type { KubeObject } from './meta';

describe('controller references', () => {
  const owner: KubeObject = { metadata: { name: 'job', uid: 'u-1' } };
  const gvk = { group: 'kubeflow.org', version: 'v1', kind: 'TFJob' };

  it('builds a blocking controller reference', () => {
    expect(newControllerRef(owner, gvk)).toEqual({
      apiVersion: 'kubeflow.org/v1',
      kind: 'TFJob',
      name: 'job',
      uid: 'u-1',
      controller: true,
      blockOwnerDeletion: true,
    });
  });

  it('finds the controller among owners and matches it by uid', () => {
    const pod: KubeObject = {
      metadata: {
        ownerReferences: [
          { apiVersion: 'v1', kind: 'X', name: 'other', uid: 'u-0' },
          newControllerRef(owner, gvk),
        ],
      },
    };
    expect(getControllerOf(pod)?.name).toBe('job');
    expect(isControlledBy(pod, owner)).toBe(true);
    expect(isControlledBy(pod, { metadata: { name: 'job', uid: 'u-2' } })).toBe(false);
    expect(isControlledBy(pod, { metadata: { name: 'other', uid: 'u-0' } })).toBe(false);
    expect(isControlledBy({ metadata: {} }, owner)).toBe(false);
    expect(
      isControlledBy(
        { metadata: { ownerReferences: [{ ...newControllerRef(owner, gvk), uid: '' }] } },
        { metadata: {} },
      ),
    ).toBe(false);
    expect(getControllerOf({})).toBeUndefined();
  });
});
