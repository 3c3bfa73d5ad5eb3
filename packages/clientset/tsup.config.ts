import { defineConfig } from 'tsup';
import { packageOptions } from '../../scripts/tsup-package';

// CommonJS: one bundled file, as every package. ESM: one module per source file (generated
// group versions included), so bundlers keep only the group versions a program uses; its
// .d.ts stays one bundled file. The two builds share dist/, so the build script empties it first.
export default defineConfig([
  packageOptions({ index: 'src/index.ts' }, { format: ['cjs'], clean: false }),
  packageOptions(['src/**/*.ts', '!src/**/*.test.ts'], {
    format: ['esm'],
    bundle: false,
    treeshake: false,
    clean: false,
    dts: {
      entry: { index: 'src/index.ts' },
      compilerOptions: { composite: false, customConditions: [] },
    },
  }),
]);
