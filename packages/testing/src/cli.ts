#!/usr/bin/env node
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startApiServer } from './api-server';

const usage = `Usage: kubekit-apiserver [--port N] [--kubeconfig-out FILE] [--http] [--token TOKEN]

Runs the @kubekit/testing in-memory Kubernetes API server until SIGINT / SIGTERM.
  --port N               port on 127.0.0.1 (default: a free port)
  --kubeconfig-out FILE  write a kubeconfig for the server to FILE
  --http                 serve plain HTTP instead of HTTPS with a generated CA
  --token TOKEN          the bearer token to accept (default: random)`;

/** Runs the CLI: starts the server, writes the kubeconfig, stops cleanly on a signal. */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string' },
      'kubeconfig-out': { type: 'string' },
      http: { type: 'boolean', default: false },
      token: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid --port: ${values.port}`);
  const server = await startApiServer({ port, http: values.http, token: values.token });
  const out = values['kubeconfig-out'];
  if (out) writeFileSync(resolve(out), server.kubeconfigYaml, { mode: 0o600 });
  console.log(`kubekit-apiserver listening on ${server.url}`);
  if (out) {
    console.log(`kubeconfig written to ${resolve(out)}; try:`);
    console.log(`  KUBECONFIG=${resolve(out)} kubectl get namespaces`);
  } else {
    console.log('no --kubeconfig-out given; kubeconfig:');
    console.log(server.kubeconfigYaml);
  }
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: stopping`);
    server.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  console.error(usage);
  process.exit(2);
});
