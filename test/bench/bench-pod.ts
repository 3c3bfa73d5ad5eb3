/**
 * Realistic pods for the benchmarks: what a ReplicaSet-owned pod of a small web service looks like
 * on a real cluster (labels, owner reference, probes, env, volumes, tolerations, four conditions,
 * container statuses and two managedFields entries): about 4.9 KB of JSON as stored, 2.1 KB of
 * which are managedFields.
 */
import type { KubeObject } from '@kubekit/apimachinery';

/** A pod as the benchmarks store and send it (plain JSON). */
export type BenchPod = KubeObject & {
  spec: Record<string, unknown>;
  status?: Record<string, unknown>;
};

const time = '2026-01-15T09:30:00Z';

/** The owning ReplicaSet's name (pods need a live owner, or the server's garbage collector deletes them). */
export const ownerName = 'web-7d9f8c6b5';

/** The owning ReplicaSet, to create in each namespace before its pods. */
export function benchOwner(namespace: string): KubeObject & { spec: Record<string, unknown> } {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: ownerName, namespace, labels: { app: 'web' } },
    spec: {
      selector: { matchLabels: { app: 'web', 'pod-template-hash': '7d9f8c6b5' } },
      template: {
        metadata: { labels: { app: 'web', 'pod-template-hash': '7d9f8c6b5' } },
        spec: { containers: [{ name: 'web', image: 'registry.example.com/shop/web:1.24.3' }] },
      },
    },
  };
}

/** `f:` keys of a fieldsV1 set, each an empty leaf. */
const leaves = (...names: string[]) => Object.fromEntries(names.map((n) => [`f:${n}`, {}]));

function controllerFields(ownerUid: string): Record<string, unknown> {
  return {
    'f:metadata': {
      'f:generateName': {},
      'f:labels': { '.': {}, ...leaves('app', 'pod-template-hash', 'tier') },
      'f:ownerReferences': { '.': {}, [`k:{"uid":"${ownerUid}"}`]: {} },
    },
    'f:spec': {
      'f:containers': {
        'k:{"name":"web"}': {
          '.': {},
          ...leaves('image', 'imagePullPolicy', 'name', 'terminationMessagePath'),
          'f:env': { '.': {}, 'k:{"name":"LOG_LEVEL"}': { '.': {}, ...leaves('name', 'value') } },
          'f:ports': {
            '.': {},
            'k:{"containerPort":8080,"protocol":"TCP"}': {
              '.': {},
              ...leaves('containerPort', 'name', 'protocol'),
            },
          },
          'f:readinessProbe': {
            '.': {},
            'f:httpGet': { '.': {}, ...leaves('path', 'port', 'scheme') },
            ...leaves('periodSeconds', 'timeoutSeconds'),
          },
          'f:resources': {
            '.': {},
            'f:limits': { '.': {}, ...leaves('cpu', 'memory') },
            'f:requests': { '.': {}, ...leaves('cpu', 'memory') },
          },
          'f:volumeMounts': {
            '.': {},
            'k:{"mountPath":"/etc/web"}': { '.': {}, ...leaves('mountPath', 'name', 'readOnly') },
          },
        },
      },
      ...leaves(
        'dnsPolicy',
        'enableServiceLinks',
        'restartPolicy',
        'schedulerName',
        'terminationGracePeriodSeconds',
      ),
      'f:volumes': {
        '.': {},
        'k:{"name":"config"}': {
          '.': {},
          'f:configMap': { '.': {}, ...leaves('defaultMode', 'name') },
          'f:name': {},
        },
      },
    },
  };
}

function kubeletFields(): Record<string, unknown> {
  const condition = (type: string) => [
    `k:{"type":"${type}"}`,
    { '.': {}, ...leaves('lastProbeTime', 'lastTransitionTime', 'status', 'type') },
  ];
  return {
    'f:status': {
      'f:conditions': Object.fromEntries(
        ['ContainersReady', 'Initialized', 'PodScheduled', 'Ready'].map(condition),
      ),
      ...leaves('containerStatuses', 'hostIP', 'hostIPs', 'phase', 'podIP', 'startTime'),
      'f:podIPs': { '.': {}, 'k:{"ip":"10.244.1.17"}': { '.': {}, 'f:ip': {} } },
    },
  };
}

/** What differs between two bench pods of one namespace; everything else is equal. */
export interface PodVariables {
  name: string;
  nodeName: string;
  hostIP: string;
  podIP: string;
  containerID: string;
}

