// The real-API-server tier: `npm run test:real` (= jest -c test/real-apiserver/jest.config.cjs).
// Runs the smoke suite of this folder, the API-server conformance suite and the leader-election,
// event-recorder, codegen round-trip, informer, RetryWatcher and controller e2e suites, the TFJob
// suites and the in-memory server's pinned-answer suites (all through startServerUnderTest)
// against a real kube-apiserver + etcd built from Go modules. The root
// config ignores this folder, so `npm test` never needs Go.
const root = require('../../jest.config.cjs');

/** @type {import('jest').Config} */
module.exports = {
  ...root,
  rootDir: '../..',
  testMatch: [
    '<rootDir>/test/real-apiserver/**/*.test.ts',
    '<rootDir>/test/conformance/**/*.test.ts',
    '<rootDir>/test/leaderelection/leader-election.e2e.test.ts',
    '<rootDir>/test/record/events.e2e.test.ts',
    '<rootDir>/test/codegen/roundtrip.test.ts',
    '<rootDir>/test/clientset/discovery.test.ts',
    '<rootDir>/test/clientset/subresources.test.ts',
    '<rootDir>/test/cache/informer*.e2e.test.ts',
    '<rootDir>/test/cache/retry-watcher.e2e.test.ts',
    '<rootDir>/test/controller/*.e2e.test.ts',
    '<rootDir>/examples/tfjob-controller/src/tensorflow/tfjob-controller.test.ts',
    '<rootDir>/examples/tfjob-controller/src/tensorflow/pod-group.test.ts',
    '<rootDir>/examples/tfjob-controller/src/main/leader-election.test.ts',
    '<rootDir>/examples/tfjob-controller/src/main/controller-process.test.ts',
    '<rootDir>/examples/tfjob-controller/src/crd.test.ts',
    '<rootDir>/examples/tfjob-controller/src/admission.test.ts',
    '<rootDir>/packages/testing/src/defaults.test.ts',
    '<rootDir>/packages/testing/src/validation.test.ts',
    '<rootDir>/packages/testing/src/cel-validation.test.ts',
    '<rootDir>/packages/testing/src/services.test.ts',
    '<rootDir>/packages/testing/src/pod-validation.test.ts',
    '<rootDir>/packages/testing/src/workload-defaults.test.ts',
    '<rootDir>/packages/testing/src/workload-validation.test.ts',
    '<rootDir>/packages/testing/src/batch-validation.test.ts',
    '<rootDir>/packages/testing/src/workload-status.test.ts',
    '<rootDir>/packages/testing/src/workload-updates.test.ts',
    '<rootDir>/packages/testing/src/job-status.test.ts',
    '<rootDir>/packages/testing/src/event-versions.test.ts',
    '<rootDir>/packages/testing/src/eviction.test.ts',
    '<rootDir>/packages/testing/src/builtin-tables.test.ts',
    '<rootDir>/packages/testing/src/workload-tables.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '<rootDir>/test/real-apiserver/.out/'],
  // Builds kube-apiserver and etcd once (a cold build takes minutes) and starts the server the
  // suites reach through KUBECONFIG.
  globalSetup: '<rootDir>/test/real-apiserver/global-setup.ts',
  globalTeardown: '<rootDir>/test/real-apiserver/global-teardown.ts',
  testTimeout: 240_000,
};
