import { celCases } from './cel-cases';

/**
 * The request corpus of the differential suite: each case runs in a namespace of its own (the
 * same name on both servers), and every step's answer must be the same on both (after
 * `comparable()`). Steps may build their body from the bodies of earlier steps.
 */
export interface Step {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** `{ns}` is the case's namespace, `{group}` the run's CRD group. */
  path: string;
  body?: string | object | ((earlier: any[]) => unknown);
  contentType?: string;
}

/** One scenario; `note` says why a step is expected to differ, when it is. */
export interface DifferentialCase {
  name: string;
  steps: Step[];
}

const cm = (name: string, data: Record<string, string> = { a: '1' }, extra = {}) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name, ...extra },
  data,
});
const cms = '/api/v1/namespaces/{ns}/configmaps';
const pods = '/api/v1/namespaces/{ns}/pods';
const services = '/api/v1/namespaces/{ns}/services';
const secrets = '/api/v1/namespaces/{ns}/secrets';
const deployments = '/apis/apps/v1/namespaces/{ns}/deployments';
const leases = '/apis/coordination.k8s.io/v1/namespaces/{ns}/leases';
const widgets = '/apis/{group}/v1/namespaces/{ns}/widgets';
const merge = 'application/merge-patch+json';
const jsonPatch = 'application/json-patch+json';
const strategic = 'application/strategic-merge-patch+json';
const apply = 'application/apply-patch+yaml';
const pod = (name: string, spec: unknown) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec,
});
const container = { name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] };

/** The CRD both servers get before the corpus runs (`{group}` filled in). */
export const widgetCrd = (group: string) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: {
          status: {},
          scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
        },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size'],
                properties: {
                  size: { type: 'integer', minimum: 1, maximum: 10 },
                  replicas: { type: 'integer', default: 1 },
                  color: { type: 'string', enum: ['red', 'green'] },
                  tags: { type: 'array', items: { type: 'string' }, maxItems: 2 },
                  name: { type: 'string', pattern: '^[a-z]+$', maxLength: 8 },
                },
              },
              status: { type: 'object', properties: { replicas: { type: 'integer' } } },
            },
          },
        },
      },
    ],
  },
});

const widget = (name: string, spec: unknown) => ({
  apiVersion: '{group}/v1',
  kind: 'Widget',
  metadata: { name },
  spec,
});

