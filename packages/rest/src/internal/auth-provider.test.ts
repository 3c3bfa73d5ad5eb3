import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { CredentialError } from '../credential-error';
import { RESTClient } from '../rest-client';
import { sendJson, startTestServer } from './testing/http-test-server';

const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

// client-node is ESM-only and jest (without VM modules) cannot load ES modules, so the real
// delegation runs in a child Node process, as a user's program would.
const probe = (indexPath: string) => `
import { configFromKubeconfig, RESTClient } from ${JSON.stringify(indexPath)};
const config = configFromKubeconfig(process.env.KUBECONFIG_YAML);
const client = new RESTClient({ ...config, warningHandler: null });
try {
  process.stdout.write(JSON.stringify(await client.get().resource('pods').do()));
} finally {
  await client.close();
}
`;

describe('auth-provider delegated to @kubernetes/client-node', () => {
  it('sends the id-token of an oidc provider that has not expired', async () => {
    const idToken = `${b64url({ alg: 'none' })}.${b64url({ sub: 'jane', exp: 4102444800 })}.sig`;
    const server = await startTestServer();
    server.handle((req, res) => sendJson(res, 200, { auth: req.headers.authorization }));
    const dir = await mkdtemp(join(tmpdir(), 'kubekit-oidc-'));
    try {
      const script = join(dir, 'probe.mts');
      await writeFile(script, probe(resolve(__dirname, '../index.ts')));
      const kubeconfig = JSON.stringify({
        clusters: [{ name: 'c', cluster: { server: server.url } }],
        users: [
          {
            name: 'u',
            user: {
              'auth-provider': {
                name: 'oidc',
                config: {
                  'id-token': idToken,
                  'client-id': 'kubectl',
                  'idp-issuer-url': 'https://issuer.invalid',
                },
              },
            },
          },
        ],
        contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'c',
      });
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--conditions=@kubekit/source', '--import', 'tsx', script],
        {
          env: { ...process.env, KUBECONFIG_YAML: kubeconfig },
          cwd: resolve(__dirname, '../..'),
        },
      );
      expect(JSON.parse(stdout)).toEqual({ auth: `Bearer ${idToken}` });
    } finally {
      await rm(dir, { recursive: true, force: true });
      await server.close();
    }
  }, 90_000);

  it('wraps a failure to load or run the provider in CredentialError AuthProvider', async () => {
    const client = new RESTClient({
      server: 'http://127.0.0.1:1',
      authProvider: { name: 'oidc' },
      warningHandler: null,
    });
    const err = await client
      .get()
      .resource('pods')
      .do()
      .catch((e: unknown) => e);
    expect(CredentialError.isInstance(err)).toBe(true);
    expect((err as CredentialError).reason).toBe('AuthProvider');
    await client.close();
  });
});
