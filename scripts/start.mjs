// `npm start`: the TFJob example end to end on the embedded API server.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const entry = 'examples/tfjob-controller/src/main/local.ts';
if (!existsSync(entry)) {
  console.log(
    'The TFJob example (examples/tfjob-controller) is not built yet, so there is nothing to start.\n' +
      '`npm test` runs every test of the packages that exist today.',
  );
  process.exit(0);
}
const result = spawnSync('tsx', ['--conditions=@kubekit/source', entry, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
