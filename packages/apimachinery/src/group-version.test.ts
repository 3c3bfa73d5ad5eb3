import { GroupVersionError } from './group-version-error';
import {
  apiVersionOf,
  compareKubeAwareVersions,
  formatGroupKind,
  formatGroupResource,
  formatGroupVersion,
  formatGroupVersionKind,
  formatGroupVersionResource,
  fromAPIVersionAndKind,
  gvEquals,
  gvkEquals,
  gvkFromObject,
  gvrEquals,
  parseGroupKind,
  parseGroupResource,
  parseGroupVersion,
  setGroupVersionKind,
} from './group-version';

describe('parseGroupVersion / formatGroupVersion', () => {
  it.each([
    ['v1', { group: '', version: 'v1' }],
    ['apps/v1', { group: 'apps', version: 'v1' }],
    ['kubeflow.org/v1beta2', { group: 'kubeflow.org', version: 'v1beta2' }],
  ])('parses %j and formats it back', (text, gv) => {
    expect(parseGroupVersion(text)).toEqual(gv);
    expect(formatGroupVersion(gv)).toBe(text);
    expect(apiVersionOf(gv)).toBe(text);
  });

  it.each(['', '/', 'a/b/c', '/v1', 'apps/'])('rejects %j, naming the input', (text) => {
    let err: unknown;
    try {
      parseGroupVersion(text);
    } catch (e) {
      err = e;
    }
    expect(GroupVersionError.isInstance(err)).toBe(true);
    const e = err as GroupVersionError;
    expect(e.reason).toBe('InvalidGroupVersion');
    expect(e.input).toBe(text);
    expect(e.message).toContain(JSON.stringify(text));
  });
});

describe('GVK and GVR helpers', () => {
  it('reads the GVK an object declares', () => {
    expect(gvkFromObject({ apiVersion: 'apps/v1', kind: 'Deployment' })).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    expect(gvkFromObject({ apiVersion: 'v1', kind: 'Pod' })).toEqual({
      group: '',
      version: 'v1',
      kind: 'Pod',
    });
    expect(fromAPIVersionAndKind('batch/v1', 'Job').group).toBe('batch');
  });

  it.each<[object, string]>([
    [{ kind: 'Pod' }, 'MissingAPIVersion'],
    [{ apiVersion: 'v1' }, 'MissingKind'],
    [{ apiVersion: 'v1', kind: '' }, 'MissingKind'],
    [{ apiVersion: 'a/b/c', kind: 'X' }, 'InvalidGroupVersion'],
  ])('rejects %j with %s', (obj, reason) => {
    expect(() => gvkFromObject(obj)).toThrow(expect.objectContaining({ reason }));
  });

  it('sets apiVersion and kind in place', () => {
    const obj: { apiVersion?: string; kind?: string; spec: number } = { spec: 1 };
    expect(setGroupVersionKind(obj, { group: '', version: 'v1', kind: 'Pod' })).toBe(obj);
    expect(obj).toEqual({ apiVersion: 'v1', kind: 'Pod', spec: 1 });
  });

  it('formats as client-go prints identifiers', () => {
    expect(formatGroupVersionKind({ group: 'apps', version: 'v1', kind: 'Deployment' })).toBe(
      'apps/v1, Kind=Deployment',
    );
    expect(formatGroupVersionKind({ group: '', version: 'v1', kind: 'Pod' })).toBe('/v1, Kind=Pod');
    expect(
      formatGroupVersionResource({ group: 'apps', version: 'v1', resource: 'deployments' }),
    ).toBe('apps/v1, Resource=deployments');
    expect(formatGroupResource({ group: '', resource: 'pods' })).toBe('pods');
    expect(formatGroupKind({ group: 'apps', kind: 'Deployment' })).toBe('Deployment.apps');
  });

  it('parses group/resource and group/kind at the first dot', () => {
    expect(parseGroupResource('deployments.apps')).toEqual({
      group: 'apps',
      resource: 'deployments',
    });
    expect(parseGroupResource('tfjobs.kubeflow.org')).toEqual({
      group: 'kubeflow.org',
      resource: 'tfjobs',
    });
    expect(parseGroupResource('pods')).toEqual({ group: '', resource: 'pods' });
    expect(parseGroupKind('Deployment.apps')).toEqual({ group: 'apps', kind: 'Deployment' });
  });

  it('compares by every component', () => {
    const gvk = { group: 'apps', version: 'v1', kind: 'Deployment' };
    expect(gvEquals(gvk, { group: 'apps', version: 'v1' })).toBe(true);
    expect(gvEquals(gvk, { group: 'apps', version: 'v2' })).toBe(false);
    expect(gvkEquals(gvk, { ...gvk })).toBe(true);
    expect(gvkEquals(gvk, { ...gvk, kind: 'ReplicaSet' })).toBe(false);
    expect(gvkEquals(gvk, { ...gvk, group: '' })).toBe(false);
    const gvr = { group: '', version: 'v1', resource: 'pods' };
    expect(gvrEquals(gvr, { ...gvr })).toBe(true);
    expect(gvrEquals(gvr, { ...gvr, resource: 'services' })).toBe(false);
  });
});

describe('compareKubeAwareVersions', () => {
  it('orders GA > beta > alpha > non-kube versions, then by major and minor', () => {
    const versions = [
      'foo',
      'v1alpha1',
      'v1',
      'v11alpha2',
      'v1beta1',
      'v2',
      'bar',
      'v10beta3',
      'v1beta2',
      'v12',
    ];
    versions.sort((a, b) => compareKubeAwareVersions(b, a));
    expect(versions).toEqual([
      'v12',
      'v2',
      'v1',
      'v10beta3',
      'v1beta2',
      'v1beta1',
      'v11alpha2',
      'v1alpha1',
      'bar',
      'foo',
    ]);
    expect(compareKubeAwareVersions('v1', 'v1')).toBe(0);
    expect(compareKubeAwareVersions('v1', 'v1beta1')).toBeGreaterThan(0);
  });
});
