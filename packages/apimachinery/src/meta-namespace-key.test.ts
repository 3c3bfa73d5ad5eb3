import { metaNamespaceKey, splitMetaNamespaceKey } from './meta-namespace-key';
import { ObjectKeyError } from './object-key-error';

describe('metaNamespaceKey / splitMetaNamespaceKey', () => {
  it('keys namespaced objects as ns/name and cluster-scoped ones as name', () => {
    expect(metaNamespaceKey({ metadata: { namespace: 'ns', name: 'web' } })).toBe('ns/web');
    expect(metaNamespaceKey({ metadata: { name: 'node-1' } })).toBe('node-1');
    expect(metaNamespaceKey({ metadata: { namespace: '', name: 'n' } })).toBe('n');
    expect(metaNamespaceKey({})).toBe('');
  });

  it('splits keys back, rejecting more than one slash', () => {
    expect(splitMetaNamespaceKey('ns/web')).toEqual({ namespace: 'ns', name: 'web' });
    expect(splitMetaNamespaceKey('node-1')).toEqual({ namespace: '', name: 'node-1' });
    expect(splitMetaNamespaceKey('/x')).toEqual({ namespace: '', name: 'x' });
    let err: unknown;
    try {
      splitMetaNamespaceKey('a/b/c');
    } catch (e) {
      err = e;
    }
    expect(ObjectKeyError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({
      reason: 'UnexpectedFormat',
      key: 'a/b/c',
      message: 'unexpected key format: "a/b/c"',
    });
  });
});
