import { defineConfig, type Options } from 'tsup';

/**
 * The one build every @kubekit package uses: ESM + CJS with their own .d.ts / .d.cts.
 * Dependencies stay external; workspace packages are resolved through their built `dist`.
 */
export function packageBuild(
  entry: Options['entry'] = { index: 'src/index.ts' },
  extra: Options = {},
) {
  return defineConfig(packageOptions(entry, extra));
}

/** The options of {@link packageBuild}, for packages that combine several builds. */
export function packageOptions(
  entry: Options['entry'] = { index: 'src/index.ts' },
  extra: Options = {},
): Options {
  return {
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
  };
}
