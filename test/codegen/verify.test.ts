/**
 * Committed generated code is never stale: the CRD fixtures' output in test/codegen/generated and
 * the built-in clientset in packages/clientset/src/generated (from the OpenAPI documents in
 * packages/clientset/openapi) are regenerated in memory and compared
 * (kubekit-gen --verify), so a generator or input change without regeneration fails `npm test`.
 */
import { runCli } from '@kubekit/codegen';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

async function verify(argv: string[]) {
  let output = '';
  const code = await runCli([...argv, '--verify'], {
    stdout: (t) => (output += t),
    stderr: (t) => (output += t),
  });
  return { code, output };
}

describe('committed generated code', () => {
  it('test/codegen/generated matches kubekit-gen crd on the fixtures', async () => {
    const result = await verify([
      'crd',
      join(__dirname, 'fixtures', 'crds'),
      '--out',
      join(__dirname, 'generated'),
    ]);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('is up to date') });
  });

  it('packages/clientset/src/generated matches kubekit-gen openapi on the committed documents', async () => {
    const clientset = join(root, 'packages', 'clientset');
    const result = await verify([
      'openapi',
      join(clientset, 'openapi'),
      '--discovery',
      join(clientset, 'openapi', 'discovery.json'),
      '--runtime',
      '../runtime',
      '--out',
      join(clientset, 'src', 'generated'),
    ]);
    expect(result).toEqual({ code: 0, output: expect.stringContaining('is up to date') });
  });
});
