import { defineConfig, type Options } from 'tsup';

/**
 * The one build every @kubekit package uses: ESM + CJS with their own .d.ts / .d.cts.
 * Dependencies stay external; workspace packages are resolved through their built `dist`.
 */
export function packageBuild(entry: Record<string, string> = { index: 'src/index.ts' }, extra: Options = {}) {
  return defineConfig({
    entry,
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { composite: false, customConditions: [] } },
    target: 'node22',
    platform: 'node',
    sourcemap: true,
    clean: true,
    splitting: false,
    treeshake: true,
    ...extra,
  });
}