/** The variables of the pod numbered `i` (named `name`). */
export function podVariables(
  i: number,
  name = `web-7d9f8c6b5-${i.toString(36).padStart(5, '0')}`,
): PodVariables {
  return {
    name,
    nodeName: `node-${i % 50}`,
    hostIP: `172.18.0.${(i % 50) + 2}`,
    podIP: `10.244.${(i >> 8) & 255}.${i & 255}`,
    containerID: `containerd://${i.toString(16).padStart(64, '0')}`,
  };
}

/**
 * Writes `v` into `pod` (a bench pod as built or as the server stored it), in place: the bulk
 * seeding turns a copy of one stored pod into another this way.
 */
export function setPodVariables(pod: BenchPod, v: PodVariables): BenchPod {
  pod.metadata!.name = v.name;
  pod.spec.nodeName = v.nodeName;
  const status = pod.status as {
    hostIP: string;
    hostIPs: Array<{ ip: string }>;
    podIP: string;
    podIPs: Array<{ ip: string }>;
    containerStatuses: Array<{ containerID: string }>;
  };
  status.hostIP = v.hostIP;
  status.hostIPs = [{ ip: v.hostIP }];
  status.podIP = v.podIP;
  status.podIPs = [{ ip: v.podIP }];
  status.containerStatuses[0]!.containerID = v.containerID;
  return pod;
}

/**
 * The pod numbered `i` in `namespace`, with managedFields and a Running status, owned by the
 * ReplicaSet whose uid is `ownerUid`.
 */
export function benchPod(i: number, namespace: string, ownerUid: string, name?: string): BenchPod {
  const v = podVariables(i, name);
  const condition = (type: string) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: time,
  });
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: v.name,
      generateName: 'web-7d9f8c6b5-',
      namespace,
      labels: { app: 'web', tier: 'frontend', 'pod-template-hash': '7d9f8c6b5' },
      annotations: { 'kubectl.kubernetes.io/restartedAt': time },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web-7d9f8c6b5',
          uid: ownerUid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
      managedFields: [
        {
          manager: 'kube-controller-manager',
          operation: 'Update',
          apiVersion: 'v1',
          time,
          fieldsType: 'FieldsV1',
          fieldsV1: controllerFields(ownerUid),
        },
        {
          manager: 'kubelet',
          operation: 'Update',
          apiVersion: 'v1',
          time,
          fieldsType: 'FieldsV1',
          fieldsV1: kubeletFields(),
          subresource: 'status',
        },
      ],
    },
    spec: {
      containers: [
        {
          name: 'web',
          image: 'registry.example.com/shop/web:1.24.3',
          imagePullPolicy: 'IfNotPresent',
          ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [{ name: 'LOG_LEVEL', value: 'info' }],
          resources: {
            limits: { cpu: '500m', memory: '256Mi' },
            requests: { cpu: '100m', memory: '128Mi' },
          },
          readinessProbe: {
            httpGet: { path: '/healthz', port: 8080, scheme: 'HTTP' },
            periodSeconds: 10,
            timeoutSeconds: 1,
          },
          volumeMounts: [
            { name: 'config', mountPath: '/etc/web', readOnly: true },
            {
              name: 'kube-api-access-x7k2p',
              mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
              readOnly: true,
            },
          ],
          terminationMessagePath: '/dev/termination-log',
          terminationMessagePolicy: 'File',
        },
      ],
      volumes: [
        { name: 'config', configMap: { name: 'web-config', defaultMode: 420 } },
        {
          name: 'kube-api-access-x7k2p',
          projected: {
            defaultMode: 420,
            sources: [{ serviceAccountToken: { expirationSeconds: 3607, path: 'token' } }],
          },
        },
      ],
      nodeName: v.nodeName,
      serviceAccountName: 'default',
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
    },
    status: {
      phase: 'Running',
      conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
      hostIP: v.hostIP,
      hostIPs: [{ ip: v.hostIP }],
      podIP: v.podIP,
      podIPs: [{ ip: v.podIP }],
      startTime: time,
      containerStatuses: [
        {
          name: 'web',
          state: { running: { startedAt: time } },
          lastState: {},
          ready: true,
          restartCount: 0,
          image: 'registry.example.com/shop/web:1.24.3',
          imageID:
            'registry.example.com/shop/web@sha256:5f0c2e3a1b9d8c7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e',
          containerID: v.containerID,
          started: true,
        },
      ],
      qosClass: 'Burstable',
    },
  };
}

/** The body a client sends to create pod `i`: no server-set metadata, status or managedFields. */
export function createBody(i: number, namespace: string, ownerUid: string, name: string): BenchPod {
  const { metadata, spec } = benchPod(i, namespace, ownerUid, name);
  const { managedFields: _m, generateName: _g, ...meta } = metadata!;
  return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec };
}
