import { builtinTypeNode } from './patch-meta';
import { compareObjects, fieldSetOf, listKeyErrors, valueAtTypedPath } from './typed-fields';

const pod = builtinTypeNode({ group: '', kind: 'Pod' });
const obj = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', labels: { a: '1' }, finalizers: ['x'] },
  spec: { containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] },
};

describe('typed fields', () => {
  it('reads values by typed path, defaulting list keys', () => {
    const port = [
      'f:spec',
      'f:containers',
      'k:{"name":"web"}',
      'f:ports',
      'k:{"containerPort":80,"protocol":"TCP"}',
    ];
    expect(valueAtTypedPath(obj, [...port, 'f:containerPort'], pod)).toBe(80);
    expect(valueAtTypedPath(obj, ['f:metadata', 'f:finalizers', 'v:"x"'], pod)).toBe('x');
    expect(valueAtTypedPath(obj, ['f:spec', 'f:missing'], pod)).toBeUndefined();
  });

  it('leaves apiVersion, kind and server-owned metadata out of field sets', () => {
    const paths = fieldSetOf(obj, pod, 'apply')
      .paths()
      .map((p) => p.join('/'));
    expect(paths).toEqual([
      'f:metadata/f:labels/f:a',
      'f:metadata/f:finalizers/v:"x"',
      'f:spec/f:containers/k:{"name":"web"}',
      'f:spec/f:containers/k:{"name":"web"}/f:name',
      'f:spec/f:containers/k:{"name":"web"}/f:image',
      'f:spec/f:containers/k:{"name":"web"}/f:ports/k:{"containerPort":80,"protocol":"TCP"}',
      'f:spec/f:containers/k:{"name":"web"}/f:ports/k:{"containerPort":80,"protocol":"TCP"}/f:containerPort',
    ]);
  });

  it('compares objects into added, removed and modified fields', () => {
    const after = {
      ...obj,
      metadata: { ...obj.metadata, labels: { b: '2' } },
      spec: { containers: [{ name: 'web', image: 'nginx:2', ports: [{ containerPort: 80 }] }] },
    };
    const cmp = compareObjects(obj, after, pod);
    expect(cmp.added.paths()).toEqual([['f:metadata', 'f:labels', 'f:b']]);
    expect(cmp.removed.paths()).toEqual([['f:metadata', 'f:labels', 'f:a']]);
    expect(cmp.modified.paths()).toEqual([
      ['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'],
    ]);
  });

  it('finds missing and duplicate list keys', () => {
    const bad = { spec: { containers: [{ name: 'a' }, { name: 'a' }, { image: 'x' }] } };
    expect(listKeyErrors(bad, pod)).toEqual([
      '.spec.containers: duplicate entries for key [name="a"]',
      '.spec.containers: element 2: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    ]);
  });
});
