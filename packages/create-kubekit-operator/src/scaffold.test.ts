/**
 * The scaffold, end to end in the workspace: a project is written to a temp dir, and its own
 * test (the controller on the in-memory API server) runs there under tsx against the workspace
 * sources of @kubekit/*. Its type check (nodenext, strict, exactOptionalPropertyTypes) needs
 * the published types, so it runs when the packages are built (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { operatorNames } from './operator-options';
import { ScaffoldError } from './scaffold-error';
import { runCli } from './run-cli';
import { projectFiles, scaffold } from './scaffold';
import { kubekitVersion } from './version';

const root = join(__dirname, '..', '..', '..');
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kubekit-scaffold-'));
  temps.push(dir);
  return dir;
}

describe('operatorNames', () => {
  it('derives the names kubekit-gen gives the generated client', () => {
    expect(
      operatorNames({ name: 'tf-operator', group: 'kubeflow.org', version: 'v1', kind: 'TFJob' }),
    ).toMatchObject({
      plural: 'tfjobs',
      groupVersion: 'kubeflowV1',
      resource: 'tfJobsResource',
      variable: 'tfJob',
      finalizer: 'kubeflow.org/cleanup',
    });
    expect(operatorNames({ name: 'my-operator' })).toMatchObject({
      group: 'example.com',
      version: 'v1alpha1',
      kind: 'Widget',
      groupVersion: 'exampleV1alpha1',
    });
  });

  it.each([
    [{ name: 'My_Operator' }, /name "My_Operator" must be a DNS label/],
    [{ name: 'op', group: 'example' }, /--group "example" must be a DNS subdomain/],
    [{ name: 'op', version: '1' }, /--version "1" must look like v1/],
    [{ name: 'op', kind: 'widget' }, /--kind "widget" must be PascalCase/],
    [{ name: 'op', plural: 'Widgets' }, /--plural "Widgets" must be a lower-case DNS label/],
  ])('rejects %j', (options, message) => {
    expect(() => operatorNames(options)).toThrow(ScaffoldError);
    expect(() => operatorNames(options)).toThrow(message);
  });
});

describe('runCli', () => {
  const streams = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) },
    };
  };

  it('prints usage on --help and fails on a missing name or a bad option', async () => {
    const help = streams();
    expect(await runCli(['--help'], help.io)).toBe(0);
    expect(help.out.stdout).toContain('--kind <Kind>');
    const none = streams();
    expect(await runCli([], none.io)).toBe(2);
    expect(none.out.stderr).toContain('expected one project name');
    const bad = streams();
    expect(await runCli(['op', '--colour'], bad.io)).toBe(2);
    const invalid = streams();
    expect(await runCli(['op', '--kind', 'x', '--dir', tempDir()], invalid.io)).toBe(1);
    expect(invalid.out.stderr).toContain('--kind "x" must be PascalCase');
  });

  it('refuses a directory that is not empty', async () => {
    const dir = tempDir();
    const first = streams();
    expect(await runCli(['op', '--dir', dir], first.io)).toBe(0);
    const second = streams();
    expect(await runCli(['op', '--dir', dir], second.io)).toBe(1);
    expect(second.out.stderr).toContain('exists and is not empty');
  });
});

describe('scaffold', () => {
  it('depends on the @kubekit version it ships with', () => {
    const own = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(kubekitVersion).toBe(own.version);
    const pkg = JSON.parse(projectFiles({ name: 'op' }).get('package.json')!) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies['@kubekit/controller']).toBe(`^${own.version}`);
  });

  it('writes a project whose own test passes on the in-memory API server', () => {
    const dir = join(tempDir(), 'crontab-operator');
    return scaffold(dir, {
      name: 'crontab-operator',
      group: 'stable.example.com',
      version: 'v1',
      kind: 'CronTab',
    }).then((files) => {
      expect(files).toEqual(
        expect.arrayContaining([
          'package.json',
          'tsconfig.json',
          'Dockerfile',
          'deploy/crd.yaml',
          'deploy/rbac.yaml',
          'deploy/deployment.yaml',
          'src/controller.ts',
          'src/main.ts',
          'src/controller.test.ts',
          'src/generated/index.ts',
          'src/generated/stable.example.com/v1/client.ts',
        ]),
      );
      expect(readFileSync(join(dir, 'src/generated/index.ts'), 'utf8')).toContain(
        'export * as stableV1 from',
      );
      symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
      const run = spawnSync(
        process.execPath,
        [
          join(root, 'node_modules/tsx/dist/cli.mjs'),
          '--conditions=@kubekit/source',
          '--test',
          'src/controller.test.ts',
        ],
        { cwd: dir, encoding: 'utf8', timeout: 120_000 },
      );
      expect(`${run.stdout}\n${run.stderr}`).toMatch(/(#|ℹ) pass 1\n/);
      expect(run.status).toBe(0);

      const built = existsSync(join(root, 'packages/controller/dist/index.d.ts'));
      if (!built) {
        console.log('packages not built: the type check of the scaffolded project is skipped');
        return;
      }
      const check = spawnSync(
        process.execPath,
        [join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', '.'],
        {
          cwd: dir,
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(check.stdout + check.stderr).toBe('');
      expect(check.status).toBe(0);
    });
  }, 180_000);
});
