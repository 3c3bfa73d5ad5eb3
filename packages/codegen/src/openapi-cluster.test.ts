import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamicClient, RESTClient, type RestConfig } from '@kubekit/rest';
import { startApiServer, type ApiServer } from '@kubekit/testing';
import { runCli } from './run-cli';

/** A CRD someone else installed: kubekit-gen only sees what the cluster publishes. */
const cronTabs = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'crontabs.stable.example.com' },
  spec: {
    group: 'stable.example.com',
    scope: 'Namespaced',
    names: { kind: 'CronTab', plural: 'crontabs', singular: 'crontab', shortNames: ['ct'] },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: { status: {} },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['cronSpec'],
                properties: {
                  cronSpec: { type: 'string', description: 'When to run, in cron format.' },
                  replicas: { type: 'integer' },
                  concurrency: { type: 'string', enum: ['Allow', 'Forbid'] },
                  port: { 'x-kubernetes-int-or-string': true },
                },
              },
              status: {
                type: 'object',
                properties: { lastRun: { type: 'string', format: 'date-time' } },
              },
            },
          },
        },
      },
    ],
  },
};

/** The part of a generated `clientset.ts` this test calls (codegen does not depend on @kubekit/clientset). */
interface GeneratedClientsetModule {
  Clientset: {
    fromConfig(config: RestConfig): {
      coreV1: { configMaps(namespace: string): Lister & { create(obj: object): Promise<unknown> } };
      stableV1: { cronTabs(namespace: string): Lister };
      close(): Promise<void>;
    };
  };
}
interface Lister {
  list(): Promise<{ items: unknown[] }>;
}

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('kubekit-gen openapi --from-cluster', () => {
  let server: ApiServer;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    server = await startApiServer();
    const client = new RESTClient({
      server: server.url,
      caData: server.caPem,
      bearerToken: server.token,
    });
    await new DynamicClient(client)
      .resource({
        group: 'apiextensions.k8s.io',
        version: 'v1',
        resource: 'customresourcedefinitions',
      })
      .create(cronTabs);
    await client.close();
    await server.settle();
    dir = await fs.mkdtemp(join(tmpdir(), 'kubekit-gen-cluster-'));
    kubeconfig = join(dir, 'kubeconfig');
    await fs.writeFile(kubeconfig, server.kubeconfigYaml);
  });

  afterAll(async () => {
    await server.stop();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('types, clients and informers of a CRD from the cluster, with its short names; --verify agrees', async () => {
    const out = join(dir, 'generated');
    const argv = [
      'openapi',
      '--from-cluster',
      '--kubeconfig',
      kubeconfig,
      '--group-version',
      'stable.example.com/v1',
      '--out',
      out,
    ];
    expect(await run(...argv)).toMatchObject({ code: 0, stdout: expect.stringContaining('wrote') });
    const types = await fs.readFile(join(out, 'stable.example.com/v1/types.ts'), 'utf8');
    expect(types).toContain('export interface CronTab {');
    expect(types).toContain('metadata?: metaV1.ObjectMeta;');
    expect(types).toMatch(/\* When to run, in cron format\.\n\s+\*\/\n\s+cronSpec: string;/);
    expect(types).toContain("concurrency?: 'Allow' | 'Forbid';");
    expect(types).toContain('port?: number | string;');
    expect(types).toContain('export interface CronTabList {');
    const client = await fs.readFile(join(out, 'stable.example.com/v1/client.ts'), 'utf8');
    expect(client).toContain("shortNames: ['ct'],");
    expect(client).toContain("subresources: ['status'],");
    expect(client).toContain(
      'export type CronTabInterface = Omit<ResourceClient<CronTab, CronTabList>, ScaleMethods>;',
    );
    const informers = await fs.readFile(join(out, 'stable.example.com/v1/informers.ts'), 'utf8');
    expect(informers).toContain('cronTabs(): GenericInformer<CronTab>');
    const meta = await fs.readFile(join(out, 'apimachinery/pkg/apis/meta/v1/types.ts'), 'utf8');
    expect(meta).toContain('export type Time = string;');
    expect(await run(...argv, '--verify')).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('up to date'),
    });
    // only a custom group: the Clientset extends the built-in one (one client, coreV1 included)
    await fs.symlink(join(__dirname, '..', '..', '..', 'node_modules'), join(dir, 'node_modules'));
    const generated = (await import(join(out, 'clientset.ts'))) as GeneratedClientsetModule;
    const cs = generated.Clientset.fromConfig({
      server: server.url,
      caData: server.caPem,
      bearerToken: server.token,
    });
    try {
      await cs.coreV1.configMaps('default').create({ metadata: { name: 'built-in' } });
      expect((await cs.coreV1.configMaps('default').list()).items).toHaveLength(1);
      expect((await cs.stableV1.cronTabs('default').list()).items).toEqual([]);
    } finally {
      await cs.close();
    }
  });

  it('names a group version the cluster does not publish, and refuses input files', async () => {
    const out = join(dir, 'none');
    const missing = await run(
      'openapi',
      '--from-cluster',
      '--kubeconfig',
      kubeconfig,
      '--group-version',
      'nope.example.com/v1',
      '--out',
      out,
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      'the cluster publishes no OpenAPI document of nope.example.com/v1',
    );
    const both = await run('openapi', 'docs', '--from-cluster', '--out', out);
    expect(both).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--from-cluster reads no input files'),
    });
    await expect(fs.stat(out)).rejects.toThrow();
  });
});
