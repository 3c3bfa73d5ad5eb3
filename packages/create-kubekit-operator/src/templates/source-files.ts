/**
 * The TypeScript of a new operator: its controller (on the @kubekit/controller builder), its
 * binary, and a test that runs it on @kubekit/testing's in-memory API server.
 * @packageDocumentation
 */
import type { OperatorNames } from '../operator-options';

/** The npm scope of the packages the project imports. */
const kubekit = '@kubekit';

/** `src/controller.ts`: the reconcile logic. */
export function controllerTs(n: OperatorNames): string {
  const v = n.variable;
  return `import { coreV1 } from '${kubekit}/clientset';
import { terminalError, type Manager } from '${kubekit}/controller';
import { ${n.groupVersion} } from './generated/index.js';

/** Each ${n.kind} owns a ConfigMap holding its spec.data; its status names the ConfigMap. */
export function add${n.kind}Controller(mgr: Manager): void {
  mgr.controller({
    for: ${n.groupVersion}.${n.resource},
    owns: [coreV1.configMapsResource],
    reconcile: async (${v}, { name, apply, patchStatus, recorder }) => {
      const data = ${v}.spec?.data;
      if (!data) throw terminalError(new Error('spec.data is required'));
      const cm = await apply(coreV1.configMapsResource, { metadata: { name }, data });
      const generation = ${v}.metadata?.generation;
      if (${v}.status?.observedGeneration === generation) return;
      await patchStatus({ configMap: cm.metadata?.name, observedGeneration: generation });
      recorder.event('Normal', 'Synced', \`ConfigMap \${name} holds spec.data\`);
    },
    finalizer: {
      name: '${n.finalizer}',
      cleanup: (${v}, { log }) => log.info('cleaned up', { uid: ${v}.metadata?.uid }),
    },
  });
}
`;
}

/** `src/main.ts`: the binary. */
export function mainTs(n: OperatorNames): string {
  return `import { newManager } from '${kubekit}/controller';
import * as promClient from 'prom-client';
import { add${n.kind}Controller } from './controller.js';

// Config from KUBECONFIG, ~/.kube/config or the pod; /metrics on :8080, probes on :8081.
const mgr = newManager({ leaderElection: { id: '${n.name}' }, prometheus: promClient });
add${n.kind}Controller(mgr);
await mgr.start(); // until SIGTERM; rejects (exit 1) when leadership is lost
`;
}

/** `src/controller.test.ts`: the controller on the in-memory API server. */
export function controllerTestTs(n: OperatorNames): string {
  const v = n.variable;
  return `import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { newManager } from '${kubekit}/controller';
import { RESTClient } from '${kubekit}/rest';
import { startApiServer } from '${kubekit}/testing';
import { parse } from 'yaml';
import { add${n.kind}Controller } from './controller.js';
import { ${n.groupVersion} } from './generated/index.js';

test('a ${n.kind} gets a ConfigMap with its data and a status naming it', async () => {
  const server = await startApiServer({ http: true });
  const restClient = new RESTClient({ server: server.url, bearerToken: server.token });
  const mgr = newManager({ restClient, healthAddress: '0' });
  const crd = parse(readFileSync(new URL('../deploy/crd.yaml', import.meta.url), 'utf8'));
  await mgr.clientset.apiextensionsV1.customResourceDefinitions().create(crd);
  await server.settle();
  add${n.kind}Controller(mgr);
  const stop = new AbortController();
  const running = mgr.start({ signal: stop.signal });
  try {
    const ${n.clients} = mgr.client<${n.groupVersion}.${n.kind}>(${n.groupVersion}.${n.resource}, 'default');
    await ${n.clients}.create({ metadata: { name: 'sample' }, spec: { data: { greeting: 'hello' } } });
    const cm = await eventually(() => mgr.clientset.coreV1.configMaps('default').get('sample'));
    assert.deepEqual(cm.data, { greeting: 'hello' });
    const ${v} = await eventually(async () => {
      const current = await ${n.clients}.get('sample');
      assert.equal(current.status?.configMap, 'sample');
      return current;
    });
    assert.deepEqual(${v}.metadata?.finalizers, ['${n.finalizer}']);
  } finally {
    stop.abort();
    await running;
    await restClient.close();
    await server.stop();
  }
});

/** Retries \`read\` until it resolves; fails after 10 s. */
async function eventually<T>(read: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      return await read();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
`;
}
