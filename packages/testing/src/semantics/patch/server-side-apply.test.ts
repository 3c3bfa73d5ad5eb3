import { newApplyConflictError } from './managed-fields';
import { PatchError } from './patch-error';
import { recordUpdateManager, serverSideApply } from './server-side-apply';

const now = new Date('2024-05-06T07:08:09.123Z');
const later = new Date('2024-05-06T08:00:00Z');
const deploymentGvk = { group: 'apps', kind: 'Deployment' };

function deployment(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', ...metadata },
    spec,
  };
}
function containers(...cs: Array<Record<string, unknown>>) {
  return { template: { spec: { containers: cs } } };
}
function apply(live: unknown, applied: unknown, manager: string, force = false) {
  return serverSideApply({
    live,
    applied,
    manager,
    force,
    apiVersion: 'apps/v1',
    now,
    gvk: deploymentGvk,
  });
}
function fieldsOf(obj: { metadata?: unknown }, manager: string) {
  const entries =
    (obj.metadata as { managedFields?: Array<{ manager: string; fieldsV1: unknown }> })
      .managedFields ?? [];
  return entries.find((e) => e.manager === manager)?.fieldsV1;
}

describe('serverSideApply', () => {
  it('creates an object and records an Apply entry (kube docs ConfigMap example)', () => {
    const cm = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'test-cm', namespace: 'default', labels: { 'test-label': 'test' } },
      data: { key: 'some value' },
    };
    const { object, conflicts } = serverSideApply({
      live: null,
      applied: cm,
      manager: 'kubectl',
      apiVersion: 'v1',
      now,
    });
    expect(conflicts).toEqual([]);
    expect(object).toEqual({
      ...cm,
      metadata: {
        ...cm.metadata,
        managedFields: [
          {
            manager: 'kubectl',
            operation: 'Apply',
            apiVersion: 'v1',
            time: '2024-05-06T07:08:09Z',
            fieldsType: 'FieldsV1',
            fieldsV1: {
              'f:metadata': { 'f:labels': { 'f:test-label': {} } },
              'f:data': { 'f:key': {} },
            },
          },
        ],
      },
    });
  });

  it('keys containers by name and sets by value in FieldsV1', () => {
    const { object } = apply(
      null,
      deployment(
        {
          replicas: 2,
          ...containers({
            name: 'web',
            image: 'nginx',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
          }),
        },
        { finalizers: ['a'] },
      ),
      'mgr',
    );
    expect(fieldsOf(object, 'mgr')).toEqual({
      'f:metadata': { 'f:finalizers': { 'v:"a"': {} } },
      'f:spec': {
        'f:replicas': {},
        'f:template': {
          'f:spec': {
            'f:containers': {
              'k:{"name":"web"}': {
                '.': {},
                'f:name': {},
                'f:image': {},
                'f:ports': {
                  'k:{"containerPort":80,"protocol":"TCP"}': {
                    '.': {},
                    'f:containerPort': {},
                    'f:protocol': {},
                  },
                },
              },
            },
          },
        },
      },
    });
  });

  it('conflicts when another applier owns a field with a different value', () => {
    const first = apply(null, deployment({ replicas: 3 }), 'alice').object;
    const { object, conflicts } = apply(first, deployment({ replicas: 5 }), 'bob');
    expect(conflicts).toEqual([
      {
        manager: 'alice',
        operation: 'Apply',
        apiVersion: 'apps/v1',
        subresource: undefined,
        field: '.spec.replicas',
      },
    ]);
    expect(object).toEqual(first);
    const err = newApplyConflictError(conflicts);
    expect(err.code).toBe(409);
    expect(err.reason).toBe('Conflict');
    expect(err.message).toBe('Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    expect(err.status.details?.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' },
    ]);
  });

  it('shares ownership when the value is the same', () => {
    const first = apply(null, deployment({ replicas: 3 }), 'alice').object;
    const { object, conflicts } = apply(first, deployment({ replicas: 3 }), 'bob');
    expect(conflicts).toEqual([]);
    expect(fieldsOf(object, 'alice')).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(fieldsOf(object, 'bob')).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('takes ownership with force', () => {
    const first = apply(null, deployment({ replicas: 3, paused: false }), 'alice').object;
    const { object, conflicts } = apply(first, deployment({ replicas: 5 }), 'bob', true);
    expect(conflicts).toEqual([]);
    expect((object.spec as { replicas: number }).replicas).toBe(5);
    expect(fieldsOf(object, 'alice')).toEqual({ 'f:spec': { 'f:paused': {} } });
    expect(fieldsOf(object, 'bob')).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });

  it('conflicts with an Update manager naming its apiVersion', () => {
    const created = apply(null, deployment({ replicas: 1 }), 'kubectl').object;
    const scaled = recordUpdateManager({
      live: created,
      updated: { ...created, spec: { replicas: 4 } },
      manager: 'kube-controller-manager',
      apiVersion: 'apps/v1',
      now: later,
      gvk: deploymentGvk,
    });
    expect(fieldsOf(scaled, 'kubectl')).toBeUndefined();
    expect(fieldsOf(scaled, 'kube-controller-manager')).toEqual({ 'f:spec': { 'f:replicas': {} } });
    const { conflicts } = apply(scaled, deployment({ replicas: 1 }), 'kubectl');
    expect(newApplyConflictError(conflicts).message).toBe(
      'Apply failed with 1 conflict: conflict with "kube-controller-manager" using apps/v1: .spec.replicas',
    );
  });

  it('lists several conflicts grouped by manager', () => {
    const a = apply(null, deployment({ replicas: 1, paused: true }), 'a').object;
    const b = apply(a, deployment({ minReadySeconds: 5 }), 'b').object;
    const { conflicts } = apply(
      b,
      deployment({ replicas: 2, paused: false, minReadySeconds: 6 }),
      'c',
    );
    expect(newApplyConflictError(conflicts).message).toBe(
      'Apply failed with 3 conflicts: conflicts with "a":\n- .spec.paused\n- .spec.replicas\nconflicts with "b":\n- .spec.minReadySeconds',
    );
  });

  it('removes fields the manager applied before and omits now', () => {
    const first = apply(
      null,
      deployment({ replicas: 1, paused: true }, { labels: { a: '1', b: '2' } }),
      'mgr',
    ).object;
    const { object } = apply(first, deployment({ replicas: 1 }, { labels: { a: '1' } }), 'mgr');
    expect(object.spec).toEqual({ replicas: 1 });
    expect((object.metadata as { labels: unknown }).labels).toEqual({ a: '1' });
  });

  it('keeps omitted fields another manager also owns', () => {
    const first = apply(null, deployment({ replicas: 1, paused: true }), 'a').object;
    const shared = apply(first, deployment({ paused: true }), 'b').object;
    const { object } = apply(shared, deployment({ replicas: 1 }), 'a');
    expect(object.spec).toEqual({ replicas: 1, paused: true });
    expect(fieldsOf(object, 'b')).toEqual({ 'f:spec': { 'f:paused': {} } });
  });

  it('merges containers of different managers by name and removes only its own', () => {
    const a = apply(null, deployment(containers({ name: 'web', image: 'nginx' })), 'a').object;
    const ab = apply(a, deployment(containers({ name: 'sidecar', image: 'envoy' })), 'b').object;
    expect((ab.spec as any).template.spec.containers).toEqual([
      { name: 'web', image: 'nginx' },
      { name: 'sidecar', image: 'envoy' },
    ]);
    const { conflicts } = apply(
      ab,
      deployment(containers({ name: 'sidecar', image: 'envoy:2' })),
      'a',
    );
    expect(conflicts.map((c) => c.field)).toEqual([
      '.spec.template.spec.containers[name="sidecar"].image',
    ]);
    const dropped = apply(ab, deployment(containers()), 'b').object;
    expect((dropped.spec as any).template.spec.containers).toEqual([
      { name: 'web', image: 'nginx' },
    ]);
  });

  it('orders list elements as structured-merge-diff does', () => {
    const live = apply(
      null,
      deployment(containers({ name: 'a' }, { name: 'x' }, { name: 'b' })),
      'other',
    ).object;
    const { object } = apply(
      live,
      deployment(containers({ name: 'b' }, { name: 'new' }, { name: 'a' })),
      'me',
    );
    expect(
      (object.spec as any).template.spec.containers.map((c: { name: string }) => c.name),
    ).toEqual(['x', 'b', 'new', 'a']);
  });

  it('keys ports with their defaulted protocol', () => {
    const { object } = apply(
      null,
      deployment(containers({ name: 'web', ports: [{ containerPort: 80 }] })),
      'm',
    );
    const fields = fieldsOf(object, 'm') as any;
    const web = fields['f:spec']['f:template']['f:spec']['f:containers']['k:{"name":"web"}'];
    expect(Object.keys(web['f:ports'])).toEqual(['k:{"containerPort":80,"protocol":"TCP"}']);
  });

  it.each([
    [
      'an element without its key',
      containers({ image: 'x' }),
      'Internal error occurred: failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits key field "name" (and doesn\'t have default value)',
    ],
    [
      'duplicate keys',
      containers({
        name: 'a',
        env: [
          { name: 'X', value: '1' },
          { name: 'X', value: '2' },
        ],
      }),
      'Internal error occurred: failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers[name="a"].env: duplicate entries for key [name="X"]',
    ],
  ])('rejects %s with a 500 like kube', (_name, spec, message) => {
    try {
      apply(null, deployment(spec), 'm');
      throw new Error('expected a PatchError');
    } catch (e) {
      expect(PatchError.isInstance(e)).toBe(true);
      const status = (e as PatchError).toStatusError();
      expect(status.code).toBe(500);
      expect(status.message).toBe(message);
    }
  });

  it('records existing fields under before-first-apply', () => {
    const live = deployment({ replicas: 2 });
    const { conflicts } = apply(live, deployment({ replicas: 3 }), 'kubectl');
    expect(newApplyConflictError(conflicts).message).toBe(
      'Apply failed with 1 conflict: conflict with "before-first-apply" using apps/v1: .spec.replicas',
    );
  });

  it('merges custom resource lists by x-kubernetes-list-map-keys and replaces atomic ones', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            workers: {
              type: 'array',
              'x-kubernetes-list-type': 'map' as const,
              'x-kubernetes-list-map-keys': ['name'],
              items: {
                type: 'object',
                properties: { name: { type: 'string' }, gpus: { type: 'integer' } },
              },
            },
            args: { type: 'array', items: { type: 'string' } },
          },
        },
      },
    };
    const cr = (spec: unknown) => ({
      apiVersion: 'kubeflow.org/v1',
      kind: 'TFJob',
      metadata: { name: 'j' },
      spec,
    });
    const opts = { apiVersion: 'kubeflow.org/v1', now, schema };
    const a = serverSideApply({
      ...opts,
      live: null,
      applied: cr({ workers: [{ name: 'w0', gpus: 1 }], args: ['x'] }),
      manager: 'a',
    }).object;
    const ab = serverSideApply({
      ...opts,
      live: a,
      applied: cr({ workers: [{ name: 'w1', gpus: 2 }] }),
      manager: 'b',
    });
    expect(ab.conflicts).toEqual([]);
    expect((ab.object.spec as any).workers).toEqual([
      { name: 'w0', gpus: 1 },
      { name: 'w1', gpus: 2 },
    ]);
    const c = serverSideApply({
      ...opts,
      live: ab.object,
      applied: cr({ args: ['y'] }),
      manager: 'c',
    });
    expect(c.conflicts.map((x) => x.field)).toEqual(['.spec.args']);
  });

  it('neither applies nor tracks fields the endpoint resets', () => {
    const live = apply(null, deployment({ replicas: 1 }), 'kubectl').object;
    const { object } = serverSideApply({
      live,
      applied: { ...deployment({ replicas: 2 }), status: { replicas: 9 } },
      manager: 'kubectl',
      apiVersion: 'apps/v1',
      now,
      gvk: deploymentGvk,
      ignoredFields: [['status']],
    });
    expect(object.status).toBeUndefined();
    expect(fieldsOf(object, 'kubectl')).toEqual({ 'f:spec': { 'f:replicas': {} } });
  });
});