const baseCases: DifferentialCase[] = [
  {
    name: 'configmap create, get, duplicate, missing',
    steps: [
      { method: 'POST', path: cms, body: cm('one') },
      { method: 'GET', path: `${cms}/one` },
      { method: 'POST', path: cms, body: cm('one') },
      { method: 'GET', path: `${cms}/missing` },
      { method: 'POST', path: cms, body: { metadata: { generateName: 'gen-' }, data: { x: 'y' } } },
    ],
  },
  {
    name: 'invalid object names and metadata',
    steps: [
      { method: 'POST', path: cms, body: cm('Bad_Name') },
      { method: 'POST', path: cms, body: cm('') },
      { method: 'POST', path: cms, body: cm('x'.repeat(300)) },
      { method: 'POST', path: cms, body: cm('labels', {}, { labels: { 'bad key!': 'v' } }) },
      { method: 'POST', path: cms, body: cm('labelval', {}, { labels: { k: 'bad value!' } }) },
      { method: 'POST', path: cms, body: cm('annot', {}, { annotations: { '': 'v' } }) },
      {
        method: 'POST',
        path: cms,
        body: { metadata: { name: 'baddata' }, data: { 'bad key!': 'v' } },
      },
    ],
  },
  {
    name: 'namespace and name mismatches',
    steps: [
      { method: 'POST', path: cms, body: cm('other', {}, { namespace: 'elsewhere' }) },
      { method: 'POST', path: cms, body: cm('mm') },
      { method: 'PUT', path: `${cms}/mm`, body: cm('different') },
      { method: 'PUT', path: `${cms}/absent`, body: cm('absent') },
      { method: 'POST', path: '/api/v1/namespaces/no-such-namespace-kk/configmaps', body: cm('x') },
    ],
  },
  {
    name: 'optimistic concurrency',
    steps: [
      { method: 'POST', path: cms, body: cm('occ') },
      { method: 'PUT', path: `${cms}/occ`, body: (e) => ({ ...e[0], data: { v: '2' } }) },
      { method: 'PUT', path: `${cms}/occ`, body: (e) => ({ ...e[0], data: { v: '3' } }) },
      {
        method: 'PUT',
        path: `${cms}/occ`,
        body: (e) => ({ ...e[0], metadata: { ...e[0].metadata, resourceVersion: 'abc' } }),
      },
      {
        method: 'PUT',
        path: `${cms}/occ`,
        body: (e) => ({ ...e[1], metadata: { ...e[1].metadata, resourceVersion: undefined } }),
      },
    ],
  },
  {
    name: 'patch types on a configmap',
    steps: [
      { method: 'POST', path: cms, body: cm('p', { a: '1', b: '2' }) },
      {
        method: 'PATCH',
        path: `${cms}/p`,
        body: { data: { b: null, c: '3' } },
        contentType: merge,
      },
      {
        method: 'PATCH',
        path: `${cms}/p`,
        body: [{ op: 'replace', path: '/data/a', value: 'x' }],
        contentType: jsonPatch,
      },
      {
        method: 'PATCH',
        path: `${cms}/p`,
        body: [{ op: 'test', path: '/data/a', value: 'nope' }],
        contentType: jsonPatch,
      },
      {
        method: 'PATCH',
        path: `${cms}/p`,
        body: [{ op: 'remove', path: '/data/missing' }],
        contentType: jsonPatch,
      },
      {
        method: 'PATCH',
        path: `${cms}/p`,
        body: [{ op: 'bogus', path: '/x' }],
        contentType: jsonPatch,
      },
      { method: 'PATCH', path: `${cms}/p`, body: { data: { d: '4' } }, contentType: strategic },
      { method: 'PATCH', path: `${cms}/p`, body: { data: { d: '4' } }, contentType: 'text/plain' },
      { method: 'PATCH', path: `${cms}/absent`, body: { data: { d: '4' } }, contentType: merge },
      { method: 'PATCH', path: `${cms}/p`, body: '{"data": ', contentType: merge },
    ],
  },
  {
    name: 'server-side apply and conflicts',
    steps: [
      {
        method: 'PATCH',
        path: `${cms}/ssa?fieldManager=alice`,
        body: cm('ssa', { a: '1' }),
        contentType: apply,
      },
      {
        method: 'PATCH',
        path: `${cms}/ssa?fieldManager=bob`,
        body: cm('ssa', { a: '2' }),
        contentType: apply,
      },
      {
        method: 'PATCH',
        path: `${cms}/ssa?fieldManager=bob&force=true`,
        body: cm('ssa', { a: '2' }),
        contentType: apply,
      },
      { method: 'PATCH', path: `${cms}/ssa`, body: cm('ssa', { a: '3' }), contentType: apply },
      {
        method: 'PATCH',
        path: `${cms}/ssa?fieldManager=carol`,
        body: { metadata: { name: 'ssa' }, data: { z: '1' } },
        contentType: apply,
      },
    ],
  },
  {
    name: 'deletion: preconditions, finalizers, grace',
    steps: [
      { method: 'POST', path: cms, body: cm('del', {}, { finalizers: ['kubekit.dev/hold'] }) },
      { method: 'DELETE', path: `${cms}/del`, body: { preconditions: { uid: 'not-the-uid' } } },
      { method: 'DELETE', path: `${cms}/del`, body: { preconditions: { resourceVersion: '1' } } },
      { method: 'DELETE', path: `${cms}/del` },
      { method: 'GET', path: `${cms}/del` },
      { method: 'DELETE', path: `${cms}/del` },
      {
        method: 'PATCH',
        path: `${cms}/del`,
        body: { metadata: { finalizers: null } },
        contentType: merge,
      },
      { method: 'GET', path: `${cms}/del` },
      { method: 'DELETE', path: `${cms}/del` },
      { method: 'DELETE', path: `${cms}/x`, body: { propagationPolicy: 'Sideways' } },
    ],
  },
  {
    name: 'list: selectors, limits, bad parameters',
    steps: [
      { method: 'POST', path: cms, body: cm('l1', {}, { labels: { app: 'a', tier: 'x' } }) },
      { method: 'POST', path: cms, body: cm('l2', {}, { labels: { app: 'b' } }) },
      { method: 'POST', path: cms, body: cm('l3', {}, { labels: { app: 'a' } }) },
      { method: 'GET', path: `${cms}?labelSelector=app%3Da` },
      { method: 'GET', path: `${cms}?labelSelector=app%20in%20(a,b),!tier` },
      { method: 'GET', path: `${cms}?labelSelector=app%3D%3D%3Da` },
      { method: 'GET', path: `${cms}?fieldSelector=metadata.name%3Dl2` },
      { method: 'GET', path: `${cms}?fieldSelector=data.a%3D1` },
      { method: 'GET', path: `${cms}?limit=2` },
      { method: 'GET', path: `${cms}?limit=-1` },
      { method: 'GET', path: `${cms}?continue=garbage` },
      { method: 'GET', path: `${cms}?resourceVersion=abc` },
      { method: 'GET', path: `${cms}?resourceVersionMatch=Exact` },
      { method: 'GET', path: `${cms}?resourceVersion=0&resourceVersionMatch=Bogus` },
      { method: 'GET', path: `${cms}?timeoutSeconds=abc` },
    ],
  },
  {
    name: 'pods: validation and defaults',
    steps: [
      { method: 'POST', path: pods, body: pod('nocontainers', { containers: [] }) },
      { method: 'POST', path: pods, body: pod('noimage', { containers: [{ name: 'c' }] }) },
      {
        method: 'POST',
        path: pods,
        body: pod('dupnames', { containers: [container, container] }),
      },
      {
        method: 'POST',
        path: pods,
        body: pod('badport', {
          containers: [{ ...container, ports: [{ containerPort: 70000, name: 'Bad_Port' }] }],
        }),
      },
      {
        method: 'POST',
        path: pods,
        body: pod('badpolicy', { restartPolicy: 'Sometimes', containers: [container] }),
      },
      { method: 'POST', path: pods, body: pod('ok', { containers: [container] }) },
      {
        method: 'PATCH',
        path: `${pods}/ok`,
        body: { spec: { containers: [{ name: 'main', image: 'busybox:1.37' }] } },
        contentType: strategic,
      },
      {
        method: 'PATCH',
        path: `${pods}/ok`,
        body: { spec: { restartPolicy: 'Never' } },
        contentType: strategic,
      },
      { method: 'GET', path: `${pods}/ok/status` },
      {
        method: 'PATCH',
        path: `${pods}/ok/status`,
        body: { status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] } },
        contentType: strategic,
      },
    ],
  },
  {
    name: 'services: validation and defaults',
    steps: [
      {
        method: 'POST',
        path: services,
        body: {
          metadata: { name: 'headless' },
          spec: { clusterIP: 'None', selector: { app: 'x' }, ports: [{ name: 'tf', port: 2222 }] },
        },
      },
      {
        method: 'POST',
        path: services,
        body: { metadata: { name: 'noports' }, spec: { clusterIP: 'None', selector: { a: 'b' } } },
      },
      {
        method: 'POST',
        path: services,
        body: { metadata: { name: 'badport' }, spec: { ports: [{ port: 0 }] } },
      },
      {
        method: 'POST',
        path: services,
        body: { metadata: { name: 'badtype' }, spec: { type: 'Magic', ports: [{ port: 80 }] } },
      },
    ],
  },
  {
    name: 'leases and events',
    steps: [
      {
        method: 'POST',
        path: leases,
        body: {
          metadata: { name: 'le' },
          spec: { holderIdentity: 'a', leaseDurationSeconds: 15, leaseTransitions: 0 },
        },
      },
      {
        method: 'POST',
        path: leases,
        body: {
          metadata: { name: 'bad' },
          spec: { leaseDurationSeconds: -1, leaseTransitions: -2 },
        },
      },
      {
        method: 'POST',
        path: '/api/v1/namespaces/{ns}/events',
        body: { metadata: { name: 'e1' } },
      },
      {
        method: 'POST',
        path: '/apis/events.k8s.io/v1/namespaces/{ns}/events',
        body: { metadata: { name: 'e2' }, reason: 'R' },
      },
    ],
  },
  {
    name: 'custom resources: schema validation, defaulting, pruning, subresources',
    steps: [
      { method: 'POST', path: widgets, body: widget('ok', { size: 2, extra: 'pruned' }) },
      { method: 'POST', path: widgets, body: widget('nosize', {}) },
      // One violation per request: kube-apiserver reports several in Go map order.
      { method: 'POST', path: widgets, body: widget('toobig', { size: 20 }) },
      { method: 'POST', path: widgets, body: widget('badcolor', { size: 1, color: 'blue' }) },
      {
        method: 'POST',
        path: widgets,
        body: widget('manytags', { size: 1, tags: ['a', 'b', 'c'] }),
      },
      { method: 'POST', path: widgets, body: widget('badname', { size: 1, name: 'UPPER' }) },
      { method: 'POST', path: widgets, body: widget('longname', { size: 1, name: 'abcdefghij' }) },
      { method: 'POST', path: widgets, body: widget('wrongtype', { size: 'big' }) },
      {
        method: 'PUT',
        path: `${widgets}/ok/status`,
        body: (e) => ({ ...e[0], status: { replicas: 3 } }),
      },
      { method: 'GET', path: `${widgets}/ok/scale` },
      {
        method: 'PATCH',
        path: `${widgets}/ok/scale`,
        body: { spec: { replicas: 4 } },
        contentType: merge,
      },
      { method: 'GET', path: `${widgets}/ok` },
      {
        method: 'PATCH',
        path: `${widgets}/ok`,
        body: { spec: { size: 1 } },
        contentType: strategic,
      },
      { method: 'GET', path: `${widgets}/absent` },
    ],
  },
  {
    name: 'protocol errors',
    steps: [
      { method: 'GET', path: '/api/v1/namespaces/{ns}/nonsense' },
      { method: 'GET', path: '/apis/no.such.group/v1/things' },
      { method: 'PUT', path: cms, body: cm('x') },
      { method: 'POST', path: `${cms}/named`, body: cm('named') },
      { method: 'POST', path: cms, body: 'not json' },
      { method: 'POST', path: `${cms}?dryRun=Sometimes`, body: cm('dry') },
      { method: 'POST', path: `${cms}?dryRun=All`, body: cm('dry') },
      { method: 'GET', path: `${cms}/dry` },
      {
        method: 'POST',
        path: cms,
        body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'k' } },
      },
      {
        method: 'POST',
        path: cms,
        body: { apiVersion: 'v2', kind: 'ConfigMap', metadata: { name: 'k' } },
      },
    ],
  },
  {
    name: 'secrets and namespaces',
    steps: [
      { method: 'POST', path: secrets, body: { metadata: { name: 's1' }, stringData: { a: 'x' } } },
      {
        method: 'POST',
        path: secrets,
        body: { metadata: { name: 's2' }, data: { a: 'not base64!' } },
      },
      {
        method: 'POST',
        path: secrets,
        body: { metadata: { name: 's3' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'eA==' } },
      },
      { method: 'PATCH', path: `${secrets}/s1`, body: { type: 'Other' }, contentType: merge },
      { method: 'GET', path: '/api/v1/namespaces/{ns}' },
      { method: 'POST', path: '/api/v1/namespaces', body: { metadata: { name: 'Bad_NS' } } },
      {
        method: 'GET',
        path: '/api/v1/namespaces/{ns}/configmaps?fieldSelector=metadata.namespace%3Dother',
      },
    ],
  },
  {
    name: 'deployments: defaults, validation, scale',
    steps: [
      {
        method: 'POST',
        path: deployments,
        body: {
          metadata: { name: 'web' },
          spec: {
            selector: { matchLabels: { app: 'web' } },
            template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } },
          },
        },
      },
      {
        method: 'POST',
        path: deployments,
        body: {
          metadata: { name: 'mismatch' },
          spec: {
            selector: { matchLabels: { app: 'a' } },
            template: { metadata: { labels: { app: 'b' } }, spec: { containers: [container] } },
          },
        },
      },
      { method: 'POST', path: deployments, body: { metadata: { name: 'empty' }, spec: {} } },
      { method: 'GET', path: `${deployments}/web/scale` },
      {
        method: 'PATCH',
        path: `${deployments}/web/scale`,
        body: { spec: { replicas: 3 } },
        contentType: merge,
      },
      {
        method: 'PATCH',
        path: `${deployments}/web/scale`,
        body: { spec: { replicas: -1 } },
        contentType: merge,
      },
      { method: 'GET', path: `${deployments}/web` },
    ],
  },
  {
    name: 'custom resources: status, generation, selectors',
    steps: [
      { method: 'POST', path: widgets, body: widget('g', { size: 1 }) },
      { method: 'PATCH', path: `${widgets}/g`, body: { spec: { size: 2 } }, contentType: merge },
      {
        method: 'PATCH',
        path: `${widgets}/g`,
        body: { metadata: { labels: { a: 'b' } } },
        contentType: merge,
      },
      {
        method: 'PATCH',
        path: `${widgets}/g/status`,
        body: { spec: { size: 9 }, status: { replicas: 2 } },
        contentType: merge,
      },
      { method: 'GET', path: `${widgets}?labelSelector=a%3Db` },
      { method: 'GET', path: `${widgets}?fieldSelector=spec.size%3D2` },
      { method: 'PUT', path: `${widgets}/g`, body: (e) => ({ ...e[3], spec: { size: 0 } }) },
      { method: 'DELETE', path: `${widgets}/g` },
    ],
  },
  {
    name: 'watch: initial events and a timeout',
    steps: [
      { method: 'POST', path: cms, body: cm('w1') },
      { method: 'POST', path: cms, body: cm('w2') },
      { method: 'GET', path: `${cms}?watch=true&timeoutSeconds=1` },
      { method: 'GET', path: `${cms}?watch=true&labelSelector=%3D%3D` },
      { method: 'GET', path: `${cms}?watch=true&resourceVersion=abc` },
    ],
  },
];

/** Every case of the corpus (the CEL ones in cel-cases.ts). */
export const cases: DifferentialCase[] = [...baseCases, ...celCases];
