// The real-API-server tier: `npx jest -c test/real-apiserver/jest.config.cjs` (from the
// repository root). The root config ignores this folder, so `npm test` never needs Go.
const root = require('../../jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: '../..',
  testMatch: ['<rootDir>/test/real-apiserver/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/real-apiserver/.out/'],
  // Builds kube-apiserver and etcd once, before any test (a cold build takes minutes).
  globalSetup: '<rootDir>/test/real-apiserver/global-setup.ts',
  testTimeout: 240_000,
};
