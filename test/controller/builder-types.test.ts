/**
 * Typing of operator code, checked by type-checking a consumer project under the strictest
 * settings (exactOptionalPropertyTypes included) with every `@ts-expect-error` needed:
 *
 * - the controller builder infers the object type from `for` (a `ResourceInfo<T>` of the
 *   built-in clientset or of a CRD client kubekit-gen wrote). It once inferred `T` only from
 *   the annotation of reconcile's parameter, so a `finalizer` written before `reconcile`, or
 *   an unannotated reconcile, left `patchStatus` taking `never`: that regression fails here;
 * - `watch(resource, { mapToKeys, predicates })` types its callbacks by the watched resource,
 *   each entry of `watches` independently;
 * - the options of @kubekit/controller and @kubekit/cache take possibly-undefined values
 *   (`process.env.X`, an optional field of the caller's own options) on their optional fields.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { diagnostics } from '../codegen/tsc-flavours';

const root = join(__dirname, '..', '..');

/** The clients kubekit-gen generated from the CRD fixtures (cert-manager's Certificate, ...). */
const generated = join(root, 'test', 'codegen', 'generated', 'index.js');

const consumer = `
import { appsV1, coreV1 } from '@kubekit/clientset';
import { generationChangedPredicate, watch, type Manager } from '@kubekit/controller';
import { certManagerV1 } from '${generated}';

export function finalizerBeforeReconcile(mgr: Manager): void {
  mgr.controller({
    for: appsV1.deploymentsResource,
    owns: [coreV1.configMapsResource],
    finalizer: {
      name: 'example.com/cleanup',
      cleanup: async (deployment, ctx) => {
        const replicas: number | undefined = deployment.spec?.replicas;
        await ctx.patchStatus({ readyReplicas: replicas });
      },
    },
    reconcile: async (deployment, ctx) => {
      const cm = await ctx.apply(coreV1.configMapsResource, {
        metadata: { name: deployment.metadata?.name ?? 'web' },
        data: { replicas: String(deployment.spec?.replicas ?? 0) },
      });
      const data: string | undefined = cm.data?.['replicas'];
      await ctx.patchStatus({ observedGeneration: deployment.metadata?.generation, readyReplicas: Number(data) });
      // @ts-expect-error a misspelt status field
      await ctx.patchStatus({ readyReplica: 1 });
      // @ts-expect-error apply's object is typed by its resource: a ConfigMap has no spec
      await ctx.apply(coreV1.configMapsResource, { metadata: { name: 'web' }, spec: {} });
      // @ts-expect-error the object is a Deployment, not a ConfigMap
      return deployment.data;
    },
  });
}

export function unannotatedCustomResource(mgr: Manager): void {
  mgr.controller({
    for: certManagerV1.certificatesResource,
    predicates: [generationChangedPredicate, { update: (old, updated) => old.spec?.secretName !== updated.spec?.secretName }],
    finalizer: { name: 'example.com/cleanup', cleanup: (certificate) => void certificate.spec?.secretName },
    reconcile: async (certificate, { patchStatus, client }) => {
      const stored: certManagerV1.Certificate = await client.get(certificate.metadata?.name ?? '');
      await patchStatus({ revision: (stored.status?.revision ?? 0) + 1, notAfter: stored.status?.notAfter });
      // @ts-expect-error a misspelt status field of the custom resource
      await patchStatus({ revison: 1 });
    },
  });
  // @ts-expect-error a reconcile annotated with another kind than the for resource's
  mgr.controller({ for: certManagerV1.certificatesResource, reconcile: async (d: appsV1.Deployment) => void d });
}

export function typedWatches(mgr: Manager): void {
  mgr.controller({
    for: appsV1.deploymentsResource,
    owns: [coreV1.configMapsResource, certManagerV1.certificatesResource],
    watches: [
      watch(coreV1.secretsResource, {
        mapToKeys: (secret) => [\`\${secret.metadata?.namespace}/\${secret.type ?? ''}\`],
        predicates: [{ update: (old, updated) => old.data !== updated.data }],
      }),
      watch(certManagerV1.certificatesResource, {
        mapToKeys: (certificate) => [certificate.spec?.secretName ?? ''],
      }),
      watch(coreV1.configMapsResource, {
        // @ts-expect-error a ConfigMap has no spec: mapToKeys gets the watched kind, not KubeObject
        mapToKeys: (cm) => [cm.spec?.name ?? ''],
      }),
      watch(certManagerV1.certificatesResource, {
        // @ts-expect-error a predicate of the watched kind: a Certificate has no data
        predicates: [{ create: (certificate) => !!certificate.data }],
        mapToKeys: () => [],
      }),
    ],
    reconcile: () => undefined,
  });
}

export async function typedClient(mgr: Manager): Promise<number | undefined> {
  const deployment = await mgr.client(appsV1.deploymentsResource, 'default').get('web');
  return deployment.spec?.replicas;
}
`;

const options = `
import { newSharedInformerFactory } from '@kubekit/cache';
import { coreV1 } from '@kubekit/clientset';
import type { RESTClient } from '@kubekit/rest';
import { consoleLogger, newManager, setupSignalHandler, type Manager } from '@kubekit/controller';

interface Flags { namespace?: string; leaseNamespace?: string; workers?: number; verbose?: boolean }

export function fromFlags(restClient: RESTClient, flags: Flags): Manager {
  const factory = newSharedInformerFactory({ client: restClient, namespace: flags.namespace });
  void factory;
  return newManager({
    restClient,
    namespace: flags.namespace,
    metricsAddress: process.env['METRICS_ADDRESS'],
    leaderElection: { id: 'op', namespace: flags.leaseNamespace, identity: process.env['POD_NAME'] },
    log: consoleLogger({ verbose: flags.verbose }),
  });
}

export function start(mgr: Manager, flags: Flags): Promise<void> {
  mgr.controller({
    for: coreV1.configMapsResource,
    workers: flags.workers,
    name: process.env['CONTROLLER_NAME'],
    reconcile: (cm, { log }) => log.info('seen', { keys: Object.keys(cm.data ?? {}).length }),
  });
  return mgr.start({ signal: flags.verbose ? setupSignalHandler({ onSecondSignal: undefined }) : undefined });
}
`;

describe('operator code types: T from for, options taking undefined', () => {
  let dir: string;
  let found: string[];

  beforeAll(async () => {
    dir = await fs.mkdtemp(join(tmpdir(), 'kubekit-builder-types-'));
    await fs.symlink(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const files = [join(dir, 'operator.ts'), join(dir, 'options.ts')];
    await fs.writeFile(files[0]!, consumer);
    await fs.writeFile(files[1]!, options);
    found = await diagnostics(dir, files, 'nodenext');
  }, 600_000);

  afterAll(() => fs.rm(dir, { recursive: true, force: true }));

  it('type-checks with every @ts-expect-error needed (no unused directive, no other error)', () => {
    expect(found).toEqual([]);
  });
});
