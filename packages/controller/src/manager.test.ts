/**
 * newManager + the builder against @kubekit/testing's in-memory API server over HTTP: a
 * CronTab operator (for + owns, status, finalizer, events, leader election, metrics, probes).
 */
import { isNotFound, type KubeObject } from '@kubekit/apimachinery';
import { coreV1, type ResourceInfo } from '@kubekit/clientset';
import { RESTClient } from '@kubekit/rest';
import { fixtures, startApiServer, type ApiServer } from '@kubekit/testing';
import * as promClient from 'prom-client';
import { watch } from './builder';
import { ControllerError, terminalError } from './controller-error';
import { eventually } from './test-support/controller-test-helpers';
import { consoleLogger } from './logger';
import { newManager, type Manager, type ManagerOptions } from './manager';
import type { ManagerServer, MetricsRegistry } from './manager-server';

interface CronTab extends KubeObject {
  spec: { cronSpec: string };
  status?: { configMap?: string; phase?: string };
}

const cronTabsResource: ResourceInfo<CronTab> = {
  group: 'stable.example.com',
  version: 'v1',
  kind: 'CronTab',
  plural: 'crontabs',
  singular: 'crontab',
  listKind: 'CronTabList',
  namespaced: true,
  shortNames: [],
  subresources: ['status'],
};

let server: ApiServer;
let client: RESTClient;
beforeAll(async () => {
  server = await startApiServer({ http: true });
  client = new RESTClient({ server: server.url, bearerToken: server.token, warningHandler: null });
  await client
    .post()
    .groupVersion({ group: 'apiextensions.k8s.io', version: 'v1' })
    .resource('customresourcedefinitions')
    .body(fixtures.crd({ group: 'stable.example.com', kind: 'CronTab' }))
    .do();
  await server.settle();
});
afterAll(async () => {
  await client.close();
  await server.stop();
});

/** A manager on the test server whose log lines are kept. */
function testManager<R extends MetricsRegistry>(options: ManagerOptions<R> = {}) {
  const lines: string[] = [];
  const log = consoleLogger({ write: (level, line) => lines.push(`${level} ${line}`) });
  const mgr = newManager({ restClient: client, healthAddress: '127.0.0.1:0', log, ...options });
  return { mgr, lines };
}

function run(mgr: Manager) {
  const stop = new AbortController();
  const done = mgr.start({ signal: stop.signal });
  return {
    done,
    stop: async () => {
      stop.abort();
      await done;
    },
  };
}

