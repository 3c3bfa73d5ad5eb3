import { applyMergePatch } from './merge-patch';

describe('applyMergePatch', () => {
  // RFC 7386 Appendix A.
  const cases: Array<[unknown, unknown, unknown]> = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  it.each(cases)('merges %j with %j', (doc, patch, want) => {
    const before = structuredClone(doc);
    expect(applyMergePatch(doc, patch)).toEqual(want);
    expect(doc).toEqual(before);
  });

  it('never aliases the input document', () => {
    const doc = { spec: { template: { labels: { a: '1' } } }, other: { x: 1 } };
    const out = applyMergePatch(doc, { spec: { replicas: 2 } });
    out.other.x = 2;
    out.spec.template.labels.a = '2';
    expect(doc).toEqual({ spec: { template: { labels: { a: '1' } } }, other: { x: 1 } });
  });
});