describe('recordUpdateManager', () => {
  it('ignores reset fields when comparing', () => {
    const live = { ...deployment({ replicas: 1 }), status: { replicas: 1 } };
    const obj = recordUpdateManager({
      live,
      updated: { ...deployment({ replicas: 1 }), status: { replicas: 3 } },
      manager: 'ctrl',
      apiVersion: 'apps/v1',
      now,
      gvk: deploymentGvk,
      ignoredFields: [['spec'], ['metadata']],
    });
    expect(fieldsOf(obj, 'ctrl')).toEqual({ 'f:status': { 'f:replicas': {} } });
    const main = recordUpdateManager({
      ...{ live, now, gvk: deploymentGvk, apiVersion: 'apps/v1' },
      updated: { ...live, status: { replicas: 5 } },
      manager: 'x',
      ignoredFields: [['status']],
    });
    expect((main.metadata as any).managedFields).toBeUndefined();
  });

  it('records a create as an Update entry with map entries', () => {
    const obj = recordUpdateManager({
      live: null,
      updated: deployment({ replicas: 1 }, { labels: { app: 'web' } }),
      manager: 'kubectl-create',
      apiVersion: 'apps/v1',
      now,
      gvk: deploymentGvk,
    });
    expect((obj.metadata as any).managedFields).toEqual([
      {
        manager: 'kubectl-create',
        operation: 'Update',
        apiVersion: 'apps/v1',
        time: '2024-05-06T07:08:09Z',
        fieldsType: 'FieldsV1',
        fieldsV1: {
          'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
          'f:spec': { 'f:replicas': {} },
        },
      },
    ]);
  });

  it('marks maps added whole, top-level ones included', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: '1' } };
    const obj = recordUpdateManager({
      live: null,
      updated: cm,
      manager: 'm',
      apiVersion: 'v1',
      now,
    });
    expect(fieldsOf(obj, 'm')).toEqual({ 'f:data': { '.': {}, 'f:a': {} } });
  });

  it('leaves managedFields alone when nothing changed and resets them on [{}]', () => {
    const created = recordUpdateManager({
      live: null,
      updated: deployment({ replicas: 1 }),
      manager: 'm',
      apiVersion: 'apps/v1',
      now,
      gvk: deploymentGvk,
    });
    const same = recordUpdateManager({
      live: created,
      updated: created,
      manager: 'other',
      apiVersion: 'apps/v1',
      now: later,
      gvk: deploymentGvk,
    });
    expect((same.metadata as any).managedFields).toEqual((created.metadata as any).managedFields);
    const reset = recordUpdateManager({
      live: created,
      updated: { ...created, metadata: { ...(created.metadata as object), managedFields: [{}] } },
      manager: 'm',
      apiVersion: 'apps/v1',
      now: later,
      gvk: deploymentGvk,
    });
    expect((reset.metadata as any).managedFields).toBeUndefined();
  });

  it('drops ownership of removed fields from every manager', () => {
    const applied = apply(null, deployment({ replicas: 1, paused: true }), 'kubectl').object;
    const spec = { replicas: 1 };
    const updated = recordUpdateManager({
      live: applied,
      updated: { ...applied, spec },
      manager: 'editor',
      apiVersion: 'apps/v1',
      now: later,
      gvk: deploymentGvk,
    });
    expect(fieldsOf(updated, 'kubectl')).toEqual({ 'f:spec': { 'f:replicas': {} } });
    expect(fieldsOf(updated, 'editor')).toBeUndefined();
  });
});
