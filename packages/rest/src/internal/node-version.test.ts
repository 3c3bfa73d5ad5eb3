import { assertSupportedNode, MinNodeMajor } from './node-version';

describe('the Node.js version check', () => {
  it('names the version needed and the one running on an older Node.js', () => {
    expect(() => assertSupportedNode('v20.20.2')).toThrow(
      'kubekit needs Node.js >= 22, this is v20.20.2',
    );
    expect(() => assertSupportedNode('v18.0.0')).toThrow('this is v18.0.0');
  });

  it('passes on supported versions, and on text it cannot read', () => {
    expect(MinNodeMajor).toBe(22);
    for (const v of ['v22.0.0', 'v24.21.0', 'v30.1.2', 'nightly']) assertSupportedNode(v);
  });
});
