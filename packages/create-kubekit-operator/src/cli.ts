#!/usr/bin/env node
/**
 * The `create-kubekit-operator` binary (`npm create kubekit-operator@latest my-operator`).
 * @packageDocumentation
 */
import { runCli } from './run-cli';

runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 3;
  },
);
