import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { stringify } from 'yaml';
import { configFromKubeconfig } from './client-config';
import { ConfigError } from './config-error';
import { testCerts } from './internal/testing/certs';
import { sendJson, startTestServer } from './internal/testing/http-test-server';
import { parseKubeconfig, type Kubeconfig } from './kubeconfig';
import { loadKubeconfig } from './kubeconfig-loader';
import { RESTClient } from './rest-client';

const b64 = (s: string) => Buffer.from(s).toString('base64');

function kubeconfig(name: string, extra: Partial<Kubeconfig> = {}): Kubeconfig {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: { server: `https://${name}.example:6443` } }],
    users: [{ name, user: { token: `token-${name}` } }],
    contexts: [{ name, context: { cluster: name, user: name, namespace: `ns-${name}` } }],
    'current-context': name,
    ...extra,
  };
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    if (ConfigError.isInstance(err)) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('kubeconfig', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kubekit-kubeconfig-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, content: unknown) => {
    const file = join(dir, name);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFile(file, typeof content === 'string' ? content : stringify(content));
    return file;
  };

  it('turns the current context of a plain object into a RestConfig, decoding base64 data', () => {
    const kc = kubeconfig('dev');
    kc.clusters![0]!.cluster['certificate-authority-data'] = b64(
      '-----BEGIN CERTIFICATE-----\nCA\n',
    );
    kc.clusters![0]!.cluster['tls-server-name'] = 'api.internal';
    expect(configFromKubeconfig(kc)).toEqual({
      server: 'https://dev.example:6443',
      caData: '-----BEGIN CERTIFICATE-----\nCA\n',
      tlsServerName: 'api.internal',
      bearerToken: 'token-dev',
      namespace: 'ns-dev',
    });
  });

  it('accepts YAML text, an explicit context, a namespace and overrides', () => {
    const kc = kubeconfig('a');
    kc.clusters!.push(...kubeconfig('b').clusters!);
    kc.users!.push({
      name: 'b',
      user: { username: 'u', password: 'p', as: 'jane', 'as-groups': ['devs'] },
    });
    kc.contexts!.push({ name: 'b', context: { cluster: 'b', user: 'b' } });
    const config = configFromKubeconfig(stringify(kc), { context: 'b', overrides: { qps: 50 } });
    expect(config).toEqual({
      server: 'https://b.example:6443',
      username: 'u',
      password: 'p',
      impersonate: { user: 'jane', groups: ['devs'] },
      namespace: 'default',
      qps: 50,
    });
    expect(configFromKubeconfig(kc, { namespace: 'x' }).namespace).toBe('x');
  });

  it.each([
    [
      'no context is selected',
      { 'current-context': undefined },
      {},
      'NotFound',
      'no context selected',
    ],
    [
      'the context is missing',
      {},
      { context: 'nope' },
      'NotFound',
      'context "nope" does not exist',
    ],
    [
      'the cluster is missing',
      { clusters: [] },
      {},
      'NotFound',
      'cluster "c" does not exist (cluster "c", context "c")',
    ],
    [
      'the user is missing',
      { users: [] },
      {},
      'NotFound',
      'user "c" does not exist (user "c", context "c")',
    ],
    [
      'the server is missing',
      { clusters: [{ name: 'c', cluster: { server: '' } }] },
      {},
      'Invalid',
      'no server (field "server", cluster "c", context "c")',
    ],
    [
      'proxy-url is set',
      {
        clusters: [{ name: 'c', cluster: { server: 'https://x', 'proxy-url': 'socks5://p:1080' } }],
      },
      {},
      'Unsupported',
      'proxy-url is not supported',
    ],
    [
      'a key has no certificate',
      { users: [{ name: 'c', user: { 'client-key-data': b64('k') } }] },
      {},
      'Invalid',
      'field "client-certificate"',
    ],
    [
      'certificate data is not base64',
      { users: [{ name: 'c', user: { 'client-certificate-data': '!!', 'client-key-data': 'a' } }] },
      {},
      'Invalid',
      'field "client-certificate-data"',
    ],
  ])('reports a ConfigError when %s', (_what, patch, options, reason, message) => {
    const err = errorOf(() =>
      configFromKubeconfig({ ...kubeconfig('c'), ...patch } as Kubeconfig, options),
    );
    expect(err.reason).toBe(reason);
    expect(err.message).toContain(message);
  });

  it('names the file, context, cluster and field at fault in errors from loaded files', async () => {
    const file = await write('config', {
      ...kubeconfig('c'),
      clusters: [{ name: 'c', cluster: { server: 'ftp://x' } }],
    });
    const err = errorOf(() => configFromKubeconfig(loadKubeconfig({ path: file })));
    expect(err.location).toEqual({ file, context: 'c', cluster: 'c', field: 'server' });
    expect(err.message).toContain(file);
  });

  it('rejects invalid YAML and shapes that are not a kubeconfig, naming the file', async () => {
    const bad = await write('bad', 'clusters: [\n');
    expect(errorOf(() => loadKubeconfig({ path: bad }))).toMatchObject({
      reason: 'Malformed',
      location: { file: bad },
    });
    const list = await write('list', '- a\n');
    expect(errorOf(() => loadKubeconfig({ path: list })).message).toContain('must be a YAML map');
    const noName = await write('noname', { users: [{ user: {} }] });
    expect(errorOf(() => loadKubeconfig({ path: noName })).message).toContain(
      'users[0] must have a string "name"',
    );
    expect(parseKubeconfig('')).toEqual({});
  });

  it('fails for a missing explicit file but skips missing KUBECONFIG entries', async () => {
    expect(errorOf(() => loadKubeconfig({ path: join(dir, 'none') })).reason).toBe('FileNotFound');
    const a = await write('a', kubeconfig('a'));
    const kc = loadKubeconfig({ env: { KUBECONFIG: [join(dir, 'missing'), a].join(delimiter) } });
    expect(kc['current-context']).toBe('a');
  });

  it('merges KUBECONFIG files with first-wins semantics for names and current-context', async () => {
    const first = kubeconfig('shared');
    delete first['current-context'];
    first.users = [{ name: 'shared', user: { token: 'from-first' } }];
    const second = kubeconfig('shared', { 'current-context': 'second' });
    second.users = [
      { name: 'shared', user: { token: 'from-second' } },
      { name: 'second', user: { token: 't2' } },
    ];
    second.contexts!.push({ name: 'second', context: { cluster: 'shared', user: 'second' } });
    const third = kubeconfig('third');
    const files = [await write('1', first), await write('2', second), await write('3', third)];
    const kc = loadKubeconfig({ env: { KUBECONFIG: files.join(delimiter) } });
    expect(kc['current-context']).toBe('second');
    expect(kc.users!.map((u) => [u.name, u.user.token])).toEqual([
      ['shared', 'from-first'],
      ['second', 't2'],
      ['third', 'token-third'],
    ]);
    expect(kc.contexts!.map((c) => c.name)).toEqual(['shared', 'second', 'third']);
    expect(configFromKubeconfig(kc, { context: 'shared' }).bearerToken).toBe('from-first');
  });

  it('reads ~/.kube/config when KUBECONFIG is unset, and yields an empty config when it is missing', async () => {
    await write('.kube/config', kubeconfig('home'));
    expect(loadKubeconfig({ env: { HOME: dir } })['current-context']).toBe('home');
    expect(loadKubeconfig({ env: { HOME: join(dir, 'nobody') } }).contexts).toEqual([]);
  });

  it('resolves certificate, key, CA and token paths relative to their kubeconfig and uses them over TLS', async () => {
    const certs = await testCerts();
    const server = await startTestServer({ tls: true });
    server.handle((_req, res, seen) =>
      sendJson(res, 200, { cn: seen.clientCN, auth: seen.headers.authorization }),
    );
    await write('pki/ca.crt', certs.ca);
    await write('pki/client.crt', certs.clientCert);
    await write('pki/client.key', certs.clientKey);
    await write('tokens/t', 'file-token\n');
    const file = await write('conf/kubeconfig', {
      clusters: [
        {
          name: 'local',
          cluster: { server: server.url, 'certificate-authority': '../pki/ca.crt' },
        },
      ],
      users: [
        {
          name: 'jane',
          user: {
            'client-certificate': '../pki/client.crt',
            'client-key': '../pki/client.key',
            tokenFile: '../tokens/t',
          },
        },
      ],
      contexts: [{ name: 'local', context: { cluster: 'local', user: 'jane' } }],
      'current-context': 'local',
    });
    const config = configFromKubeconfig(loadKubeconfig({ path: file }));
    expect(config).toMatchObject({
      caFile: join(dir, 'pki/ca.crt'),
      certFile: join(dir, 'pki/client.crt'),
      keyFile: join(dir, 'pki/client.key'),
      bearerTokenFile: join(dir, 'tokens/t'),
    });
    const client = new RESTClient(config);
    await expect(client.get().absPath('/whoami').do()).resolves.toEqual({
      cn: 'jane',
      auth: 'Bearer file-token',
    });
    await client.close();
    await server.close();
  });

  it('reports a CA file that cannot be read when the client is created', async () => {
    const err = errorOf(
      () => new RESTClient({ server: 'https://x', caFile: join(dir, 'missing.crt') }),
    );
    expect(err).toMatchObject({
      reason: 'FileNotFound',
      location: { file: join(dir, 'missing.crt'), field: 'caFile' },
    });
  });
});
