import {
  applyStrategicMergePatch,
  supportsStrategicMergePatch,
  unsupportedStrategicMergePatch,
} from './strategic-merge-patch';
import { PatchError } from './patch-error';

const deployment = { group: 'apps', kind: 'Deployment' };
const pod = { group: '', kind: 'Pod' };

function deploy(spec: Record<string, unknown>) {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec };
}
function tpl(podSpec: Record<string, unknown>) {
  return deploy({ replicas: 1, template: { metadata: { labels: { app: 'web' } }, spec: podSpec } });
}

describe('applyStrategicMergePatch', () => {
  // Cases follow "Update API Objects in Place Using kubectl patch" and the strategicpatch tests.
  const cases: Array<[string, { group: string; kind: string }, unknown, unknown, unknown]> = [
    [
      'merges containers by name (kubectl patch docs: patch-file-containers)',
      deployment,
      tpl({ containers: [{ name: 'web', image: 'nginx' }] }),
      { spec: { template: { spec: { containers: [{ name: 'redis', image: 'redis' }] } } } },
      tpl({
        containers: [
          { name: 'web', image: 'nginx' },
          { name: 'redis', image: 'redis' },
        ],
      }),
    ],
    [
      'merges into the container with the same name',
      deployment,
      tpl({ containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] }),
      { spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:2' }] } } } },
      tpl({ containers: [{ name: 'web', image: 'nginx:2', ports: [{ containerPort: 80 }] }] }),
    ],
    [
      'replaces tolerations (no patch strategy)',
      deployment,
      tpl({ containers: [], tolerations: [{ key: 'a', effect: 'NoSchedule' }] }),
      { spec: { template: { spec: { tolerations: [{ key: 'b', effect: 'NoSchedule' }] } } } },
      tpl({ containers: [], tolerations: [{ key: 'b', effect: 'NoSchedule' }] }),
    ],
    [
      'merges env by name and ports by containerPort inside a container',
      pod,
      {
        spec: {
          containers: [
            {
              name: 'c',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '2' },
              ],
              ports: [{ containerPort: 80, name: 'http' }],
            },
          ],
        },
      },
      {
        spec: {
          containers: [
            {
              name: 'c',
              env: [
                { name: 'B', value: '3' },
                { name: 'C', value: '4' },
              ],
              ports: [{ containerPort: 443 }],
            },
          ],
        },
      },
      {
        spec: {
          containers: [
            {
              name: 'c',
              env: [
                { name: 'A', value: '1' },
                { name: 'B', value: '3' },
                { name: 'C', value: '4' },
              ],
              ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }],
            },
          ],
        },
      },
    ],
    [
      'merges volumeMounts by mountPath and volumes by name',
      pod,
      {
        spec: {
          volumes: [{ name: 'a', emptyDir: {} }],
          containers: [{ name: 'c', volumeMounts: [{ mountPath: '/a', name: 'a' }] }],
        },
      },
      {
        spec: {
          volumes: [{ name: 'b', emptyDir: {} }],
          containers: [{ name: 'c', volumeMounts: [{ mountPath: '/a', readOnly: true }] }],
        },
      },
      {
        spec: {
          volumes: [
            { name: 'a', emptyDir: {} },
            { name: 'b', emptyDir: {} },
          ],
          containers: [
            { name: 'c', volumeMounts: [{ mountPath: '/a', name: 'a', readOnly: true }] },
          ],
        },
      },
    ],
    [
      'replaces a list with $patch: replace',
      deployment,
      tpl({
        containers: [
          { name: 'a', image: 'a' },
          { name: 'b', image: 'b' },
        ],
      }),
      {
        spec: {
          template: { spec: { containers: [{ name: 'c', image: 'c' }, { $patch: 'replace' }] } },
        },
      },
      tpl({ containers: [{ name: 'c', image: 'c' }] }),
    ],
    [
      'deletes a list element with $patch: delete',
      deployment,
      tpl({
        containers: [
          { name: 'a', image: 'a' },
          { name: 'b', image: 'b' },
        ],
      }),
      { spec: { template: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } } } },
      tpl({ containers: [{ name: 'b', image: 'b' }] }),
    ],
    [
      'replaces a map with $patch: replace',
      pod,
      { metadata: { labels: { a: '1', b: '2' } } },
      { metadata: { labels: { c: '3', $patch: 'replace' } } },
      { metadata: { labels: { c: '3' } } },
    ],
    [
      'empties a map with $patch: delete',
      pod,
      { metadata: { labels: { a: '1' } }, spec: { nodeSelector: { disk: 'ssd' } } },
      { spec: { nodeSelector: { $patch: 'delete' } } },
      { metadata: { labels: { a: '1' } }, spec: { nodeSelector: {} } },
    ],
    [
      'clears other keys with $retainKeys (deployment strategy Recreate, kubectl patch docs)',
      deployment,
      deploy({
        strategy: {
          type: 'RollingUpdate',
          rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
        },
      }),
      { spec: { strategy: { $retainKeys: ['type'], type: 'Recreate' } } },
      deploy({ strategy: { type: 'Recreate' } }),
    ],
    [
      'deletes values with $deleteFromPrimitiveList',
      pod,
      { metadata: { finalizers: ['a', 'b', 'c'] } },
      { metadata: { ['$deleteFromPrimitiveList/finalizers']: ['b'] } },
      { metadata: { finalizers: ['a', 'c'] } },
    ],
    [
      'merges finalizers as a set',
      pod,
      { metadata: { finalizers: ['a', 'b'] } },
      { metadata: { finalizers: ['b', 'c'] } },
      { metadata: { finalizers: ['a', 'b', 'c'] } },
    ],
    [
      'merges ownerReferences by uid',
      pod,
      { metadata: { ownerReferences: [{ uid: '1', name: 'a', kind: 'ReplicaSet' }] } },
      {
        metadata: {
          ownerReferences: [
            { uid: '1', controller: true },
            { uid: '2', name: 'b' },
          ],
        },
      },
      {
        metadata: {
          ownerReferences: [
            { uid: '1', name: 'a', kind: 'ReplicaSet', controller: true },
            { uid: '2', name: 'b' },
          ],
        },
      },
    ],
    [
      'orders elements with $setElementOrder',
      pod,
      { spec: { containers: [{ name: 'a' }, { name: 'b' }] } },
      {
        spec: {
          ['$setElementOrder/containers']: [{ name: 'c' }, { name: 'b' }, { name: 'a' }],
          containers: [{ name: 'c' }],
        },
      },
      { spec: { containers: [{ name: 'c' }, { name: 'b' }, { name: 'a' }] } },
    ],
    [
      'deletes keys set to null',
      pod,
      { metadata: { labels: { a: '1', b: '2' } } },
      { metadata: { labels: { a: null } } },
      { metadata: { labels: { b: '2' } } },
    ],
    [
      'merges pod conditions by type',
      pod,
      {
        status: {
          conditions: [
            { type: 'Ready', status: 'False' },
            { type: 'Initialized', status: 'True' },
          ],
        },
      },
      { status: { conditions: [{ type: 'Ready', status: 'True' }] } },
      {
        status: {
          conditions: [
            { type: 'Ready', status: 'True' },
            { type: 'Initialized', status: 'True' },
          ],
        },
      },
    ],
    [
      'merges service ports by port',
      { group: '', kind: 'Service' },
      { spec: { ports: [{ port: 80, targetPort: 8080 }] } },
      { spec: { ports: [{ port: 80, name: 'http' }, { port: 443 }] } },
      { spec: { ports: [{ port: 80, targetPort: 8080, name: 'http' }, { port: 443 }] } },
    ],
    [
      'merges containers of a CronJob job template',
      { group: 'batch', kind: 'CronJob' },
      {
        spec: {
          jobTemplate: {
            spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }] } } },
          },
        },
      },
      {
        spec: {
          jobTemplate: {
            spec: { template: { spec: { containers: [{ name: 'a', image: 'y' }] } } },
          },
        },
      },
      {
        spec: {
          jobTemplate: {
            spec: { template: { spec: { containers: [{ name: 'a', image: 'y' }] } } },
          },
        },
      },
    ],
    [
      'replaces lists of a kind it does not describe',
      { group: '', kind: 'ConfigMap' },
      { data: { a: '1' }, items: [1, 2] },
      { data: { b: '2' }, items: [3] },
      { data: { a: '1', b: '2' }, items: [3] },
    ],
    [
      'drops a new key whose value is $patch: delete',
      pod,
      { spec: {} },
      { spec: { nodeSelector: { $patch: 'delete' } } },
      { spec: {} },
    ],
    [
      'processes directives in values that are new',
      pod,
      { spec: {} },
      {
        spec: {
          containers: [
            { name: 'a', $patch: 'delete' },
            { name: 'b', env: null },
          ],
        },
      },
      { spec: { containers: [{ name: 'b' }] } },
    ],
  ];
  it.each(cases)('%s', (_name, gvk, doc, patch, want) => {
    const cleanPatch = JSON.parse(JSON.stringify(patch)) as unknown;
    const before = structuredClone(doc);
    expect(applyStrategicMergePatch(doc, cleanPatch, gvk)).toEqual(want);
    expect(doc).toEqual(before);
  });

  const errors: Array<[string, unknown, string, number, string]> = [
    [
      'an element without its merge key',
      { spec: { containers: [{ image: 'x' }] } },
      'MergeFailed',
      500,
      'Internal error occurred: map: map[image:x] does not contain declared merge key: name',
    ],
    [
      'lists of lists',
      { spec: { containers: [[1]] } },
      'InvalidStrategicMerge',
      422,
      'the server rejected our request due to an error in our request',
    ],
    [
      'content outside $retainKeys',
      { spec: { $retainKeys: ['a'], b: 1 } },
      'InvalidStrategicMerge',
      422,
      'the server rejected our request due to an error in our request',
    ],
    [
      'a malformed $deleteFromPrimitiveList',
      { metadata: { ['$deleteFromPrimitiveList/finalizers']: 'a' } },
      'MalformedPatch',
      400,
      'invalid patch format of primitive list',
    ],
    [
      'an unknown $patch',
      { metadata: { labels: { $patch: 'frob' } } },
      'MergeFailed',
      500,
      'Internal error occurred: unknown patch type: frob in map: map[$patch:frob]',
    ],
    [
      '$patch: merge on a map, which kube does not accept either',
      { metadata: { labels: { $patch: 'merge', a: 'b' } } },
      'MergeFailed',
      500,
      'Internal error occurred: unknown patch type: merge in map: map[$patch:merge a:b]',
    ],
  ];
  it.each(errors)('rejects %s', (_name, patch, reason, code, message) => {
    try {
      applyStrategicMergePatch({ spec: { containers: [] } }, patch, pod);
      throw new Error('expected a PatchError');
    } catch (e) {
      expect(PatchError.isInstance(e)).toBe(true);
      expect((e as PatchError).reason).toBe(reason);
      const status = (e as PatchError).toStatusError();
      expect(status.code).toBe(code);
      expect(status.message).toBe(message);
    }
  });

  it('is refused for custom resources with 415', () => {
    expect(supportsStrategicMergePatch({ group: 'apps' })).toBe(true);
    expect(supportsStrategicMergePatch({ group: '' })).toBe(true);
    expect(supportsStrategicMergePatch({ group: 'coordination.k8s.io' })).toBe(true);
    expect(supportsStrategicMergePatch({ group: 'kubeflow.org' })).toBe(false);
    const status = unsupportedStrategicMergePatch().toStatusError();
    expect(status.code).toBe(415);
    expect(status.reason).toBe('UnsupportedMediaType');
    expect(status.message).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
    );
  });
});
