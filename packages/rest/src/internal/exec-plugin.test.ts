import { FakeClock } from '@kubekit/apimachinery';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { configFromKubeconfig } from '../client-config';
import type { ExecConfig } from '../config';
import { CredentialError } from '../credential-error';
import { loadKubeconfig } from '../kubeconfig-loader';
import { RESTClient } from '../rest-client';
import { testCerts } from './testing/certs';
import { sendJson, startTestServer, type TestServer } from './testing/http-test-server';

// The plugin counts its runs in a file, prints a token carrying that count, and copies
// KUBERNETES_EXEC_INFO to a file for the test to read.
const pluginSource = `
const fs = require('node:fs');
const path = require('node:path');
const dir = path.dirname(__filename);
const count = Number(fs.existsSync(dir + '/count') ? fs.readFileSync(dir + '/count', 'utf8') : 0) + 1;
fs.writeFileSync(dir + '/count', String(count));
fs.writeFileSync(dir + '/exec-info.json', process.env.KUBERNETES_EXEC_INFO || '');
if (process.env.MODE === 'fail') { process.stderr.write('login required: run "acme login"'); process.exit(3); }
if (process.env.MODE === 'garbage') { process.stdout.write('not json'); process.exit(0); }
const status = process.env.MODE === 'cert'
  ? { clientCertificateData: fs.readFileSync(dir + '/client.crt', 'utf8'), clientKeyData: fs.readFileSync(dir + '/client.key', 'utf8') }
  : { token: 'exec-token-' + count };
if (process.env.EXPIRES) status.expirationTimestamp = process.env.EXPIRES;
process.stdout.write(JSON.stringify({ apiVersion: process.env.API, kind: 'ExecCredential', status }));
`;

