/**
 * Which build of kubekit a cold sync loads. Users run the built JavaScript (each package's
 * dist/), so the cold case measures that, not the TypeScript sources the rest of the harness
 * runs through tsx (with the `@kubekit/source` export condition).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** What the cold-sync process loads kubekit from. */
export type ColdModules = 'dist' | 'source';

const packagesDir = join(import.meta.dirname, '..', '..', 'packages');

/** The packages the cold-sync process imports (@kubekit/cache and what it depends on). */
const coldPackages = ['apimachinery', 'rest', 'cache'];

/** The newest modification time (ms) of the package's non-test sources. */
function newestSource(pkg: string): number {
  const src = join(packagesDir, pkg, 'src');
  let newest = 0;
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.ts') || file.endsWith('.test.ts')) continue;
    newest = Math.max(newest, statSync(join(src, file)).mtimeMs);
  }
  return newest;
}

/** The cold-sync packages whose dist/ is missing or older than one of their sources. */
export function stalePackages(): string[] {
  return coldPackages.filter((pkg) => {
    const built = join(packagesDir, pkg, 'dist', 'index.js');
    return !existsSync(built) || statSync(built).mtimeMs < newestSource(pkg);
  });
}

/**
 * The build the cold case loads: the built packages when current; otherwise the sources when
 * `allowSources` (the smoke profile, which only checks that the harness works), else an error
 * naming the stale packages.
 */
export function coldModules(allowSources: boolean): ColdModules {
  const stale = stalePackages();
  if (stale.length === 0) return 'dist';
  if (allowSources) return 'source';
  throw new Error(
    `the cold sync measures the built packages, and ${stale.map((p) => `@kubekit/${p}`).join(', ')} ` +
      `${stale.length === 1 ? 'has' : 'have'} no current dist/: run \`npm run build\` first`,
  );
}

/** `execArgv` without the `@kubekit/source` export condition (so packages resolve to dist/). */
export function withoutSourceCondition(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if (arg === '--conditions=@kubekit/source' || arg === '-C=@kubekit/source') continue;
    if ((arg === '--conditions' || arg === '-C') && execArgv[i + 1] === '@kubekit/source') {
      i++;
      continue;
    }
    out.push(arg);
  }
  return out;
}
