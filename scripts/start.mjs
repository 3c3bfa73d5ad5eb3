// `npm start`: the TFJob example end to end on the embedded API server.
import { existsSync } from 'node:fs';
import { runForwardingSignals } from './run-forwarding-signals.mjs';

const entry = 'examples/tfjob-controller/src/main/local.ts';
if (!existsSync(entry)) {
  console.log(
    'The TFJob example (examples/tfjob-controller) is not built yet, so there is nothing to start.\n' +
      '`npm test` runs every test of the packages that exist today.',
  );
  process.exit(0);
}
process.exit(
  await runForwardingSignals('tsx', [
    '--conditions=@kubekit/source',
    entry,
    ...process.argv.slice(2),
  ]),
);
