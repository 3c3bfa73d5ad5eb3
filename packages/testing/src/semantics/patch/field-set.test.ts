import { FieldSet, formatFieldPath, keyElement } from './field-set';

describe('FieldSet', () => {
  const fieldsV1 = {
    'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
    'f:spec': {
      'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {}, 'f:name': {} } },
      'f:finalizers': { 'v:"a"': {} },
    },
  };

  it('round-trips FieldsV1', () => {
    const set = FieldSet.fromFieldsV1(fieldsV1);
    expect(set.paths()).toEqual([
      ['f:metadata', 'f:labels'],
      ['f:metadata', 'f:labels', 'f:app'],
      ['f:spec', 'f:containers', 'k:{"name":"web"}'],
      ['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'],
      ['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:name'],
      ['f:spec', 'f:finalizers', 'v:"a"'],
    ]);
    expect(set.toFieldsV1()).toEqual(fieldsV1);
  });

  it('supports set algebra and descendant queries', () => {
    const a = FieldSet.of([['f:a'], ['f:b', 'f:c']]);
    const b = FieldSet.of([['f:b', 'f:c'], ['f:d']]);
    expect(a.union(b).paths()).toEqual([['f:a'], ['f:b', 'f:c'], ['f:d']]);
    expect(a.difference(b).paths()).toEqual([['f:a']]);
    expect(a.intersection(b).paths()).toEqual([['f:b', 'f:c']]);
    expect(a.hasDescendant(['f:b'])).toBe(true);
    expect(a.hasDescendant(['f:a'])).toBe(false);
    expect(new FieldSet().isEmpty()).toBe(true);
  });

  it.each([
    [['f:spec', 'f:replicas'], '.spec.replicas'],
    [
      ['f:spec', 'f:containers', 'k:{"name":"web"}', 'f:image'],
      '.spec.containers[name="web"].image',
    ],
    [
      ['f:spec', 'f:ports', keyElement({ protocol: 'TCP', containerPort: 80 })],
      '.spec.ports[containerPort=80,protocol="TCP"]',
    ],
    [['f:metadata', 'f:finalizers', 'v:"x"'], '.metadata.finalizers[="x"]'],
    [['f:args', 'i:2'], '.args[2]'],
  ])('formats %j as %s', (path, want) => {
    expect(formatFieldPath(path)).toBe(want);
  });
});
