/**
 * No credential ever appears in an error or in `util.inspect()` output: a token, a password and a
 * client key are planted in every place they can live (kubeconfig fields, exec plugin output and
 * environment, auth-provider config, TLS material) and every error the library raises on the
 * way, and every public object holding them, is searched for them.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { stringify } from 'yaml';
import { configFromKubeconfig } from './client-config';
import type { ExecConfig, RestConfig } from './config';
import { DiscoveryClient } from './discovery-client';
import { DynamicClient } from './dynamic-client';
import { testCerts } from './internal/testing/certs';
import { sendJson, startTestServer, type TestServer } from './internal/testing/http-test-server';
import { parseKubeconfig, type Kubeconfig } from './kubeconfig';
import { loadKubeconfig } from './kubeconfig-loader';
import { loadConfig } from './load-config';
import { RESTClient } from './rest-client';

const token = 'planted-token-4b1d2e';
const password = 'planted-password-8c3f';

describe('secrets never leak into errors or inspect()', () => {
  let key: string;
  let cert: string;
  let secrets: string[];
  let dir: string;
  let tls: TestServer;
  const clients: RESTClient[] = [];

  beforeAll(async () => {
    const certs = await testCerts();
    key = certs.clientKey;
    cert = certs.clientCert;
    const keyBody = key.split('\n').filter((l) => l && !l.startsWith('-----'));
    // The key as PEM (any line of its body) and as base64 of the PEM (kubeconfig's -data form).
    secrets = [
      token,
      password,
      ...keyBody,
      Buffer.from(key).toString('base64').slice(30, 70),
      Buffer.from(token).toString('base64'),
    ];
    dir = await mkdtemp(join(tmpdir(), 'kubekit-secrets-'));
    tls = await startTestServer({ tls: true, handler: (_req, res) => sendJson(res, 200, {}) });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.destroy()));
    await tls.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Everything a user could see of `value`: message, stack, and inspect() with causes. */
  function expectNoSecret(value: unknown, what: string): void {
    const err = value as Error;
    const text = [
      inspect(value, { depth: 20 }),
      value instanceof Error ? `${err.message}\n${err.stack}` : '',
    ].join('\n');
    for (const secret of secrets)
      if (text.includes(secret)) throw new Error(`${what} shows a planted secret:\n${text}`);
  }

  const caught = (fn: () => unknown): unknown => {
    try {
      fn();
    } catch (err) {
      return err;
    }
    throw new Error('expected an error');
  };

  const user = () => ({
    token,
    password,
    username: 'admin',
    'client-certificate-data': Buffer.from(cert).toString('base64'),
    'client-key-data': Buffer.from(key).toString('base64'),
  });
  const kubeconfig = (
    cluster: Record<string, unknown>,
    u: Record<string, unknown> = user(),
  ): Kubeconfig =>
    ({
      clusters: [{ name: 'c', cluster: { server: 'https://127.0.0.1:6443', ...cluster } }],
      users: [{ name: 'u', user: u }],
      contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
      'current-context': 'x',
    }) as Kubeconfig;

  it('kubeconfig loading: syntax errors, bad fields, bad URLs, missing files', async () => {
    const text = stringify(kubeconfig({}));
    const errors: [string, unknown][] = [
      // A YAML syntax error on the token's line: the parser's message would quote it.
      [
        'yaml error',
        caught(() =>
          parseKubeconfig(text.replace(`token: ${token}`, `token: ${token}\n   bad: [`)),
        ),
      ],
      [
        'unterminated quote',
        caught(() => parseKubeconfig(text.replace(`token: ${token}`, `token: "${token}`))),
      ],
      [
        'json error',
        caught(() =>
          parseKubeconfig(JSON.stringify(kubeconfig({})).replace(`"${token}"`, `"${token}" x`)),
        ),
      ],
      [
        'bad key base64',
        caught(() =>
          configFromKubeconfig(kubeconfig({}, { ...user(), 'client-key-data': `${token}!` })),
        ),
      ],
      [
        'cert without key',
        caught(() =>
          configFromKubeconfig(
            kubeconfig(
              {},
              { token, 'client-certificate-data': Buffer.from(cert).toString('base64') },
            ),
          ),
        ),
      ],
      [
        'server with credentials',
        caught(() => configFromKubeconfig(kubeconfig({ server: `ftp://admin:${password}@host` }))),
      ],
      [
        'proxy-url with credentials',
        caught(() =>
          configFromKubeconfig(kubeconfig({ 'proxy-url': `http://admin:${password}@proxy:3128` })),
        ),
      ],
      ['missing user', caught(() => configFromKubeconfig({ ...kubeconfig({}), users: [] }))],
      ['missing context', caught(() => configFromKubeconfig(kubeconfig({}), { context: 'nope' }))],
      [
        'client with a bad server',
        caught(
          () =>
            new RESTClient({
              server: `gopher://u:${password}@h`,
              bearerToken: token,
              keyData: key,
            }),
        ),
      ],
    ];
    const file = join(dir, 'broken.yaml');
    await writeFile(file, text.replace(`password: ${password}`, `password: ${password}\n  - [`));
    errors.push(['file with a yaml error', caught(() => loadKubeconfig({ path: file }))]);
    errors.push(['loadConfig', caught(() => loadConfig({ path: file }))]);
    errors.push(['missing file', caught(() => loadKubeconfig({ path: join(dir, 'none') }))]);
    for (const [what, err] of errors) expectNoSecret(err, what);
    expect((errors[0]![1] as Error).message).toMatch(
      /invalid kubeconfig YAML \(\w+\) \(line \d+, column \d+\)/,
    );
  });

  /** A GET against the TLS test server with `config`, which must fail: the client and its error. */
  async function failedRequest(
    config: Partial<RestConfig>,
  ): Promise<{ client: RESTClient | undefined; err: unknown }> {
    let client: RESTClient | undefined;
    const err = await Promise.resolve()
      .then(() => {
        client = new RESTClient({ server: tls.url, warningHandler: null, ...config });
        clients.push(client);
        return client.get().resource('pods').do();
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    return { client, err };
  }

  /** An exec plugin: a node script printing `stdout` (and `stderr`) and exiting with `code`. */
  async function plugin(name: string, stdout: string, code = 0): Promise<ExecConfig> {
    const file = join(dir, `${name}.js`);
    await writeFile(
      file,
      `process.stdout.write(${JSON.stringify(stdout)}); process.stderr.write('plugin says no'); process.exit(${code});`,
    );
    return {
      command: process.execPath,
      args: [file],
      apiVersion: 'client.authentication.k8s.io/v1',
      env: [{ name: 'SECRET', value: token }],
    };
  }
  const credential = (status: unknown, kind = 'ExecCredential') =>
    JSON.stringify({ apiVersion: 'client.authentication.k8s.io/v1', kind, status });

  it('exec plugins: output that is not JSON or not an ExecCredential, failures', async () => {
    const cases: [string, ExecConfig][] = [
      ['not JSON', await plugin('garbage', `token=${token} password=${password}`)],
      ['truncated JSON', await plugin('truncated', credential({ token }).slice(0, -3))],
      ['wrong kind', await plugin('kind', credential({ token }, token))],
      ['bad expiry', await plugin('expiry', credential({ token, expirationTimestamp: token }))],
      ['half a certificate', await plugin('half', credential({ clientKeyData: key }))],
      ['no status', await plugin('status', JSON.stringify({ apiVersion: token, kind: password }))],
      ['exit code', await plugin('exit', credential({ token }), 2)],
      [
        'not found',
        {
          command: join(dir, 'missing'),
          args: ['--token', token], // Node's spawn error lists the arguments (spawnargs)
          apiVersion: 'client.authentication.k8s.io/v1',
        },
      ],
    ];
    for (const [what, exec] of cases)
      expectNoSecret((await failedRequest({ caData: tls.ca, exec })).err, `exec plugin: ${what}`);
  });

  it('auth providers: a failing oidc refresh', async () => {
    const { client, err } = await failedRequest({
      caData: tls.ca,
      authProvider: {
        name: 'oidc',
        config: {
          'client-id': 'kubekit',
          'client-secret': password,
          'id-token': `${token}.not-a-jwt`,
          'refresh-token': token,
          'idp-issuer-url': 'http://127.0.0.1:1',
        },
      },
    });
    expectNoSecret(err, 'auth-provider');
    expectNoSecret(client!, 'client with an auth-provider');
  });

  it('TLS: untrusted server, unusable or mismatched client keys', async () => {
    const other = (await import('node:crypto')).generateKeyPairSync('ec', {
      namedCurve: 'P-256',
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    }).privateKey;
    const configs: [string, Partial<RestConfig>][] = [
      ['untrusted server', { certData: cert, keyData: key }],
      [
        'garbage key',
        {
          caData: tls.ca,
          certData: cert,
          keyData: `-----BEGIN PRIVATE KEY-----\n${token}\n-----END PRIVATE KEY-----\n`,
        },
      ],
      ['mismatched key', { caData: tls.ca, certData: cert, keyData: other }],
      ['key without cert', { caData: tls.ca, keyData: key }],
    ];
    secrets.push(...other.split('\n').filter((l) => l && !l.startsWith('-----')));
    for (const [what, config] of configs)
      expectNoSecret((await failedRequest({ bearerToken: token, ...config })).err, `TLS: ${what}`);
  });

  it('inspect() of configs, kubeconfigs and clients', async () => {
    const kc = kubeconfig(
      {},
      {
        ...user(),
        exec: { command: 'x', apiVersion: 'v1', env: [{ name: 'TOKEN', value: token }] },
        'auth-provider': { name: 'oidc', config: { 'id-token': token, 'client-secret': password } },
      },
    );
    const file = join(dir, 'config.yaml');
    await writeFile(file, stringify(kc));
    const config = configFromKubeconfig(kc);
    const client = new RESTClient({ ...config, exec: undefined, authProvider: undefined });
    clients.push(client);
    const objects: [string, unknown][] = [
      ['configFromKubeconfig()', config],
      ['loadConfig()', loadConfig({ path: file })],
      ['parseKubeconfig()', parseKubeconfig(stringify(kc))],
      ['loadKubeconfig()', loadKubeconfig({ path: file })],
      ['RESTClient', client],
      ['RESTClient.config', client.config],
      ['a request', client.get().resource('pods')],
      ['DynamicClient', new DynamicClient(client)],
      ['DiscoveryClient', new DiscoveryClient(client)],
    ];
    for (const [what, value] of objects) expectNoSecret(value, what);
    // Still usable: redaction is only in what is printed.
    expect(config.bearerToken).toBe(token);
    expect(JSON.parse(JSON.stringify(config)).password).toBe(password);
    expect(inspect(client)).toContain('[REDACTED]');
    expect(inspect(client)).toContain('https://127.0.0.1:6443');
  });
});
