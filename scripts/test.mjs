// `npm test`: build every package (ESM + CJS + .d.ts), type-check the workspace, run every test.
// Extra arguments are passed to jest (e.g. `npm test -- packages/rest`).
//
// KUBEKIT_SERVER picks the API server (see startServerUnderTest of @kubekit/testing):
// - unset / `embedded`: every suite, on in-memory servers;
// - `real`: the real tier (test/real-apiserver/jest.config.cjs): the suites that exercise an API
//   server, against a kube-apiserver + etcd built from Go modules and started once;
// - `kubeconfig`: the real tier against the cluster of KUBECONFIG.
// `npm run test:real` is `KUBEKIT_SERVER=real npm test`.
import { spawnSync } from 'node:child_process';

function run(label, command, args) {
  console.log(`\n> ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

const args = process.argv.slice(2);
const serverFlag = args.find((a) => a.startsWith('--server='));
if (serverFlag) process.env.KUBEKIT_SERVER = serverFlag.slice('--server='.length);
const jestArgs = args.filter((a) => a !== serverFlag);
const server = process.env.KUBEKIT_SERVER || 'embedded';
if (!['embedded', 'real', 'kubeconfig'].includes(server)) {
  console.error(`KUBEKIT_SERVER=${server} is not one of embedded, real, kubeconfig`);
  process.exit(2);
}

run('build', 'turbo', ['run', 'build', '--output-logs=errors-only']);
run('typecheck', 'tsc', ['-b']);
if (server === 'embedded') run('test', 'jest', jestArgs);
else
  run(`test (${server} API server)`, 'jest', [
    '-c',
    'test/real-apiserver/jest.config.cjs',
    ...jestArgs,
  ]);