describe('exec credential plugins', () => {
  let dir: string;
  let server: TestServer;
  const clients: RESTClient[] = [];
  beforeAll(async () => {
    server = await startTestServer({ tls: true });
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubekit-exec-'));
    await mkdir(join(dir, 'bin'));
    await writeFile(join(dir, 'bin/plugin.js'), pluginSource);
    await writeFile(
      join(dir, 'bin/plugin'),
      `#!/bin/sh\nexec "$NODE_BIN" "$(dirname "$0")/plugin.js" "$@"\n`,
    );
    await chmod(join(dir, 'bin/plugin'), 0o755);
    server.requests.length = 0;
    server.handle((req, res, seen) =>
      req.headers.authorization === 'Bearer exec-token-1' // the first token is revoked
        ? sendJson(res, 401, { kind: 'Status', code: 401, reason: 'Unauthorized' })
        : sendJson(res, 200, { auth: req.headers.authorization, cn: seen.clientCN }),
    );
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.destroy()));
    await rm(dir, { recursive: true, force: true });
  });

  const runs = async () => Number(await readFile(join(dir, 'bin/count'), 'utf8'));
  const exec = (
    env: Record<string, string>,
    apiVersion = 'client.authentication.k8s.io/v1',
  ): ExecConfig => ({
    command: process.execPath,
    args: [join(dir, 'bin/plugin.js')],
    apiVersion,
    env: Object.entries({ API: apiVersion, ...env }).map(([name, value]) => ({ name, value })),
  });
  const client = (execConfig: ExecConfig, clock?: FakeClock) => {
    const c = new RESTClient(
      { server: server.url, caData: server.ca, exec: execConfig, warningHandler: null },
      clock ? { clock } : {},
    );
    clients.push(c);
    return c;
  };

  it('runs a relative plugin command from a kubeconfig, re-runs it after a 401 and caches the token', async () => {
    const file = join(dir, 'kubeconfig');
    await writeFile(
      file,
      stringify({
        clusters: [
          {
            name: 'c',
            cluster: {
              server: server.url,
              'certificate-authority-data': Buffer.from(server.ca).toString('base64'),
            },
          },
        ],
        users: [
          {
            name: 'u',
            user: {
              exec: {
                command: './bin/plugin',
                apiVersion: 'client.authentication.k8s.io/v1',
                env: [
                  { name: 'NODE_BIN', value: process.execPath },
                  { name: 'API', value: 'client.authentication.k8s.io/v1' },
                ],
                provideClusterInfo: true,
                interactiveMode: 'IfAvailable',
              },
            },
          },
        ],
        contexts: [{ name: 'c', context: { cluster: 'c', user: 'u' } }],
        'current-context': 'c',
      }),
    );
    const config = configFromKubeconfig(loadKubeconfig({ path: file }));
    expect(config.exec!.command).toBe(join(dir, 'bin/plugin'));
    const c = client(config.exec!);
    // the first token gets a 401: the plugin runs again and the request is repeated once
    await expect(c.get().resource('pods').do()).resolves.toMatchObject({
      auth: 'Bearer exec-token-2',
    });
    await expect(c.get().resource('pods').do()).resolves.toMatchObject({
      auth: 'Bearer exec-token-2',
    });
    expect(await runs()).toBe(2);
    const info = JSON.parse(await readFile(join(dir, 'bin/exec-info.json'), 'utf8'));
    expect(info).toMatchObject({
      apiVersion: 'client.authentication.k8s.io/v1',
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        cluster: {
          server: server.url,
          'certificate-authority-data': Buffer.from(server.ca).toString('base64'),
        },
      },
    });
  });

  it('runs the plugin once for concurrent requests and again when the credential expires', async () => {
    const clock = new FakeClock({ now: Date.parse('2030-01-01T00:00:00Z') });
    const c = client(
      exec({ EXPIRES: '2030-01-01T00:10:00Z' }, 'client.authentication.k8s.io/v1beta1'),
      clock,
    );
    server.handle((req, res) => sendJson(res, 200, { auth: req.headers.authorization }));
    const results = await Promise.all([1, 2, 3].map(() => c.get().resource('pods').do()));
    expect(results).toEqual(Array(3).fill({ auth: 'Bearer exec-token-1' }));
    expect(await runs()).toBe(1);
    clock.step(10 * 60_000 - 1);
    await c.get().resource('pods').do();
    expect(await runs()).toBe(1);
    clock.step(1);
    await expect(c.get().resource('pods').do()).resolves.toEqual({ auth: 'Bearer exec-token-2' });
    expect(await runs()).toBe(2);
  });

  it('uses a client certificate returned by the plugin', async () => {
    const certs = await testCerts();
    await writeFile(join(dir, 'bin/client.crt'), certs.clientCert);
    await writeFile(join(dir, 'bin/client.key'), certs.clientKey);
    await expect(
      client(exec({ MODE: 'cert' }))
        .get()
        .resource('pods')
        .do(),
    ).resolves.toEqual({ cn: 'jane' });
  });

  it.each([
    ['exits non-zero', { MODE: 'fail' }, 'exited with code 3: login required: run "acme login"'],
    ['prints no JSON', { MODE: 'garbage' }, 'printed 8 bytes that are not JSON'],
    [
      'answers another apiVersion',
      { API: 'client.authentication.k8s.io/v1beta1' },
      'want ExecCredential client.authentication.k8s.io/v1',
    ],
  ])('fails with CredentialError ExecFailed when the plugin %s', async (_what, env, message) => {
    const err = await client(exec(env))
      .get()
      .resource('pods')
      .do()
      .catch((e: unknown) => e);
    expect(CredentialError.isInstance(err)).toBe(true);
    expect((err as CredentialError).reason).toBe('ExecFailed');
    expect((err as Error).message).toContain(message);
    expect(server.requests).toHaveLength(0);
  });

  it('prints the install hint when the command does not exist', async () => {
    const err = await client({
      command: join(dir, 'nope'),
      apiVersion: 'client.authentication.k8s.io/v1',
      installHint: 'install acme-login from acme.example',
    })
      .get()
      .resource('pods')
      .do()
      .catch((e: unknown) => e);
    expect((err as Error).message).toContain('install acme-login from acme.example');
  });
});
