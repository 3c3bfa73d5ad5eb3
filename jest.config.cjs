// One jest run for the whole workspace. Packages resolve to their TypeScript sources through
// the `@kubekit/source` export condition, so tests never need a build first.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: {
    customExportConditions: ['@kubekit/source', 'node', 'require', 'default'],
  },
  transform: {
    '^.+\\.(t|m?j)s$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2023' },
        module: { type: 'commonjs' },
      },
    ],
  },
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  // Generated code imports its siblings as `./client.js` (what Node ESM needs): resolve such a
  // relative specifier to the file with or without the extension (`client.ts` here).
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testMatch: [
    '<rootDir>/packages/*/src/**/*.test.ts',
    '<rootDir>/examples/*/src/**/*.test.ts',
    '<rootDir>/test/**/*.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/real-apiserver/'],
  // Generous: CI and the shared dev machine run 2 cores at load 20-30, where a suite that takes
  // 5 s alone can take ten times that. Waits inside tests are bounded at 60 s, below this.
  testTimeout: 90_000,
  reporters: ['default', '<rootDir>/scripts/jest-summary-reporter.cjs'],
};