describe('newManager and its controller builder', () => {
  it('runs a CronTab operator: owned object, status, event, finalizer, lease, metrics, probes', async () => {
    let http: ManagerServer | undefined;
    const { mgr, lines } = testManager({
      name: 'crontab-operator',
      leaderElection: { id: 'crontab-operator', namespace: 'default', identity: 'me' },
      prometheus: promClient,
      metricsAddress: '127.0.0.1:0',
      onServerStarted: (s) => (http = s),
    });
    const cleaned: string[] = [];
    const cronTabs = mgr.client<CronTab>(cronTabsResource, 'default');
    mgr.controller<CronTab>({
      for: cronTabsResource,
      owns: [coreV1.configMapsResource],
      finalizer: {
        name: 'stable.example.com/cleanup',
        cleanup: (ct) => void cleaned.push(ct.metadata!.name!),
      },
      reconcile: async (cronTab, { name, apply, patchStatus, recorder }) => {
        const cm = await apply(coreV1.configMapsResource, {
          metadata: { name: `${name}-schedule` },
          data: { schedule: cronTab.spec.cronSpec },
        });
        if (cronTab.status?.configMap !== cm.metadata?.name) {
          await patchStatus({ configMap: cm.metadata?.name, phase: 'Ready' });
          recorder.event(
            'Normal',
            'Scheduled',
            `ConfigMap ${cm.metadata?.name} holds the schedule`,
          );
        }
      },
    });
    const running = run(mgr);
    try {
      await cronTabs.create({ metadata: { name: 'nightly' }, spec: { cronSpec: '0 3 * * *' } });
      await eventually(() => lines.some((l) => l.includes('msg=serving')), 'the server');
      const configMaps = mgr.clientset.coreV1.configMaps('default');
      const owned = await waitFor(() => configMaps.get('nightly-schedule'));
      expect(owned.data).toEqual({ schedule: '0 3 * * *' });
      expect(owned.metadata?.ownerReferences).toEqual([
        expect.objectContaining({ kind: 'CronTab', name: 'nightly', controller: true }),
      ]);
      const ready = await waitFor(async () => {
        const ct = await cronTabs.get('nightly');
        if (ct.status?.phase !== 'Ready') throw new Error('not yet');
        return ct;
      });
      expect(ready.status).toEqual({ configMap: 'nightly-schedule', phase: 'Ready' });
      expect(ready.metadata?.finalizers).toEqual(['stable.example.com/cleanup']);
      const events = await waitFor(async () => {
        const list = await mgr.clientset.coreV1.events('default').list();
        const mine = list.items.filter((e) => e.reason === 'Scheduled');
        if (!mine.length) throw new Error('no event yet');
        return mine;
      });
      expect(events[0]).toMatchObject({
        involvedObject: { kind: 'CronTab', name: 'nightly', apiVersion: 'stable.example.com/v1' },
        source: { component: 'crontab-operator' },
        type: 'Normal',
      });
      const lease = await client
        .get()
        .groupVersion({ group: 'coordination.k8s.io', version: 'v1' })
        .namespace('default')
        .resource('leases')
        .name('crontab-operator')
        .do<{ spec: { holderIdentity: string } }>();
      expect(lease.spec.holderIdentity).toBe('me');

      // owns: deleting the owned ConfigMap brings its owner back, which recreates it
      await configMaps.delete('nightly-schedule');
      await waitFor(() => configMaps.get('nightly-schedule'));

      const metrics = await (await fetch(`${http!.metricsUrl}/metrics`)).text();
      expect(metrics).toMatch(
        /controller_runtime_reconcile_total\{controller="crontab",result="success"\} [1-9]/,
      );
      expect(metrics).toMatch(/workqueue_adds_total\{name="crontab"\} [1-9]/);
      const readyz = await fetch(`${http!.healthUrl}/readyz?verbose`);
      expect(readyz.status).toBe(200);
      expect(await readyz.text()).toContain('[+]informers ok');

      // finalizer: cleanup runs, the finalizer goes, the object goes; no reconcile fails
      await cronTabs.delete('nightly');
      await waitFor(async () => {
        const gone = await cronTabs.get('nightly').then(
          () => false,
          (err: unknown) => isNotFound(err),
        );
        if (!gone) throw new Error('still there');
      });
      expect(cleaned).toEqual(['nightly']);
    } finally {
      await running.stop();
    }
    expect(lines.filter((l) => l.startsWith('error'))).toEqual([]);
  });

  it('maps watched objects to keys and does not retry terminal errors', async () => {
    const { mgr } = testManager({ healthAddress: '0', namespace: 'default' });
    const seen: string[] = [];
    const errors: unknown[] = [];
    mgr.controller<KubeObject>({
      for: coreV1.configMapsResource,
      name: 'cm-checker',
      onError: (err) => errors.push(err),
      watches: [
        watch(coreV1.secretsResource, {
          mapToKeys: (secret) => [`default/${secret.metadata?.labels?.['for'] ?? ''}`],
        }),
      ],
      reconcile: (cm, { key }) => {
        seen.push(key);
        if (cm.metadata?.labels?.['bad']) throw terminalError(new Error('bad label'));
      },
    });
    const running = run(mgr);
    try {
      await mgr.clientset.coreV1.configMaps('default').create({
        metadata: { name: 'broken', labels: { bad: 'yes' } },
      });
      await eventually(() => errors.length === 1, 'the terminal error');
      expect(ControllerError.isInstance(errors[0])).toBe(true);
      // watches: a Secret labelled for a ConfigMap enqueues that ConfigMap
      const configMaps = mgr.clientset.coreV1.configMaps('default');
      await configMaps.create({ metadata: { name: 'app' } });
      await eventually(() => seen.includes('default/app'), 'the ConfigMap');
      await mgr.clientset.coreV1
        .secrets('default')
        .create({ metadata: { name: 'app-creds', labels: { for: 'app' } } });
      await eventually(() => seen.filter((k) => k === 'default/app').length === 2, 'the Secret');
    } finally {
      await running.stop();
    }
    expect(seen.filter((k) => k === 'default/broken')).toHaveLength(1);
  });

  it('calls onDelete once with the key of an object gone from the cache, never reconcile', async () => {
    const { mgr } = testManager({ healthAddress: '0', namespace: 'default' });
    const reconciled: string[] = [];
    const deleted: string[] = [];
    mgr.controller<KubeObject>({
      for: coreV1.configMapsResource,
      name: 'cm-forgetter',
      reconcile: (_cm, { key }) => void reconciled.push(key),
      onDelete: ({ key, namespace, name }) => void deleted.push(`${key} ${namespace} ${name}`),
    });
    const running = run(mgr);
    try {
      const configMaps = mgr.clientset.coreV1.configMaps('default');
      await configMaps.create({ metadata: { name: 'doomed' } });
      await eventually(() => reconciled.includes('default/doomed'), 'the reconcile');
      expect(deleted.filter((d) => d.startsWith('default/doomed '))).toEqual([]);
      await configMaps.delete('doomed');
      await eventually(() => deleted.includes('default/doomed default doomed'), 'onDelete');
      // a later object's reconcile: the deletion's key has been handled and not again
      await configMaps.create({ metadata: { name: 'after-doomed' } });
      await eventually(() => reconciled.includes('default/after-doomed'), 'the next reconcile');
      expect(deleted.filter((d) => d.startsWith('default/doomed '))).toHaveLength(1);
      expect(reconciled.filter((k) => k === 'default/doomed')).toHaveLength(1);
    } finally {
      await running.stop();
    }
  });

  it('is not ready while an informer cannot list, and says which and why', async () => {
    let http: ManagerServer | undefined;
    const { mgr } = testManager({ onServerStarted: (s) => (http = s) });
    mgr.controller({
      for: { ...cronTabsResource, group: 'missing.example.com', kind: 'Ghost', plural: 'ghosts' },
      reconcile: () => {},
    });
    const running = run(mgr);
    try {
      await eventually(() => http !== undefined, 'the server');
      let body = '';
      await waitFor(async () => {
        const res = await fetch(`${http!.healthUrl}/readyz?verbose`);
        body = await res.text();
        if (res.status !== 500 || !body.includes('ghosts')) throw new Error(body);
      });
      expect(body).toMatch(/\[-\]informers failed: informers not synced: .*ghosts/);
    } finally {
      await running.stop();
    }
  });

  it('validates options and refuses changes once started', async () => {
    const { mgr } = testManager({ healthAddress: '0' });
    expect(() => mgr.controller({ reconcile: () => {} } as never)).toThrow(/for is required/);
    expect(() =>
      mgr.controller({ for: coreV1.secretsResource, reconcile: () => {}, onDelete: 1 as never }),
    ).toThrow(/onDelete must be a function/);
    const running = run(mgr);
    expect(() => mgr.controller({ for: coreV1.secretsResource, reconcile: () => {} })).toThrow(
      ControllerError,
    );
    await expect(mgr.start({ signal: AbortSignal.abort() })).rejects.toThrow(
      'start() after start()',
    );
    await running.stop();
  });
});

/** Retries `read` until it resolves (60 s bound). */
async function waitFor<T>(read: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      return await read();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
