import { importPath, local } from './emit-group-version';

describe('import specifiers of generated code', () => {
  it('name sibling modules with the .js extension Node ESM needs', () => {
    expect(local('client')).toBe('./client.js');
    expect(local('kubeflow.org/v1/index')).toBe('./kubeflow.org/v1/index.js');
  });

  it('make a relative module path relative to the importing directory, with .js', () => {
    expect(importPath('../runtime', 'core/v1')).toBe('../../../runtime.js');
    expect(importPath('./models', 'apps/v1')).toBe('../../models.js');
    expect(importPath('./models.js', 'v1')).toBe('../models.js');
    expect(importPath('./shared/runtime.mjs', 'v1')).toBe('../shared/runtime.mjs');
  });

  it('keep package names as they are', () => {
    expect(importPath('@kubekit/clientset', 'core/v1')).toBe('@kubekit/clientset');
  });
});
