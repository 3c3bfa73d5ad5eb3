import { StatusError } from '@kubekit/apimachinery';
import { applyJsonPatch, MaxJsonPatchOperations, type JsonPatchOperation } from './json-patch';
import { PatchError } from './patch-error';

describe('applyJsonPatch', () => {
  // RFC 6902 Appendix A, plus the json-patch v4 extensions kube-apiserver inherits.
  const ok: Array<[string, unknown, JsonPatchOperation[], unknown]> = [
    [
      'adds an object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { foo: 'bar', baz: 'qux' },
    ],
    [
      'adds an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [
      'removes an object member',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'remove', path: '/baz' }],
      { foo: 'bar' },
    ],
    [
      'removes an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'replaces a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'moves a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'moves an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    [
      'copies a value',
      { a: { b: 1 } },
      [{ op: 'copy', from: '/a', path: '/c' }],
      { a: { b: 1 }, c: { b: 1 } },
    ],
    [
      'passes a test',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'adds a nested object',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'appends with "-"',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc', 'def'] }],
      { foo: ['bar', ['abc', 'def']] },
    ],
    [
      'unescapes ~1 and ~0',
      { metadata: { labels: { 'app.kubernetes.io/name': 'a', 'x~y': 'b' } } },
      [
        { op: 'replace', path: '/metadata/labels/app.kubernetes.io~1name', value: 'z' },
        { op: 'remove', path: '/metadata/labels/x~0y' },
      ],
      { metadata: { labels: { 'app.kubernetes.io/name': 'z' } } },
    ],
    [
      'adding to an existing member replaces it',
      { a: 1 },
      [{ op: 'add', path: '/a', value: 2 }],
      { a: 2 },
    ],
    ['adds at index == length', { a: [1] }, [{ op: 'add', path: '/a/1', value: 2 }], { a: [1, 2] }],
    [
      'reads negative indices from the end',
      { a: [1, 2, 3] },
      [{ op: 'remove', path: '/a/-1' }],
      { a: [1, 2] },
    ],
    [
      'tests a missing path against null',
      { a: 1 },
      [{ op: 'test', path: '/b', value: null }],
      { a: 1 },
    ],
    [
      'replaces the whole document',
      { a: 1 },
      [{ op: 'replace', path: '', value: { b: 2 } }],
      { b: 2 },
    ],
    ['adds a null value', { a: 1 }, [{ op: 'add', path: '/b', value: null }], { a: 1, b: null }],
  ];
  it.each(ok)('%s', (_name, doc, ops, want) => {
    const before = structuredClone(doc);
    expect(applyJsonPatch(doc, ops)).toEqual(want);
    expect(doc).toEqual(before);
  });

  const failing: Array<[string, unknown, unknown[], string]> = [
    [
      'a failed test',
      { baz: 'qux' },
      [{ op: 'test', path: '/baz', value: 'bar' }],
      'testing value /baz failed: test failed',
    ],
    [
      'adding under a missing parent',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz/bat', value: 'qux' }],
      'add operation does not apply: doc is missing path: "/baz/bat": missing value',
    ],
    [
      'removing a missing key',
      { a: 1 },
      [{ op: 'remove', path: '/b' }],
      'unable to remove nonexistent key: b: missing value',
    ],
    [
      'replacing a missing key',
      { a: 1 },
      [{ op: 'replace', path: '/b', value: 1 }],
      'replace operation does not apply: doc is missing key: /b: missing value',
    ],
    [
      'an index out of range',
      { a: [1] },
      [{ op: 'add', path: '/a/5', value: 1 }],
      'Unable to access invalid index: 5: invalid index referenced',
    ],
    [
      'a non-numeric index',
      { a: [1] },
      [{ op: 'replace', path: '/a/x', value: 1 }],
      'replace operation does not apply: doc is missing key: /a/x: missing value',
    ],
    [
      'moving a missing value',
      { a: 1 },
      [{ op: 'move', from: '/b', path: '/c' }],
      'move operation does not apply: doc is missing from path: /b: missing value',
    ],
    ['an unknown op', { a: 1 }, [{ op: 'frobnicate', path: '/a' }], 'Unexpected kind: frobnicate'],
  ];
  it.each(failing)('rejects %s with 422 Invalid', (_name, doc, ops, message) => {
    let err: unknown;
    try {
      applyJsonPatch(doc, ops);
    } catch (e) {
      err = e;
    }
    expect(PatchError.isInstance(err)).toBe(true);
    const pe = err as PatchError;
    expect(pe.reason).toBe('ApplyFailed');
    expect(pe.message).toBe(message);
    const status = pe.toStatusError();
    expect(StatusError.isInstance(status)).toBe(true);
    expect(status.code).toBe(422);
    expect(status.reason).toBe('Invalid');
    expect(status.message).toBe('the server rejected our request due to an error in our request');
  });

  it('rejects a patch that is not an array with 400 BadRequest', () => {
    expect(() => applyJsonPatch({}, { op: 'add' })).toThrow(PatchError);
    try {
      applyJsonPatch({}, { op: 'add' });
    } catch (e) {
      expect((e as PatchError).reason).toBe('MalformedPatch');
      expect((e as PatchError).toStatusError().code).toBe(400);
    }
  });

  it('rejects more than 10000 operations with 413', () => {
    const ops = Array.from({ length: MaxJsonPatchOperations + 1 }, () => ({
      op: 'test',
      path: '',
      value: {},
    }));
    try {
      applyJsonPatch({}, ops);
      throw new Error('expected a PatchError');
    } catch (e) {
      const status = (e as PatchError).toStatusError();
      expect(status.code).toBe(413);
      expect(status.message).toBe(
        'Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001',
      );
    }
  });

  it('is atomic: a failing operation leaves the input untouched', () => {
    const doc = { a: 1 };
    expect(() =>
      applyJsonPatch(doc, [
        { op: 'replace', path: '/a', value: 2 },
        { op: 'test', path: '/a', value: 3 },
      ]),
    ).toThrow('testing value /a failed');
    expect(doc).toEqual({ a: 1 });
  });
});
