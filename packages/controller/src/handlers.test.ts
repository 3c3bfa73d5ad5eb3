import type { KubeObject } from '@kubekit/apimachinery';
import { enqueueForObject, enqueueForOwner } from './handlers';
import {
  generationChangedPredicate,
  labelChangedPredicate,
  resourceVersionChangedPredicate,
} from './predicates';

const owner = (apiVersion: string, kind: string, name: string, controller?: boolean) => ({
  apiVersion,
  kind,
  name,
  uid: `uid-${name}`,
  controller,
});

describe('enqueueForObject', () => {
  it('maps namespaced and cluster-scoped objects to their keys', () => {
    expect(enqueueForObject({ metadata: { name: 'a', namespace: 'ns' } })).toEqual(['ns/a']);
    expect(enqueueForObject({ metadata: { name: 'node-1' } })).toEqual(['node-1']);
  });
});

describe('enqueueForOwner', () => {
  const pod = (refs: ReturnType<typeof owner>[]): KubeObject => ({
    metadata: { name: 'p', namespace: 'ml', ownerReferences: refs },
  });

  it('maps to the controller owner of the kind, in any version of its group', () => {
    const map = enqueueForOwner({ group: 'kubeflow.org', kind: 'TFJob' });
    expect(map(pod([owner('kubeflow.org/v1', 'TFJob', 'mnist', true)]))).toEqual(['ml/mnist']);
    expect(map(pod([owner('kubeflow.org/v2beta1', 'TFJob', 'x', true)]))).toEqual(['ml/x']);
  });

  it('ignores non-controller owners, other kinds, other groups and objects without owners', () => {
    const map = enqueueForOwner({ group: 'kubeflow.org', kind: 'TFJob' });
    expect(map(pod([owner('kubeflow.org/v1', 'TFJob', 'mnist')]))).toEqual([]);
    expect(map(pod([owner('kubeflow.org/v1', 'PyTorchJob', 'p', true)]))).toEqual([]);
    expect(map(pod([owner('other.io/v1', 'TFJob', 'p', true)]))).toEqual([]);
    expect(map(pod([owner('not/a/version', 'TFJob', 'p', true)]))).toEqual([]);
    expect(map({ metadata: { name: 'lonely' } })).toEqual([]);
  });

  it('maps the core group and, with onlyController false, every matching owner', () => {
    const map = enqueueForOwner({ group: '', kind: 'ConfigMap', onlyController: false });
    expect(
      map(
        pod([
          owner('v1', 'ConfigMap', 'a'),
          owner('v1', 'ConfigMap', 'b', true),
          owner('apps/v1', 'ConfigMap', 'c'),
        ]),
      ),
    ).toEqual(['ml/a', 'ml/b']);
  });
});

describe('predicates', () => {
  const obj = (meta: KubeObject['metadata']): KubeObject => ({ metadata: meta });

  it('generationChanged passes only updates that change the generation', () => {
    expect(generationChangedPredicate.update!(obj({ generation: 1 }), obj({ generation: 1 }))).toBe(
      false,
    );
    expect(generationChangedPredicate.update!(obj({ generation: 1 }), obj({ generation: 2 }))).toBe(
      true,
    );
    expect(generationChangedPredicate.create).toBeUndefined();
  });

  it('resourceVersionChanged drops resyncs', () => {
    const a = obj({ resourceVersion: '5' });
    expect(resourceVersionChangedPredicate.update!(a, obj({ resourceVersion: '5' }))).toBe(false);
    expect(resourceVersionChangedPredicate.update!(a, obj({ resourceVersion: '6' }))).toBe(true);
  });

  it('labelChanged compares label maps by content', () => {
    const l = (labels?: Record<string, string>) => obj({ labels });
    expect(labelChangedPredicate.update!(l({ a: '1' }), l({ a: '1' }))).toBe(false);
    expect(labelChangedPredicate.update!(l(), l({}))).toBe(false);
    expect(labelChangedPredicate.update!(l({ a: '1' }), l({ a: '2' }))).toBe(true);
    expect(labelChangedPredicate.update!(l({ a: '1' }), l({ b: '1' }))).toBe(true);
    expect(labelChangedPredicate.update!(l({ a: '1' }), l({ a: '1', b: '2' }))).toBe(true);
  });
});
