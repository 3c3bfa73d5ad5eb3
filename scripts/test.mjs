// `npm test`: build every package (ESM + CJS + .d.ts), type-check the workspace, run every test.
// Extra arguments are passed to jest (e.g. `npm test -- packages/rest`).
import { spawnSync } from 'node:child_process';

function run(label, command, args) {
  console.log(`\n> ${label}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`\n${label} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status || 1);
  }
}

run('build', 'turbo', ['run', 'build', '--output-logs=errors-only']);
run('typecheck', 'tsc', ['-b']);
run('test', 'jest', process.argv.slice(2));
