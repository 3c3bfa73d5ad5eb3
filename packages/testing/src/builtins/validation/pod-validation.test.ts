/**
 * Pod validation against the answers kube-apiserver v1.34.4 gave for the same pods (the
 * differential corpus and runs against the real server): field paths, cause types, messages
 * and their order, and the diff of the pod-update Forbidden message.
 */
import { validatePodCreate, validatePodUpdate } from './pod-validation';
import type { JsonMap } from '../../semantics/json';

/** A pod as the v1 defaults leave it (what validation sees). */
function pod(spec: JsonMap): JsonMap {
  const defaulted = (list?: JsonMap[]) =>
    list?.map((c) => ({
      resources: {},
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      imagePullPolicy: 'IfNotPresent',
      ...c,
    }));
  return {
    metadata: { name: 'p', namespace: 'ns' },
    spec: {
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      securityContext: {},
      schedulerName: 'default-scheduler',
      enableServiceLinks: true,
      ...spec,
      containers: defaulted(spec.containers),
      initContainers: defaulted(spec.initContainers),
    },
  };
}

const main = { name: 'main', image: 'busybox:1.36', command: ['sleep', '3600'] };
const causes = (errs: { type: string; field?: string; detail: string }[]) =>
  errs.map((e) => [e.type, e.field, e.detail]);

describe('pod create validation', () => {
  it('requires containers', () => {
    expect(causes(validatePodCreate(pod({ containers: [] })))).toEqual([
      ['FieldValueRequired', 'spec.containers', 'Required value'],
    ]);
  });

  it('requires an image and reports duplicate container names at the second one', () => {
    expect(causes(validatePodCreate(pod({ containers: [{ name: 'c' }] })))).toEqual([
      ['FieldValueRequired', 'spec.containers[0].image', 'Required value'],
    ]);
    expect(causes(validatePodCreate(pod({ containers: [main, main] })))).toEqual([
      ['FieldValueDuplicate', 'spec.containers[1].name', 'Duplicate value: "main"'],
    ]);
  });

  it('checks port names as IANA service names before the port range', () => {
    const ports = [{ containerPort: 70000, name: 'Bad_Port', protocol: 'TCP' }];
    expect(causes(validatePodCreate(pod({ containers: [{ ...main, ports }] })))).toEqual([
      [
        'FieldValueInvalid',
        'spec.containers[0].ports[0].name',
        'Invalid value: "Bad_Port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      ],
      [
        'FieldValueInvalid',
        'spec.containers[0].ports[0].containerPort',
        'Invalid value: 70000: must be between 1 and 65535, inclusive',
      ],
    ]);
  });

  it('names the supported restart policies', () => {
    expect(
      causes(validatePodCreate(pod({ restartPolicy: 'Sometimes', containers: [main] }))),
    ).toEqual([
      [
        'FieldValueNotSupported',
        'spec.restartPolicy',
        'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
      ],
    ]);
  });

  it('checks volume mounts against the volumes and init container names against all', () => {
    const spec = {
      volumes: [
        { name: 'data', emptyDir: {} },
        { name: 'Empty', emptyDir: {} },
      ],
      initContainers: [{ ...main, volumeMounts: [{ name: 'Empty', mountPath: '/e' }] }],
      containers: [{ ...main, volumeMounts: [{ name: 'data', mountPath: '/d' }] }],
    };
    expect(causes(validatePodCreate(pod(spec)))).toEqual([
      [
        'FieldValueInvalid',
        'spec.volumes[1].name',
        `Invalid value: "Empty": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
      ['FieldValueNotFound', 'spec.initContainers[0].volumeMounts[0].name', 'Not found: "Empty"'],
      ['FieldValueDuplicate', 'spec.initContainers[0].name', 'Duplicate value: "main"'],
    ]);
  });

  it('accepts a valid pod', () => {
    expect(validatePodCreate(pod({ containers: [main] }))).toEqual([]);
  });
});

describe('pod update validation', () => {
  const old = pod({
    containers: [{ ...main, image: 'busybox:1.37' }],
    tolerations: [{ key: 'a', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
  });

  it('allows new images, added tolerations and a lower activeDeadlineSeconds', () => {
    const next = structuredClone(old);
    next.spec.containers[0].image = 'busybox:1.38';
    next.spec.tolerations.push({ key: 'b', operator: 'Exists' });
    next.spec.tolerations[0].tolerationSeconds = 10;
    next.spec.activeDeadlineSeconds = 60;
    expect(validatePodUpdate(next, old)).toEqual([]);
    const lower = structuredClone(next);
    lower.spec.activeDeadlineSeconds = 30;
    expect(validatePodUpdate(lower, next)).toEqual([]);
    expect(causes(validatePodUpdate(next, lower))).toEqual([
      [
        'FieldValueInvalid',
        'spec.activeDeadlineSeconds',
        'Invalid value: 60: must be less than or equal to previous value',
      ],
    ]);
  });

  it('forbids other changes with the diff of the internal specs, as kube prints it', () => {
    const next = structuredClone(old);
    next.spec.restartPolicy = 'Never';
    next.spec.containers[0].image = 'busybox:1.38';
    const [err, ...rest] = validatePodUpdate(next, old);
    expect(rest).toEqual([]);
    expect(err).toEqual({
      type: 'FieldValueForbidden',
      field: 'spec',
      detail:
        'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n' +
        '@@ -38,7 +38,7 @@\n   }\n  ],\n  "EphemeralContainers": null,\n- "RestartPolicy": "Always",\n+ "RestartPolicy": "Never",\n  "TerminationGracePeriodSeconds": 30,\n  "ActiveDeadlineSeconds": null,\n  "DNSPolicy": "ClusterFirst",\n',
    });
  });

  it('forbids adding containers and changing existing tolerations', () => {
    const more = structuredClone(old);
    more.spec.containers.push({ ...old.spec.containers[0], name: 'second' });
    expect(causes(validatePodUpdate(more, old))).toEqual([
      [
        'FieldValueForbidden',
        'spec.containers',
        'Forbidden: pod updates may not add or remove containers',
      ],
    ]);
    const changed = structuredClone(old);
    changed.spec.tolerations[0].effect = 'NoSchedule';
    delete changed.spec.tolerations[0].tolerationSeconds;
    expect(causes(validatePodUpdate(changed, old)).slice(0, 1)).toEqual([
      [
        'FieldValueForbidden',
        'spec.tolerations',
        'Forbidden: existing toleration can not be modified except its tolerationSeconds',
      ],
    ]);
  });
});
