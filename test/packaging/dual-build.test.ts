/**
 * The published builds, loaded the way users load them: each package entry point through its
 * exports map, once with `require` (the CJS build) and once with `import` (the ESM build), by
 * plain Node in a child process (no jest transform, no `@kubekit/source` condition). Both builds
 * must expose the same named exports, and a branded error made by one copy must be recognised by
 * the other (the dual-package promise of docs/architecture.md, Conventions:
 * `StatusError.isInstance`, not `instanceof`).
 *
 * Needs `npm run build` (`npm test` builds before jest); entry points without a dist/ are skipped
 * with a message saying so.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

interface Conditional {
  import?: { default?: string };
  require?: { default?: string };
}
interface EntryPoint {
  specifier: string;
  esm: string;
  cjs: string;
}

/** Every `@kubekit/<pkg>[/<subpath>]` entry point declared in a package's exports map. */
function entryPoints(): EntryPoint[] {
  return readdirSync(join(root, 'packages')).flatMap((dir) => {
    const pkgPath = join(root, 'packages', dir, 'package.json');
    if (!existsSync(pkgPath)) return [];
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as {
      name: string;
      exports: Record<string, Conditional | string>;
    };
    return Object.entries(pkg.exports)
      .filter(([subpath, target]) => subpath !== './package.json' && typeof target === 'object')
      .map(([subpath, target]) => {
        const { import: esm, require: cjs } = target as Conditional;
        return {
          specifier: pkg.name + subpath.slice(1),
          esm: join(root, 'packages', dir, esm?.default ?? 'missing-import-condition'),
          cjs: join(root, 'packages', dir, cjs?.default ?? 'missing-require-condition'),
        };
      });
  });
}

/** Runs an ES module script with plain Node from the repository root; returns its JSON output. */
function runNode<T>(script: string): T {
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: '' },
  });
  if (result.status !== 0) {
    throw new Error(`node exited with ${result.status}:\n${result.stderr}`);
  }
  return JSON.parse(result.stdout) as T;
}

const preamble = `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(root, 'package.json'))});
`;

const all = entryPoints();
const built = all.filter((e) => existsSync(e.esm) && existsSync(e.cjs));
const unbuilt = all.filter((e) => !built.includes(e));

describe('dual ESM + CJS builds', () => {
  if (unbuilt.length) {
    it.skip(`not built, run \`npm run build\`: ${unbuilt.map((e) => e.specifier).join(', ')}`, () => {});
  }

  // One child process loads every entry point both ways (a Node start per entry is slow).
  let loaded: Record<string, { cjs: string[]; esm: string[]; cjsFile: string }> = {};
  beforeAll(() => {
    if (!built.length) return;
    loaded = runNode(`${preamble}
      const names = (m) => Object.keys(m).filter((k) => k !== 'default' && k !== '__esModule').sort();
      const out = {};
      for (const specifier of ${JSON.stringify(built.map((e) => e.specifier))}) {
        const cjs = require(specifier);
        const esm = await import(specifier);
        out[specifier] = { cjs: names(cjs), esm: names(esm), cjsFile: require.resolve(specifier) };
      }
      console.log(JSON.stringify(out));
    `);
  });

  describe.each(built.map((e) => [e.specifier, e] as const))('%s', (specifier, entry) => {
    it('exposes the same named exports from require() and import()', () => {
      const { cjs, esm, cjsFile } = loaded[specifier]!;
      expect(cjsFile).toBe(entry.cjs);
      expect(esm.length).toBeGreaterThan(0);
      expect(cjs).toEqual(esm);
    });
  });

  const apimachinery = built.find((e) => e.specifier === '@kubekit/apimachinery');
  const maybe = apimachinery ? it : it.skip;

  maybe('recognises a StatusError made by the other copy (branded errors)', () => {
    const result = runNode<Record<string, boolean>>(`${preamble}
      const cjs = require('@kubekit/apimachinery');
      const esm = await import('@kubekit/apimachinery');
      const fromCjs = cjs.newNotFound({ group: '', resource: 'pods' }, 'web');
      const fromEsm = new esm.StatusError({ code: 409, reason: 'Conflict', message: 'conflict' });
      console.log(JSON.stringify({
        distinctClasses: cjs.StatusError !== esm.StatusError,
        instanceofAcross: fromCjs instanceof esm.StatusError,
        esmIsInstanceOfCjsError: esm.StatusError.isInstance(fromCjs),
        cjsIsInstanceOfEsmError: cjs.StatusError.isInstance(fromEsm),
        esmBaseMatchesCjsError: esm.KubekitError.isInstance(fromCjs),
        esmPredicateOnCjsError: esm.isNotFound(fromCjs),
        cjsPredicateOnEsmError: cjs.isConflict(fromEsm),
        otherClassRejects: esm.GroupVersionError.isInstance(fromCjs),
      }));
    `);
    expect(result).toEqual({
      distinctClasses: true,
      instanceofAcross: false,
      esmIsInstanceOfCjsError: true,
      cjsIsInstanceOfEsmError: true,
      esmBaseMatchesCjsError: true,
      esmPredicateOnCjsError: true,
      cjsPredicateOnEsmError: true,
      otherClassRejects: false,
    });
  });
});
